// The smaller probes, each a pure function of the worker's raw results.
import { probabilities, scoresOf, topClass, type ClassifierOutput } from './classifier';
import { histogram } from './stats';
import type { CaseResult, ConfidenceProbe, DeterminismProbe, ExposureProbe, NumericsProbe, StabilityProbe } from './types';
import type { NumericsCase } from './plan';

export const OVERCONFIDENT_PROB = 0.9;
export const OVERCONFIDENT_SHARE = 0.5;
export const THREADS_TOLERANCE = 1e-4;
export const UNSTABLE_FLIP_RATE = 0.25;

export function confidenceProbe(results: readonly CaseResult[], c: ClassifierOutput): ConfidenceProbe | undefined {
  const tops: number[] = [];
  let dist = true;
  for (const r of results) {
    const s = scoresOf(r.outputs, c);
    if (!s || !s.every(Number.isFinite)) continue;
    const { p, wasDistribution } = probabilities(s);
    dist &&= wasDistribution;
    tops.push(Math.max(...p));
  }
  if (tops.length === 0) return undefined;
  return {
    inputs: tops.length,
    overconfidentFraction: tops.filter((t) => t > OVERCONFIDENT_PROB).length / tops.length,
    histogram: histogram(tops, 10),
    probabilities: dist,
  };
}

export function numericsProbe(cases: readonly NumericsCase[], results: readonly CaseResult[]): NumericsProbe {
  return {
    cases: cases.map((c, i) => {
      const r = results[i];
      let nan = 0;
      let inf = 0;
      for (const o of Object.values(r?.outputs ?? {})) {
        nan += o.nan;
        inf += o.inf;
      }
      const out: NumericsProbe['cases'][number] = { label: c.label, inRange: c.inRange, nan, inf };
      if (r?.error !== undefined) out.error = r.error;
      return out;
    }),
  };
}

/** Largest difference between two runs' outputs, relative to the larger magnitude (NaN = NaN). */
export function maxDifference(a: CaseResult | undefined, b: CaseResult | undefined): number {
  if (!a?.outputs || !b?.outputs) return 0;
  let worst = 0;
  for (const [name, oa] of Object.entries(a.outputs)) {
    const ob = b.outputs[name];
    if (!ob || ob.values.length !== oa.values.length) return Infinity;
    for (let i = 0; i < oa.values.length; i++) {
      const x = oa.values[i]!;
      const y = ob.values[i]!;
      if (Number.isNaN(x) && Number.isNaN(y)) continue;
      if (x === y) continue;
      const d = Math.abs(x - y) / Math.max(1, Math.abs(x), Math.abs(y));
      worst = Math.max(worst, Number.isNaN(d) ? Infinity : d);
    }
  }
  return worst;
}

export function determinismProbe(timing: readonly CaseResult[], threads: number, threaded: CaseResult | undefined): DeterminismProbe {
  let same = 0;
  for (let i = 1; i < timing.length; i++) same = Math.max(same, maxDifference(timing[0], timing[i]));
  const out: DeterminismProbe = { sameSessionMaxDiff: same, threads };
  if (threaded) out.threadsMaxDiff = maxDifference(timing[0], threaded);
  return out;
}

export function stabilityProbe(baseResults: readonly CaseResult[], perturbed: readonly { base: number; result: CaseResult }[], c: ClassifierOutput, sigma: number): StabilityProbe | undefined {
  let n = 0;
  let flips = 0;
  for (const p of perturbed) {
    const before = topClass(baseResults[p.base]?.outputs, c);
    const after = topClass(p.result.outputs, c);
    if (before === undefined || after === undefined) continue;
    n++;
    if (before !== after) flips++;
  }
  return n === 0 ? undefined : { sigma, inputs: n, flipRate: flips / n };
}

/** Significant digits needed to write the value (at most 9 for float32). */
function digits(v: number): number {
  if (v === 0 || !Number.isFinite(v)) return 0;
  for (let d = 1; d < 9; d++) if (Math.abs(Number(v.toPrecision(d)) - v) <= Math.abs(v) * 1e-7) return d;
  return 9;
}

export function exposureProbe(results: readonly CaseResult[], c: ClassifierOutput): ExposureProbe | undefined {
  let precision = 0;
  let dist = true;
  let seen = false;
  for (const r of results) {
    const s = scoresOf(r.outputs, c);
    if (!s || !s.every(Number.isFinite)) continue;
    seen = true;
    dist &&= probabilities(s).wasDistribution;
    for (const v of s) precision = Math.max(precision, digits(v));
  }
  return seen ? { output: c.output, classes: c.classes, kind: dist ? 'probabilities' : 'logits', precisionDigits: precision } : undefined;
}
