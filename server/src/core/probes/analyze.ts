// From the worker's raw results to the probes' results, following the plan's order of cases.
import { topClass } from './classifier';
import { confidenceProbe, determinismProbe, exposureProbe, numericsProbe, stabilityProbe } from './checks';
import { STABILITY_SIGMA, primaryCase, triggerCases, type ProbePlan, type ProbeTarget } from './plan';
import { analyzeTrigger } from './trigger';
import type { CaseResult, ProbeCase, ProbeReport } from './types';

/** Every single-thread case after the timing runs, in the order `analyzeRun` reads them back. */
export function mainCases(plan: ProbePlan, target: ProbeTarget): ProbeCase[] {
  return [...firstPhaseCases(plan, target), ...triggerCases(plan, target)];
}

/** The cases before the trigger scan (which is re-sized once these ran). */
export function firstPhaseCases(plan: ProbePlan, target: ProbeTarget): ProbeCase[] {
  return [
    ...plan.numerics.map((n) => n.case),
    ...plan.bases.map((b) => primaryCase(target, b)),
    ...plan.noise,
    ...plan.stability.map((s) => s.case),
  ];
}

export interface RawResults {
  timing: CaseResult[];
  main: CaseResult[];
  threaded?: CaseResult;
}

export function analyzeRun(target: ProbeTarget, plan: ProbePlan, raw: RawResults): ProbeReport['probes'] {
  const probes: ProbeReport['probes'] = {};
  let at = 0;
  const take = (n: number) => raw.main.slice(at, (at += n));
  probes.numerics = numericsProbe(plan.numerics, take(plan.numerics.length));
  probes.determinism = determinismProbe(raw.timing, plan.threads, raw.threaded);
  const c = target.classifier;
  const bases = take(plan.bases.length);
  const noise = take(plan.noise.length);
  const stability = take(plan.stability.length);
  const trigger = take(plan.candidates.length * plan.bases.length);
  if (!c) return probes;
  const classifier = { output: c.output, classes: c.classes };
  const exposure = exposureProbe([...raw.timing, ...bases, ...noise], classifier);
  if (exposure) probes.exposure = exposure;
  const confidence = confidenceProbe(noise, classifier);
  if (confidence) probes.confidence = confidence;
  const stable = stabilityProbe(bases, plan.stability.map((s, i) => ({ base: s.base, result: stability[i]! })), classifier, STABILITY_SIGMA);
  if (stable) probes.stability = stable;
  if (plan.candidates.length > 0) {
    const baseClasses = bases.map((r) => topClass(r.outputs, classifier));
    const n = plan.bases.length;
    const patched = plan.candidates.map((_, k) => trigger.slice(k * n, (k + 1) * n).map((r) => topClass(r.outputs, classifier)));
    probes.trigger = analyzeTrigger(baseClasses, patched, plan.candidates, c.classes, plan.candidatesPlanned);
  }
  return probes;
}
