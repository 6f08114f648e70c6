// ONNX has no magic number. A ModelProto is recognised when its top-level fields, walked over
// the whole file by offset (payloads skipped), are all ModelProto fields with the right wire
// types, ir_version is plausible and a graph is present. Random bytes and other protobufs fail.
import type { ByteSource } from '../../io/byteSource';
import { WireReader } from '../protobuf/reader';
import { forEachField, WIRE_LEN, WIRE_VARINT } from '../protobuf/fields';

/** ModelProto fields and their wire types (1, 5 are varints; the rest length-delimited). */
const MODEL_FIELDS: Record<number, number> = {
  1: WIRE_VARINT, 2: WIRE_LEN, 3: WIRE_LEN, 4: WIRE_LEN, 5: WIRE_VARINT, 6: WIRE_LEN, 7: WIRE_LEN, 8: WIRE_LEN,
  14: WIRE_LEN, 20: WIRE_LEN, 25: WIRE_LEN, 26: WIRE_LEN,
};
/** IR versions so far are 1..11; leave room for a few future ones. */
const MAX_IR_VERSION = 32;
const MAX_TOP_FIELDS = 100_000;

export function looksLikeOnnx(head: Uint8Array, src: ByteSource): boolean {
  // ir_version (field 1, varint) is written first by every ONNX serializer.
  if (head.length < 4 || head[0] !== 0x08) return false;
  const r = new WireReader(src);
  let ok = true;
  let count = 0;
  let graph = false;
  let ir = 0;
  const problem = forEachField(r, 0, src.size, (f) => {
    if (!ok) return;
    if (++count > MAX_TOP_FIELDS || MODEL_FIELDS[f.num] !== f.wire) ok = false;
    else if (f.num === 1) ir = f.value;
    else if (f.num === 7) graph = true;
  });
  return ok && problem === undefined && graph && ir >= 1 && ir <= MAX_IR_VERSION;
}

/** ONNX Runtime's flatbuffer format (`.ort`) carries the identifier ORTM at bytes 4..8. */
export function isOrtFormat(head: Uint8Array): boolean {
  return head.length >= 8 && head[4] === 0x4f && head[5] === 0x52 && head[6] === 0x54 && head[7] === 0x4d;
}
