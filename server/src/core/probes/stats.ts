// Small numeric helpers for the probes: a seeded generator, robust statistics, softmax.

/** mulberry32: a tiny seeded generator, so every probe input is reproducible from its recipe. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median absolute deviation (unscaled). */
export function mad(values: readonly number[]): number {
  const m = median(values);
  return median(values.map((v) => Math.abs(v - m)));
}

/** Robust z-score with the usual 1.4826 consistency factor and a floor on the MAD. */
export function robustZ(value: number, med: number, madValue: number, madFloor: number): number {
  return (value - med) / (1.4826 * Math.max(madValue, madFloor));
}

export function softmax(values: readonly number[]): number[] {
  const max = Math.max(...values);
  const exps = values.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

export function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/** True when the values already form a probability distribution. */
export function isDistribution(values: readonly number[]): boolean {
  if (values.length === 0 || values.some((v) => !(v >= 0 && v <= 1))) return false;
  return Math.abs(values.reduce((a, b) => a + b, 0) - 1) < 1e-3;
}

/** Counts of values in [0, 1] over `bins` equal bins (1 falls in the last). */
export function histogram(values: readonly number[], bins: number): number[] {
  const out = new Array<number>(bins).fill(0);
  for (const v of values) out[Math.min(bins - 1, Math.max(0, Math.floor(v * bins)))]!++;
  return out;
}
