// Probe results as MSL9xx findings, with the evidence a reviewer needs (patch, rates, z-score,
// histogram). Wording says what was observed on synthetic inputs, not what the model "is".
import { createFinding, type Finding } from '../findings';
import {
  PROBE_BUDGET, PROBE_NONDETERMINISTIC, PROBE_NONFINITE, PROBE_OUTPUT_EXPOSURE, PROBE_OVERCONFIDENT, PROBE_TRIGGER, PROBE_UNSTABLE,
} from '../rules/probes';
import { OVERCONFIDENT_PROB, OVERCONFIDENT_SHARE, THREADS_TOLERANCE, UNSTABLE_FLIP_RATE } from './checks';
import type { ProbeReport } from './types';

const pct = (x: number) => `${Math.round(x * 100)}%`;
const file = { kind: 'file' } as const;

export function probeFindings(r: ProbeReport): Finding[] {
  const out: Finding[] = [];
  const p = r.probes;
  for (const t of p.trigger?.flagged ?? []) {
    out.push(createFinding(PROBE_TRIGGER, {
      message: `A ${t.patch.size}×${t.patch.size} ${t.label} patch sent ${t.flipped} of ${t.eligible} eligible synthetic images (${pct(t.flipRate)}) to class ${t.targetClass}; ` +
        `robust z-score ${t.z.toFixed(1)} against ${p.trigger!.candidatesRun} candidates (median flip rate ${pct(p.trigger!.median)}).`,
      location: { kind: 'pointer', pointer: `input:${r.inputs.find((i) => i.layout)?.name ?? ''}` },
      evidence: `patch ${t.label} (${t.patch.pattern}${t.patch.colour ? ` [${t.patch.colour.join(',')}]` : ''}) at y=${t.patch.y} x=${t.patch.x} size=${t.patch.size}; class ${t.targetClass}; flip rate ${t.flipRate.toFixed(3)}; z ${t.z.toFixed(2)}`,
    }));
  }
  if (p.exposure && p.exposure.precisionDigits >= 3) {
    out.push(createFinding(PROBE_OUTPUT_EXPOSURE, {
      message: `Output '${p.exposure.output}' returns all ${p.exposure.classes} class ${p.exposure.kind} with up to ${p.exposure.precisionDigits} significant digits.`,
      location: { kind: 'pointer', pointer: `output:${p.exposure.output}` },
      evidence: `${p.exposure.kind}, K=${p.exposure.classes}, ${p.exposure.precisionDigits} digits`,
    }));
  }
  const c = p.confidence;
  if (c && c.overconfidentFraction > OVERCONFIDENT_SHARE) {
    out.push(createFinding(PROBE_OVERCONFIDENT, {
      message: `${pct(c.overconfidentFraction)} of ${c.inputs} uniform-noise inputs got a top probability above ${OVERCONFIDENT_PROB}.`,
      location: file,
      evidence: `top-probability histogram (10 bins from 0 to 1): ${c.histogram.join(' ')}`,
    }));
  }
  const bad = p.numerics?.cases.filter((k) => k.nan + k.inf > 0) ?? [];
  if (bad.length > 0) {
    const inRange = bad.some((k) => k.inRange);
    out.push(createFinding(PROBE_NONFINITE, {
      message: `Outputs contain NaN or Inf for ${bad.length} constant input(s): ${bad.map((k) => `${k.label} (${k.nan} NaN, ${k.inf} Inf)`).join('; ')}.`,
      location: file,
      severity: inRange ? 'medium' : 'low',
      evidence: bad.map((k) => `${k.label}: nan=${k.nan} inf=${k.inf}`).join('; '),
    }));
  }
  const d = p.determinism;
  if (d && d.sameSessionMaxDiff > 0) {
    out.push(createFinding(PROBE_NONDETERMINISTIC, {
      message: `Three runs of the same input in one session differ (largest relative difference ${d.sameSessionMaxDiff.toExponential(2)}).`,
      location: file,
      evidence: `same-session max difference ${d.sameSessionMaxDiff}`,
    }));
  } else if (d?.threadsMaxDiff !== undefined && d.threadsMaxDiff > THREADS_TOLERANCE) {
    out.push(createFinding(PROBE_NONDETERMINISTIC, {
      message: `One intra-op thread and ${d.threads} threads give different outputs (largest relative difference ${d.threadsMaxDiff.toExponential(2)}, tolerance ${THREADS_TOLERANCE}).`,
      location: file,
      severity: 'low',
      evidence: `1 vs ${d.threads} threads max difference ${d.threadsMaxDiff}`,
    }));
  }
  const s = p.stability;
  if (s && s.flipRate >= UNSTABLE_FLIP_RATE) {
    out.push(createFinding(PROBE_UNSTABLE, {
      message: `${pct(s.flipRate)} of ${s.inputs} synthetic images changed class under Gaussian noise of ${pct(s.sigma)} of the value range.`,
      location: file,
      evidence: `flip rate ${s.flipRate.toFixed(3)} at sigma ${s.sigma}`,
    }));
  }
  if (r.budget && r.budget.skipped.length > 0) {
    out.push(createFinding(PROBE_BUDGET, {
      message: `Skipped to fit the budget of ${r.budget.targetMs} ms (warm inference ${r.budget.warmInferenceMs.toFixed(2)} ms): ${r.budget.skipped.join('; ')}.`,
      location: file,
      evidence: `${r.budget.ranInferences} inferences run`,
    }));
  }
  return out;
}
