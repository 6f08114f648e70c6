// Candidate trigger patches: solid colours at the range ends, checkerboards and seeded noise, at
// the four corners and the centre. Ordered by priority so the budget drops the least common first.
import type { PatchSpec } from './types';

interface Pattern { name: string; pattern: PatchSpec['pattern']; colour?: number[]; seed?: number }

const RGB_PATTERNS: Pattern[] = [
  { name: 'white', pattern: 'solid', colour: [1, 1, 1] },
  { name: 'black', pattern: 'solid', colour: [0, 0, 0] },
  { name: 'checker', pattern: 'checker', colour: [1] },
  { name: 'red', pattern: 'solid', colour: [1, 0, 0] },
  { name: 'green', pattern: 'solid', colour: [0, 1, 0] },
  { name: 'blue', pattern: 'solid', colour: [0, 0, 1] },
  { name: 'grey', pattern: 'solid', colour: [0.5, 0.5, 0.5] },
  { name: 'checker-inverted', pattern: 'checker', colour: [0] },
  { name: 'yellow', pattern: 'solid', colour: [1, 1, 0] },
  { name: 'magenta', pattern: 'solid', colour: [1, 0, 1] },
  { name: 'cyan', pattern: 'solid', colour: [0, 1, 1] },
  { name: 'noise-1', pattern: 'noise', seed: 101 },
  { name: 'noise-2', pattern: 'noise', seed: 202 },
];

const GREY_PATTERNS: Pattern[] = [
  { name: 'white', pattern: 'solid', colour: [1] },
  { name: 'black', pattern: 'solid', colour: [0] },
  { name: 'checker', pattern: 'checker', colour: [1] },
  { name: 'grey', pattern: 'solid', colour: [0.5] },
  { name: 'checker-inverted', pattern: 'checker', colour: [0] },
  { name: 'noise-1', pattern: 'noise', seed: 101 },
  { name: 'noise-2', pattern: 'noise', seed: 202 },
];

/** Side of a candidate patch: a fifth of the shorter image side, at least 2 pixels. */
export function patchSide(height: number, width: number): number {
  return Math.max(2, Math.round(Math.min(height, width) / 5));
}

/** Every candidate for an image of this geometry, highest priority first. */
export function candidatePatches(channels: number, height: number, width: number): PatchSpec[] {
  const s = patchSide(height, width);
  const positions: [string, number, number][] = [
    ['top-left', 0, 0],
    ['top-right', 0, width - s],
    ['bottom-left', height - s, 0],
    ['bottom-right', height - s, width - s],
    ['centre', (height - s) >> 1, (width - s) >> 1],
  ];
  const patterns = channels >= 3 ? RGB_PATTERNS : GREY_PATTERNS;
  const out: PatchSpec[] = [];
  for (const p of patterns) {
    for (const [where, y, x] of positions) {
      const spec: PatchSpec = { pattern: p.pattern, y, x, size: s, label: `${p.name}@${where}` };
      if (p.colour) spec.colour = p.colour;
      if (p.seed !== undefined) spec.seed = p.seed;
      out.push(spec);
    }
  }
  return out;
}
