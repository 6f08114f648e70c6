// The .npy header: magic, version, header length, and the dict literal with the array's
// dtype, memory order and shape. Pure: bytes in, header or error out.
import { parseLiteral, type PyLiteral } from './literal';

export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59] as const; // \x93NUMPY

export interface NpyHeader {
  major: number;
  minor: number;
  /** Offset of the first payload byte. */
  dataOffset: number;
  descr: PyLiteral;
  fortranOrder: boolean;
  shape: number[];
  /** Any field of the dtype is a Python object: the payload is a pickle. */
  hasObjects: boolean;
  /** Bytes per element, when the dtype says (undefined for objects and unknown types). */
  itemSize?: number;
}

export type NpyParse = { ok: true; header: NpyHeader } | { ok: false; error: string; offset: number };

export function hasNpyMagic(head: Uint8Array): boolean {
  return NPY_MAGIC.every((b, i) => head[i] === b);
}

/** `head` must hold the whole header; callers read up to the header-size limit. */
export function parseNpyHeader(head: Uint8Array): NpyParse {
  if (!hasNpyMagic(head)) return { ok: false, error: 'no \\x93NUMPY magic', offset: 0 };
  if (head.length < 10) return { ok: false, error: 'truncated before the header length', offset: 6 };
  const major = head[6]!;
  const minor = head[7]!;
  if (major < 1 || major > 3) return { ok: false, error: `unknown format version ${major}.${minor}`, offset: 6 };
  const wide = major >= 2;
  const lenBytes = wide ? 4 : 2;
  const start = 8 + lenBytes;
  if (head.length < start) return { ok: false, error: 'truncated before the header length', offset: 8 };
  const headerLength = wide ? (head[8]! | (head[9]! << 8) | (head[10]! << 16)) + head[11]! * 0x1000000 : head[8]! | (head[9]! << 8);
  if (start + headerLength > head.length) return { ok: false, error: `header of ${headerLength} bytes runs past the available ${head.length - start}`, offset: 8 };
  const text = new TextDecoder(major >= 3 ? 'utf-8' : 'latin1').decode(head.subarray(start, start + headerLength));
  const lit = parseLiteral(text.trimEnd());
  if (!lit.ok) return { ok: false, error: `header literal: ${lit.error}`, offset: start + lit.at };
  if (!(lit.value instanceof Map)) return { ok: false, error: 'header is not a dictionary', offset: start };
  const descr = lit.value.get('descr');
  const shape = lit.value.get('shape');
  const fortran = lit.value.get('fortran_order');
  if (descr === undefined || shape === undefined || typeof fortran !== 'boolean') {
    return { ok: false, error: "header lacks one of 'descr', 'shape', 'fortran_order'", offset: start };
  }
  const dims = shape !== null && typeof shape === 'object' && 'tuple' in shape ? shape.tuple : undefined;
  if (!dims || !dims.every((d) => typeof d === 'number' && d >= 0)) return { ok: false, error: "'shape' is not a tuple of non-negative integers", offset: start };
  const header: NpyHeader = {
    major, minor, dataOffset: start + headerLength, descr, fortranOrder: fortran, shape: dims as number[], hasObjects: hasObjects(descr),
  };
  const size = itemSize(descr);
  if (size !== undefined) header.itemSize = size;
  return { ok: true, header };
}

/** Numpy type strings: byte order, kind letter, size (`<f4`, `|O`, `<U10`, `<M8[ns]`). */
function typeSize(t: string): number | undefined {
  const m = /^[<>|=]?([a-zA-Z])(\d*)(?:\[\w+\])?$/.exec(t);
  if (!m) return undefined;
  const kind = m[1]!;
  const n = m[2] ? Number(m[2]) : undefined;
  if (kind === 'O') return undefined;
  if (kind === 'U') return n === undefined ? undefined : 4 * n;
  if (n !== undefined) return n;
  return kind === '?' || kind === 'b' || kind === 'B' ? 1 : undefined;
}

function hasObjects(d: PyLiteral): boolean {
  if (typeof d === 'string') return /^[<>|=]?O\d*$/.test(d);
  if (Array.isArray(d)) return d.some(hasObjects);
  if (d !== null && typeof d === 'object' && 'tuple' in d) return d.tuple.slice(1).some(hasObjects);
  return false;
}

/** Structured dtypes: a list of (name, type[, shape]) fields. */
function itemSize(d: PyLiteral): number | undefined {
  if (typeof d === 'string') return typeSize(d);
  if (!Array.isArray(d)) return undefined;
  let total = 0;
  for (const f of d) {
    if (f === null || typeof f !== 'object' || !('tuple' in f)) return undefined;
    const [, t, shape] = f.tuple;
    const one = t === undefined ? undefined : itemSize(t);
    if (one === undefined) return undefined;
    const count = shape && typeof shape === 'object' && 'tuple' in shape ? shape.tuple.reduce<number>((a, b) => a * (typeof b === 'number' ? b : NaN), 1) : 1;
    if (!Number.isFinite(count)) return undefined;
    total += one * count;
  }
  return total;
}
