// Declared sizes of HDF5 datasets, from metadata only: the element count of the shape times the
// element size, in exact integers. Keras allocates that size when it loads weights (CVE-2026-0897),
// so a size the file cannot hold is the signal; values are never read.
import type { H5DatasetSize } from './h5Types';

const U64 = 1n << 64n;

export const SIZE_LIMITS = {
  /** Uncompressed values cannot take less room than their size: allow 4x for nothing but safety. */
  plainRatio: 4n,
  /** Deflate shrinks data at most about 1032:1, so compressed values cannot beat 1100:1. */
  filteredRatio: 1100n,
  /** Below this, the allocation is harmless whatever the file size. */
  floorBytes: 64n << 20n,
  /** No Keras weight tensor comes near 1 TiB. */
  capBytes: 1n << 40n,
  /** From this declared size on, the allocation fails or swaps on ordinary machines. */
  highBytes: 1n << 30n,
} as const;

/** Largest number of oversized datasets the worker records. */
export const MAX_SIZED_DATASETS = 1000;

export interface DeclaredSize { elements: bigint; bytes: bigint; overflow: boolean }

/** Exact element count and byte size of a shape; a scalar (empty shape) holds one element. */
export function declaredSize(shape: readonly number[], elementBytes: number): DeclaredSize {
  let elements = 1n;
  for (const d of shape) elements *= BigInt(Number.isFinite(d) && d > 0 ? Math.trunc(d) : 0);
  const bytes = elements * BigInt(Math.max(0, Math.trunc(elementBytes)));
  return { elements, bytes, overflow: elements >= U64 || bytes >= U64 };
}

/** Cheap superset of what judgeDeclaredSize flags, so the worker records only these. */
export function exceedsFile(size: DeclaredSize, fileSize: number): boolean {
  const bound = BigInt(fileSize) < SIZE_LIMITS.capBytes ? BigInt(fileSize) : SIZE_LIMITS.capBytes;
  return size.overflow || size.bytes > bound;
}

const CLASS_NAMES = ['integer', 'float', 'time', 'string', 'bitfield', 'opaque', 'compound', 'reference', 'enum', 'vlen', 'array'];

/** numpy-like dtype name from h5wasm's type class (H5T_class_t), size and sign. */
export function describeDtype(type: number, size: number, signed: boolean, vlen: boolean): string {
  if (type === 0) return `${signed ? 'int' : 'uint'}${size * 8}`;
  if (type === 1) return `float${size * 8}`;
  if (type === 3) return vlen ? 'string (variable length)' : `string(${size})`;
  return `${CLASS_NAMES[type] ?? `type ${type}`} (${size} bytes)`;
}

export type SizeVerdict =
  | { kind: 'overflow' }
  | { kind: 'cap'; limit: bigint }
  | { kind: 'ratio'; limit: bigint };

/** Why a dataset's declared size is implausible for stored weights, or undefined when it is not. */
export function judgeDeclaredSize(d: H5DatasetSize, fileSize: number): SizeVerdict | undefined {
  if (d.overflow) return { kind: 'overflow' };
  if (d.declaredBytes > SIZE_LIMITS.capBytes) return { kind: 'cap', limit: SIZE_LIMITS.capBytes };
  if (d.layout === 'virtual') return undefined; // its values live in other files
  const ratio = d.filters.length > 0 ? SIZE_LIMITS.filteredRatio : SIZE_LIMITS.plainRatio;
  const relative = BigInt(fileSize) * ratio;
  const limit = relative > SIZE_LIMITS.floorBytes ? relative : SIZE_LIMITS.floorBytes;
  return d.declaredBytes > limit ? { kind: 'ratio', limit } : undefined;
}

const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** "3.6 TiB" for people; exact byte counts go in the evidence. */
export function humanBytes(n: bigint): string {
  let unit = 0;
  let v = Number(n);
  while (v >= 1024 && unit < UNITS.length - 1) {
    v /= 1024;
    unit++;
  }
  return unit === 0 ? `${n} bytes` : `${v.toFixed(1)} ${UNITS[unit]}`;
}

export function shapeText(shape: readonly number[]): string {
  return `(${shape.map((d) => (Number.isFinite(d) ? BigInt(Math.trunc(d)).toString() : String(d))).join(', ')}${shape.length === 1 ? ',' : ''})`;
}
