// TensorProto: name, type, shape and where the payload lies. Payloads are stepped over; only
// tensors of a few elements (constants for trip counts and comparisons) have their values read.
import { ProtoDecoder, WIRE_LEN, type ProtoField } from '../protobuf/decoder';
import type { OnnxTensor } from './types';

/** Payload fields at most this long are decoded into `values`. */
const SMALL_PAYLOAD = 128;
const MAX_VALUES = 16;

export function decodeTensor(d: ProtoDecoder, start: number, end: number, offset: number): OnnxTensor {
  const t: OnnxTensor = { name: '', dataType: 0, dims: [], offset, payloadBytes: 0, dataLocation: 0 };
  const pending: ProtoField[] = [];
  d.fields(start, end, (f) => {
    switch (f.num) {
      case 1: d.ints(f, t.dims); break;
      case 2: t.dataType = f.value; break;
      case 8: t.name = d.string(f); break;
      case 13: addEntry(d, f, (t.external ??= {})); break;
      case 14: t.dataLocation = f.value; break;
      case 4: case 5: case 7: case 9: case 10: case 11:
        if (f.num === 9) t.dataOffset = f.start;
        t.payloadBytes += f.end - f.start;
        pending.push(f);
        break;
      case 6:
        t.payloadBytes += f.end - f.start;
        if ((t.strings ??= []).length < 4) t.strings.push(d.string(f, 1024));
        break;
      default: break; // segment, doc_string, metadata_props
    }
  });
  const small = pending.reduce((n, f) => n + (f.end - f.start), 0) <= SMALL_PAYLOAD;
  if (small && pending.length > 0) t.values = smallValues(d, t.dataType, pending);
  return t;
}

/** StringStringEntryProto { key = 1; value = 2 }. */
export function addEntry(d: ProtoDecoder, f: ProtoField, into: Record<string, string>): { key: string; value: string } {
  let key = '';
  let value = '';
  if (f.wire === WIRE_LEN) {
    d.fields(f.start, f.end, (g) => {
      if (g.num === 1) key = d.string(g, 4096);
      else if (g.num === 2) value = d.string(g, 16 * 1024);
    });
  }
  into[key] = value;
  return { key, value };
}

function smallValues(d: ProtoDecoder, dataType: number, fields: ProtoField[]): number[] {
  const out: number[] = [];
  for (const f of fields) {
    if (f.num === 9) out.push(...rawValues(d.bytes(f), dataType));
    else if (f.num === 4) d.floats(f, out);
    else if (f.num === 10) {
      if (f.wire === WIRE_LEN) {
        const b = d.bytes(f);
        const v = new DataView(b.buffer, b.byteOffset, b.length);
        for (let i = 0; i + 8 <= b.length; i += 8) out.push(v.getFloat64(i, true));
      } else out.push(d.float64(f));
    } else d.ints(f, out); // int32_data, int64_data, uint64_data
  }
  return out.slice(0, MAX_VALUES);
}

function rawValues(b: Uint8Array, dataType: number): number[] {
  const v = new DataView(b.buffer, b.byteOffset, b.length);
  const out: number[] = [];
  const each = (size: number, get: (o: number) => number): void => {
    for (let o = 0; o + size <= b.length && out.length < MAX_VALUES; o += size) out.push(get(o));
  };
  switch (dataType) {
    case 1: each(4, (o) => v.getFloat32(o, true)); break;
    case 2: case 9: each(1, (o) => v.getUint8(o)); break;
    case 3: each(1, (o) => v.getInt8(o)); break;
    case 4: each(2, (o) => v.getUint16(o, true)); break;
    case 5: each(2, (o) => v.getInt16(o, true)); break;
    case 6: each(4, (o) => v.getInt32(o, true)); break;
    case 7: each(8, (o) => Number(v.getBigInt64(o, true))); break;
    case 11: each(8, (o) => v.getFloat64(o, true)); break;
    case 12: each(4, (o) => v.getUint32(o, true)); break;
    case 13: each(8, (o) => Number(v.getBigUint64(o, true))); break;
    default: break;
  }
  return out;
}
