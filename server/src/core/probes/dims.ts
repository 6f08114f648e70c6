// Sizes for symbolic dimensions. The batch is always 1; every other free dimension starts small
// (cheap inferences) and climbs a fixed ladder when the runtime rejects the size with a shape
// error (a reflect Pad or a strided Conv needs more samples than 8, a deep CNN more pixels than
// 32). Deterministic: the same model always gets the same sizes.
import type { ImageLayout } from './types';

/** Free non-image dimensions (sequence, samples, features...). */
export const DIM_LADDER: readonly number[] = [8, 64, 512, 4096];
/** Height and width of image inputs with symbolic sides. */
export const IMAGE_LADDER: readonly number[] = [32, 64, 224];
/** A rung that would make one input larger than this is not tried (memory and time). */
export const MAX_INPUT_ELEMENTS = 1 << 22;
/** Symbolic dimension names that mean the batch wherever they appear. */
const BATCH_NAMES = /^(bs|batch|batch_?size|batches|num_?batch(es)?)$/i;

export type DimRole = 'batch' | 'channels' | 'image' | 'free';

/** What a symbolic dimension is, from its position, the input's layout and its name. */
export function dimRole(name: string, index: number, rank: number, layout: ImageLayout | undefined, batchNames: ReadonlySet<string>): DimRole {
  if ((index === 0 && rank >= 2) || BATCH_NAMES.test(name) || batchNames.has(name)) return 'batch';
  if (layout === 'NCHW') return index === 1 ? 'channels' : 'image';
  if (layout === 'NHWC') return index === 3 ? 'channels' : 'image';
  return 'free';
}

/** The size of a dimension of this role at ladder rung `rung` (the last rung repeats). */
export function dimSize(role: DimRole, rung: number): number {
  if (role === 'batch') return 1;
  if (role === 'channels') return 3;
  const ladder = role === 'image' ? IMAGE_LADDER : DIM_LADDER;
  return ladder[Math.min(rung, ladder.length - 1)]!;
}

/** Names of symbolic dimensions that sit first in some input of rank ≥ 2: the batch everywhere. */
export function batchDimNames(shapes: readonly (readonly (number | string)[])[]): Set<string> {
  const out = new Set<string>();
  for (const s of shapes) if (s.length >= 2 && typeof s[0] === 'string' && s[0] !== '?') out.add(s[0]);
  return out;
}

/**
 * Whether a runtime error says the input shape did not suit the graph (so a larger free
 * dimension may work), as opposed to a type, value or model error.
 */
export function isShapeError(message: string): boolean {
  return /shape|dimension|\bdims?\b|kernel|\bpad\b|pad reflect|broadcast|reshape|exceeds|out of (range|bounds)|too (small|short)|invalid (input )?size/i.test(message);
}
