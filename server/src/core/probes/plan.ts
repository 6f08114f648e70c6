// The probe plan: which inferences to run, sized to a time budget by the cost model (cost.ts).
// Priority when the budget is tight: numerics and determinism, then the clean base images, noise
// and stability inputs, and the trigger candidates last. They run as a second phase, re-sized
// from what the first phase really cost (what is left out is reported).
import { candidatePatches } from './patches';
import { geometry } from './synth';
import type { PatchSpec, ProbeCase, ProbeInput, Recipe } from './types';

export interface ProbeTarget {
  inputs: ProbeInput[];
  /** The input the probes vary; the others keep their default value. */
  primary: ProbeInput;
  classifier?: { output: string; classes: number; image: boolean };
}

export interface PlanOptions {
  /** Wall time the whole run should take, start-up included. */
  budgetMs: number;
  maxInferences: number;
  /** Intra-op threads of the second session of the determinism probe (0 skips it). */
  threads: number;
}

export const DEFAULT_PLAN_OPTIONS: Readonly<PlanOptions> = Object.freeze({ budgetMs: 1500, maxInferences: 500, threads: 4 });

export const BASE_IMAGES = 6;
export const NOISE_INPUTS = 24;
const MIN_NOISE_INPUTS = 8;
export const STABILITY_SIGMA = 0.03;
const STABILITY_DRAWS = 2;
/** Fewer candidates than this give no meaningful median/MAD: the scan is skipped instead. */
export const MIN_TRIGGER_CANDIDATES = 10;
/** Runs of the timing case (the first warms up; all three feed the determinism probe). */
export const TIMING_RUNS = 3;

export interface NumericsCase { label: string; inRange: boolean; case: ProbeCase }

export interface ProbePlan {
  numerics: NumericsCase[];
  /** Threads of the determinism re-run; 0 when skipped. */
  threads: number;
  bases: Recipe[];
  noise: ProbeCase[];
  stability: { base: number; case: ProbeCase }[];
  candidates: PatchSpec[];
  candidatesPlanned: number;
  /** Inferences planned after the timing runs. */
  planned: number;
  /** Left out to fit the budget. */
  skipped: string[];
  /** The trigger scan's entry in `skipped`, if any (a re-fit replaces it). */
  triggerNote?: string;
  /** Probes that do not apply to this model. */
  notApplicable: string[];
}

export function primaryCase(target: ProbeTarget, recipe: Recipe): ProbeCase {
  return { recipes: { [target.primary.name]: recipe } };
}

export function baseRecipe(target: ProbeTarget, i: number): Recipe {
  return target.primary.layout ? { kind: 'image', seed: 1000 + i } : { kind: 'noise', seed: 1000 + i };
}

export function timingCase(target: ProbeTarget): ProbeCase {
  return primaryCase(target, baseRecipe(target, 0));
}

export function buildPlan(target: ProbeTarget, slots: number, o: PlanOptions): ProbePlan {
  const skipped: string[] = [];
  const numerics = numericsCases(target);
  let left = slots;
  const takeNumerics = Math.min(numerics.length, left);
  if (takeNumerics < numerics.length) skipped.push(`${numerics.length - takeNumerics} of ${numerics.length} boundary inputs`);
  left -= takeNumerics;
  let threads = o.threads;
  if (threads > 0 && left < 1) {
    threads = 0;
    skipped.push('the multi-thread determinism run');
  }
  left -= threads > 0 ? 1 : 0;
  const plan: ProbePlan = { numerics: numerics.slice(0, takeNumerics), threads, bases: [], noise: [], stability: [], candidates: [], candidatesPlanned: 0, planned: 0, skipped, notApplicable: [] };
  const c = target.classifier;
  if (!c) {
    plan.notApplicable.push('classifier probes (no output with one dimension of two or more classes was found)');
  } else if (left < BASE_IMAGES + MIN_NOISE_INPUTS) {
    skipped.push('classifier probes (confidence on noise, stability, trigger scan): the budget allows too few inferences');
  } else {
    plan.bases = Array.from({ length: BASE_IMAGES }, (_, i) => baseRecipe(target, i));
    left -= BASE_IMAGES;
    const noise = Math.min(NOISE_INPUTS, left);
    if (noise < NOISE_INPUTS) skipped.push(`${NOISE_INPUTS - noise} of ${NOISE_INPUTS} noise inputs`);
    plan.noise = Array.from({ length: noise }, (_, i) => primaryCase(target, { kind: 'noise', seed: 5000 + i }));
    left -= noise;
    const draws = Math.min(STABILITY_DRAWS, Math.floor(left / BASE_IMAGES));
    if (draws < STABILITY_DRAWS) skipped.push(`${(STABILITY_DRAWS - draws) * BASE_IMAGES} of ${STABILITY_DRAWS * BASE_IMAGES} noise-stability inputs`);
    for (let d = 0; d < draws; d++) {
      plan.bases.forEach((base, b) => plan.stability.push({ base: b, case: primaryCase(target, { kind: 'perturb', base, seed: 7000 + b * 10 + d, sigma: STABILITY_SIGMA }) }));
    }
    left -= draws * BASE_IMAGES;
    if (c.image && c.classes > 2) fitTrigger(plan, target, left);
    else plan.notApplicable.push(`the trigger-patch scan (${c.image ? `only ${c.classes} classes` : 'the input is not an image'})`);
  }
  plan.planned = countPlanned(plan);
  return plan;
}

