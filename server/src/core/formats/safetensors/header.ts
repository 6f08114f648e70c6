// Reads a safetensors header: the u64 little-endian JSON length, the JSON itself (strictly, with
// duplicate keys reported), and the tensor entries. Only the header is read, never tensor data.
import type { ByteSource } from '../../io/byteSource';
import { DUPLICATE_HEADER_KEY, SAFETENSORS_MALFORMED } from '../../rules/safetensors';
import { isJsonObject, parseJson, type JsonValue } from '../json/strictJson';
import { tensorPointer, type Problem, type SafetensorsHeader, type SafetensorsTensor } from './types';

export interface HeaderRead {
  header?: SafetensorsHeader;
  problems: Problem[];
  /** Set when the declared header is larger than `maxHeaderBytes` (nothing was read). */
  overLimit?: { declared: bigint };
}

const MAX_SHAPE_RANK = 1024;
const ENTRY_FIELDS = new Set(['dtype', 'shape', 'data_offsets']);

export function readSafetensorsHeader(src: ByteSource, maxHeaderBytes: number): HeaderRead {
  const problems: Problem[] = [];
  const bad = (message: string, offset = 0, length?: number, evidence?: string): HeaderRead => {
    problems.push({ rule: SAFETENSORS_MALFORMED, init: { message, location: { kind: 'bytes', offset, length }, evidence } });
    return { problems };
  };
  if (src.size < 8) return bad(`The file is ${src.size} bytes: too short for the 8-byte header length.`);
  const lenBytes = src.read(0, 8);
  const declared = new DataView(lenBytes.buffer, lenBytes.byteOffset, 8).getBigUint64(0, true);
  const available = BigInt(src.size - 8);
  if (declared > available) {
    return bad(`The header length (${declared} bytes) is larger than the rest of the file (${available} bytes).`, 0, 8, `header length ${declared}`);
  }
  if (declared > BigInt(maxHeaderBytes)) return { problems, overLimit: { declared } };
  const headerLength = Number(declared);
  if (headerLength < 2) return bad(`The header length is ${headerLength}: too short for a JSON object.`, 0, 8);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(src.read(8, headerLength));
  } catch {
    return bad('The header is not valid UTF-8.', 8, headerLength);
  }
  const parsed = parseJson(text);
  const byteAt = (charIndex: number): number => 8 + Buffer.byteLength(text.slice(0, charIndex), 'utf8');
  for (const d of parsed.duplicates) {
    problems.push({
      rule: DUPLICATE_HEADER_KEY,
      init: {
        message: `The key "${d.key}" appears more than once in ${d.pointer === '/' ? 'the header' : d.pointer}; JSON readers disagree on which copy wins.`,
        location: { kind: 'bytes', offset: byteAt(d.offset), length: Buffer.byteLength(JSON.stringify(d.key)) },
        evidence: `${d.pointer} "${d.key}"`,
      },
    });
  }
  if (parsed.error) return bad(`The header is not valid JSON: ${parsed.error.message}.`, byteAt(parsed.error.offset), 1, snippet(text, parsed.error.offset));
  if (!isJsonObject(parsed.value)) return bad('The header is valid JSON but not an object.', 8, headerLength);
  const header: SafetensorsHeader = { headerLength, dataStart: 8 + headerLength, tensors: [] };
  for (const [name, entry] of parsed.value) {
    if (name === '__metadata__') {
      if (isJsonObject(entry)) header.metadata = entry;
      else header.metadataNotObject = true;
      continue;
    }
    const t = readTensorEntry(name, entry, problems);
    if (t) header.tensors.push(t);
  }
  return { header, problems };
}

function readTensorEntry(name: string, entry: JsonValue, problems: Problem[]): SafetensorsTensor | undefined {
  const location = { kind: 'pointer' as const, pointer: tensorPointer(name) };
  const bad = (message: string, severity?: 'low'): undefined => {
    problems.push({ rule: SAFETENSORS_MALFORMED, init: { message: `Tensor "${name}": ${message}`, location, severity } });
    return undefined;
  };
  if (!isJsonObject(entry)) return bad('the entry is not an object.');
  const extra = [...entry.keys()].filter((k) => !ENTRY_FIELDS.has(k));
  if (extra.length > 0) bad(`unexpected field(s) ${extra.slice(0, 5).map((k) => JSON.stringify(k)).join(', ')}.`, 'low');
  const dtype = entry.get('dtype');
  if (typeof dtype !== 'string') return bad('`dtype` is missing or not a string.');
  const shape = nonNegativeInts(entry.get('shape'));
  if (!shape) return bad('`shape` is missing or not an array of non-negative integers.');
  if (shape.length > MAX_SHAPE_RANK) return bad(`\`shape\` has ${shape.length} dimensions.`);
  const offsets = nonNegativeInts(entry.get('data_offsets'));
  if (!offsets || offsets.length !== 2) return bad('`data_offsets` is missing or not a pair of non-negative integers.');
  return { name, dtype, shape, begin: offsets[0]!, end: offsets[1]! };
}

function nonNegativeInts(v: JsonValue | undefined): bigint[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: bigint[] = [];
  for (const x of v) {
    const n = typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof Map) ? x.toBigInt() : undefined;
    if (n === undefined || n < 0n) return undefined;
    out.push(n);
  }
  return out;
}

function snippet(text: string, at: number): string {
  return JSON.stringify(text.slice(Math.max(0, at - 20), at + 20));
}

