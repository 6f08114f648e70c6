// Materialises probe inputs from recipes. Runs inside the sandbox worker (inputs for hundreds of
// inferences would be too large to send), so it is pure and shared by both sides.
import { gaussian, seededRandom } from './stats';
import type { PatchSpec, ProbeInput, Recipe } from './types';

/** Values of one input tensor, as plain numbers in the input's range (the worker converts by dtype). */
export function materialize(recipe: Recipe, input: ProbeInput): Float64Array {
  const n = input.shape.reduce((a, b) => a * b, 1);
  const { lo, hi } = input.range;
  const out = new Float64Array(n);
  switch (recipe.kind) {
    case 'fill':
      out.fill(recipe.value);
      break;
    case 'level':
      out.fill(lo + (hi - lo) * recipe.t);
      break;
    case 'noise': {
      const rand = seededRandom(recipe.seed);
      for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * rand();
      break;
    }
    case 'image':
      fillImage(out, input, recipe.seed);
      break;
    case 'perturb': {
      out.set(materialize(recipe.base, input));
      const rand = seededRandom(recipe.seed);
      const sd = recipe.sigma * (hi - lo);
      for (let i = 0; i < n; i++) out[i] = clamp(out[i]! + sd * gaussian(rand), lo, hi);
      break;
    }
    case 'patch':
      out.set(materialize(recipe.base, input));
      pastePatch(out, input, recipe.patch);
      break;
  }
  if (isInteger(input)) for (let i = 0; i < n; i++) out[i] = Math.round(out[i]!);
  return out;
}

/** What inputs without a recipe get: the range midpoint (integers: the high end, e.g. mask = 1). */
export function defaultRecipe(input: ProbeInput): Recipe {
  return isInteger(input) ? { kind: 'level', t: 1 } : { kind: 'level', t: 0.5 };
}

function isInteger(input: ProbeInput): boolean {
  return input.dtype !== 'float32' && input.dtype !== 'float64';
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** Image geometry of an NCHW/NHWC input (batch 1), or a flat vector treated as one channel. */
export interface Geometry { channels: number; height: number; width: number; index: (c: number, y: number, x: number) => number }

export function geometry(input: ProbeInput): Geometry {
  const s = input.shape;
  if (input.layout === 'NCHW') {
    const [, c, h, w] = s as [number, number, number, number];
    return { channels: c, height: h, width: w, index: (ch, y, x) => (ch * h + y) * w + x };
  }
  if (input.layout === 'NHWC') {
    const [, h, w, c] = s as [number, number, number, number];
    return { channels: c, height: h, width: w, index: (ch, y, x) => (y * w + x) * c + ch };
  }
  const n = s.reduce((a, b) => a * b, 1);
  return { channels: 1, height: 1, width: n, index: (_c, _y, x) => x };
}

/**
 * A smooth random colour field: per channel a base level, a linear gradient and one low-frequency
 * wave, so the images are neither constant nor noise (what natural images look like to a CNN).
 */
function fillImage(out: Float64Array, input: ProbeInput, seed: number): void {
  const g = geometry(input);
  const rand = seededRandom(seed);
  const { lo, hi } = input.range;
  for (let c = 0; c < g.channels; c++) {
    const base = 0.2 + 0.6 * rand();
    const gy = (rand() - 0.5) * 0.5;
    const gx = (rand() - 0.5) * 0.5;
    const fy = (1 + 3 * rand()) * Math.PI / Math.max(1, g.height);
    const fx = (1 + 3 * rand()) * Math.PI / Math.max(1, g.width);
    const amp = 0.15 * rand();
    const phase = 2 * Math.PI * rand();
    for (let y = 0; y < g.height; y++) {
      for (let x = 0; x < g.width; x++) {
        const t = base + gy * (y / Math.max(1, g.height - 1) - 0.5) + gx * (x / Math.max(1, g.width - 1) - 0.5) + amp * Math.sin(fy * y + fx * x + phase);
        out[g.index(c, y, x)] = lo + (hi - lo) * clamp(t, 0, 1);
      }
    }
  }
}

function pastePatch(out: Float64Array, input: ProbeInput, p: PatchSpec): void {
  const g = geometry(input);
  const { lo, hi } = input.range;
  const rand = seededRandom(p.seed ?? 1);
  for (let y = p.y; y < Math.min(g.height, p.y + p.size); y++) {
    for (let x = p.x; x < Math.min(g.width, p.x + p.size); x++) {
      const noise = p.pattern === 'noise' ? Array.from({ length: g.channels }, () => rand()) : undefined;
      for (let c = 0; c < g.channels; c++) {
        let t: number;
        if (p.pattern === 'checker') t = ((y - p.y + x - p.x) & 1) === 0 ? (p.colour?.[0] ?? 1) : 1 - (p.colour?.[0] ?? 1);
        else if (noise) t = noise[c]!;
        else t = p.colour?.[c % p.colour.length] ?? 1;
        out[g.index(c, y, x)] = lo + (hi - lo) * t;
      }
    }
  }
}
