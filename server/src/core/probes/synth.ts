// Materialises probe inputs from recipes. Runs inside the sandbox worker (inputs for hundreds of
// inferences would be too large to send), so it is pure and shared by both sides.
import { seededRandom } from './stats';
import type { PatchSpec, ProbeInput, Recipe } from './types';

/** Smooth base images by input and seed: a request builds each once, then patches and noise copy it. */
export type ImageCache = Map<string, Float64Array>;

/** Values of one input tensor, as plain numbers in the input's range (the worker converts by dtype). */
export function materialize(recipe: Recipe, input: ProbeInput, cache?: ImageCache): Float64Array {
  const n = input.shape.reduce((a, b) => a * b, 1);
  const { lo, hi } = input.range;
  let out: Float64Array = new Float64Array(n);
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
      out = cachedImage(input, recipe.seed, cache);
      break;
    case 'perturb':
      out = materialize(recipe.base, input, cache);
      addGaussian(out, seededRandom(recipe.seed), recipe.sigma * (hi - lo), lo, hi);
      break;
    case 'patch':
      out = materialize(recipe.base, input, cache);
      pastePatch(out, input, recipe.patch);
      break;
  }
  if (isInteger(input)) for (let i = 0; i < n; i++) out[i] = Math.round(out[i]!);
  return out;
}

/** A fresh copy of the base image (built once per cache). */
function cachedImage(input: ProbeInput, seed: number, cache: ImageCache | undefined): Float64Array {
  const key = `${input.name}\u0000${input.shape.join('x')}\u0000${input.range.lo}:${input.range.hi}\u0000${seed}`;
  let image = cache?.get(key);
  if (!image) {
    image = new Float64Array(input.shape.reduce((a, b) => a * b, 1));
    fillImage(image, input, seed);
    cache?.set(key, image);
  }
  return image.slice();
}

/** Gaussian noise of standard deviation `sd`, clamped to the range; both Box–Muller draws are used. */
function addGaussian(out: Float64Array, rand: () => number, sd: number, lo: number, hi: number): void {
  for (let i = 0; i < out.length; i += 2) {
    const r = sd * Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12)));
    const a = 2 * Math.PI * rand();
    out[i] = clamp(out[i]! + r * Math.cos(a), lo, hi);
    if (i + 1 < out.length) out[i + 1] = clamp(out[i + 1]! + r * Math.sin(a), lo, hi);
  }
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
  const sinX = new Float64Array(g.width);
  const cosX = new Float64Array(g.width);
  const rampX = new Float64Array(g.width);
  for (let c = 0; c < g.channels; c++) {
    const base = 0.2 + 0.6 * rand();
    const gy = (rand() - 0.5) * 0.5;
    const gx = (rand() - 0.5) * 0.5;
    const fy = (1 + 3 * rand()) * Math.PI / Math.max(1, g.height);
    const fx = (1 + 3 * rand()) * Math.PI / Math.max(1, g.width);
    const amp = 0.15 * rand();
    const phase = 2 * Math.PI * rand();
    // sin(fy·y + phase + fx·x) = sin(row)·cos(fx·x) + cos(row)·sin(fx·x): one sin per pixel becomes two per row.
    for (let x = 0; x < g.width; x++) {
      sinX[x] = amp * Math.sin(fx * x);
      cosX[x] = amp * Math.cos(fx * x);
      rampX[x] = gx * (x / Math.max(1, g.width - 1) - 0.5);
    }
    for (let y = 0; y < g.height; y++) {
      const row = base + gy * (y / Math.max(1, g.height - 1) - 0.5);
      const s = Math.sin(fy * y + phase);
      const k = Math.cos(fy * y + phase);
      for (let x = 0; x < g.width; x++) {
        const t = row + rampX[x]! + s * cosX[x]! + k * sinX[x]!;
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
