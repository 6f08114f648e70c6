// Iteration over the fields of one protobuf message in [start, end) of a source. A field is
// described by where its value lies; nothing of a length-delimited value is read here.
import { WireReader } from './reader';

export const WIRE_VARINT = 0;
export const WIRE_I64 = 1;
export const WIRE_LEN = 2;
export const WIRE_I32 = 5;

export interface ProtoField {
  num: number;
  wire: number;
  /** Offset of the tag. */
  offset: number;
  /** Value bytes [start, end): the payload of a LEN field, or the encoded varint / fixed value. */
  start: number;
  end: number;
  /** Decoded value of a varint field. */
  value: number;
}

export interface WireProblem {
  offset: number;
  reason: string;
}

/**
 * Calls `visit` for every field of the message in [start, end). Returns the first wire problem
 * (the message's remaining fields are not visited), or undefined. Groups (wire 3/4) are not
 * used by ONNX or TensorFlow and are a problem.
 */
export function forEachField(r: WireReader, start: number, end: number, visit: (f: ProtoField) => void): WireProblem | undefined {
  let pos = start;
  while (pos < end) {
    const tag = r.varint(pos, end);
    if (!tag) return { offset: pos, reason: 'truncated field tag' };
    const num = Math.floor(tag.value / 8);
    const wire = tag.value & 7;
    if (num <= 0 || tag.value < 0) return { offset: pos, reason: `invalid field number ${num}` };
    const f = { num, wire, offset: pos, start: tag.next, end: tag.next, value: 0 };
    switch (wire) {
      case WIRE_VARINT: {
        const v = r.varint(tag.next, end);
        if (!v) return { offset: tag.next, reason: `truncated varint in field ${num}` };
        f.value = v.value;
        f.end = v.next;
        break;
      }
      case WIRE_I64:
        f.end = tag.next + 8;
        break;
      case WIRE_I32:
        f.end = tag.next + 4;
        break;
      case WIRE_LEN: {
        const n = r.varint(tag.next, end);
        if (!n) return { offset: tag.next, reason: `truncated length of field ${num}` };
        if (n.value < 0 || n.next + n.value > end) {
          return { offset: pos, reason: `field ${num} claims ${n.value} bytes, only ${Math.max(0, end - n.next)} remain` };
        }
        f.start = n.next;
        f.end = n.next + n.value;
        break;
      }
      default:
        return { offset: pos, reason: `unsupported wire type ${wire} in field ${num}` };
    }
    if (f.end > end) return { offset: pos, reason: `field ${num} runs past the end of its message` };
    visit(f);
    pos = f.end;
  }
  return undefined;
}
