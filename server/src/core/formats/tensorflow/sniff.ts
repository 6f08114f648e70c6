// TensorFlow protobufs have no magic. `.pb` is shared by many formats, so a file is claimed only
// when its structure is plausible end to end: a SavedModel's top level holds only the schema
// version and MetaGraphDefs; a GraphDef's top level holds only GraphDef fields and its first
// nodes decode as NodeDefs with op names TensorFlow knows.
import type { ByteSource } from '../../io/byteSource';
import { WireReader } from '../protobuf/reader';
import { forEachField, WIRE_LEN, WIRE_VARINT, type ProtoField } from '../protobuf/fields';
import { isKnownOp } from './ops';

const MAX_TOP_FIELDS = 5_000_000;
const NODES_CHECKED = 16;
const OP_NAME = /^[A-Za-z_][A-Za-z0-9_>.]*$/;

export function looksLikeSavedModel(head: Uint8Array, src: ByteSource): boolean {
  if (head.length < 4 || head[0] !== 0x08 || head[1] !== 0x01) return false;
  const r = new WireReader(src);
  let ok = true;
  let metaGraphs = 0;
  const problem = forEachField(r, 0, src.size, (f) => {
    if (!ok) return;
    if (f.num === 1 && f.wire === WIRE_VARINT) return;
    if (f.num !== 2 || f.wire !== WIRE_LEN || !metaGraphPlausible(r, f)) ok = false;
    else metaGraphs++;
  });
  return ok && problem === undefined && metaGraphs > 0;
}

/** MetaGraphDef fields 1..9 are all messages. */
function metaGraphPlausible(r: WireReader, f: ProtoField): boolean {
  let ok = true;
  const p = forEachField(r, f.start, f.end, (h) => {
    if (h.num < 1 || h.num > 9 || h.wire !== WIRE_LEN) ok = false;
  });
  return ok && p === undefined;
}

const GRAPH_FIELDS: Record<number, number> = { 1: WIRE_LEN, 2: WIRE_LEN, 3: WIRE_VARINT, 4: WIRE_LEN, 5: WIRE_LEN };

export function looksLikeGraphDef(head: Uint8Array, src: ByteSource): boolean {
  if (head.length < 4 || head[0] !== 0x0a) return false;
  const r = new WireReader(src);
  let ok = true;
  let count = 0;
  let known = 0;
  let checked = 0;
  const problem = forEachField(r, 0, src.size, (f) => {
    if (!ok) return;
    if (++count > MAX_TOP_FIELDS || GRAPH_FIELDS[f.num] !== f.wire) {
      ok = false;
      return;
    }
    if (f.num !== 1 || checked >= NODES_CHECKED) return;
    checked++;
    const op = nodeOp(r, f);
    if (op === undefined) ok = false;
    else if (isKnownOp(op)) known++;
  });
  return ok && problem === undefined && checked > 0 && known > 0;
}

/** The op of a NodeDef whose name and op are plausible identifiers; undefined otherwise. */
function nodeOp(r: WireReader, f: ProtoField): string | undefined {
  let name = '';
  let op = '';
  let ok = true;
  const p = forEachField(r, f.start, f.end, (h) => {
    if (h.num >= 1 && h.num <= 4 && h.wire !== WIRE_LEN) ok = false;
    else if ((h.num === 1 || h.num === 2) && h.end - h.start <= 1024) {
      const text = new TextDecoder().decode(r.bytes(h.start, h.end));
      if (h.num === 1) name = text;
      else op = text;
    }
  });
  return ok && p === undefined && name !== '' && OP_NAME.test(op) ? op : undefined;
}