function countPlanned(plan: ProbePlan): number {
  return plan.numerics.length + (plan.threads > 0 ? 1 : 0) + plan.bases.length + plan.noise.length + plan.stability.length + plan.candidates.length * plan.bases.length;
}

/**
 * Sizes the trigger scan to `left` inferences; called again once the other probes ran and their
 * real cost is known (the candidates may then grow or shrink, never below the `ran` candidates
 * already run). Replaces its own earlier note.
 */
export function fitTrigger(plan: ProbePlan, target: ProbeTarget, left: number, ran = 0): void {
  const g = geometry(target.primary);
  const all = candidatePatches(g.channels, g.height, g.width);
  if (plan.triggerNote !== undefined) plan.skipped = plan.skipped.filter((s) => s !== plan.triggerNote);
  delete plan.triggerNote;
  plan.candidatesPlanned = all.length;
  const fit = Math.max(ran, Math.min(all.length, Math.floor(left / BASE_IMAGES)));
  plan.candidates = fit < MIN_TRIGGER_CANDIDATES ? [] : all.slice(0, fit);
  if (fit < MIN_TRIGGER_CANDIDATES) plan.triggerNote = `the trigger-patch scan (the budget fits ${fit} of ${all.length} candidates, fewer than ${MIN_TRIGGER_CANDIDATES})`;
  else if (fit < all.length) plan.triggerNote = `${all.length - fit} of ${all.length} trigger candidates (${all.slice(fit).map((p) => p.label).join(', ')})`;
  if (plan.triggerNote !== undefined) plan.skipped.push(plan.triggerNote);
  plan.planned = countPlanned(plan);
}

/** Constant inputs at the ends of the range, its midpoint and zero; one width beyond each end. */
export function numericsCases(target: ProbeTarget): NumericsCase[] {
  const { lo, hi } = target.primary.range;
  const level = (t: number): ProbeCase => {
    const recipes: Record<string, Recipe> = {};
    for (const i of target.inputs) if (i.dtype.startsWith('float')) recipes[i.name] = { kind: 'level', t };
    recipes[target.primary.name] = { kind: 'level', t };
    return { recipes };
  };
  const out: NumericsCase[] = [
    { label: `low end (${lo})`, inRange: true, case: level(0) },
    { label: `high end (${hi})`, inRange: true, case: level(1) },
    { label: `midpoint (${(lo + hi) / 2})`, inRange: true, case: level(0.5) },
  ];
  if (lo < 0 && hi > 0) out.push({ label: 'zero', inRange: true, case: level(-lo / (hi - lo)) });
  if (target.primary.dtype.startsWith('float')) {
    out.push({ label: `one range width below (${lo - (hi - lo)})`, inRange: false, case: level(-1) });
    out.push({ label: `one range width above (${hi + (hi - lo)})`, inRange: false, case: level(2) });
  }
  return out;
}

/** The trigger scan's inferences: every candidate on every base image, candidate-major. */
export function triggerCases(plan: ProbePlan, target: ProbeTarget): ProbeCase[] {
  return plan.candidates.flatMap((patch) => plan.bases.map((base) => primaryCase(target, { kind: 'patch', base, patch })));
}
