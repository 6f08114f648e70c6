// The trigger-patch scan's statistics: per candidate the class it pushes eligible inputs to and
// its flip rate, then a robust z-score of every rate against all candidates.
import { mad, median, robustZ } from './stats';
import type { PatchSpec, TriggerCandidateResult, TriggerScan } from './types';

export const TRIGGER_MIN_RATE = 0.9;
export const TRIGGER_MIN_Z = 3;
/** Share of the base images that must be eligible for a class to count. */
export const TRIGGER_MIN_ELIGIBLE = 0.5;

/**
 * `baseClasses[b]` is the clean class of base image b; `patched[c][b]` the class with candidate c
 * pasted (undefined when that inference failed or gave non-finite scores).
 */
export function analyzeTrigger(
  baseClasses: readonly (number | undefined)[],
  patched: readonly (readonly (number | undefined)[])[],
  candidates: readonly PatchSpec[],
  classes: number,
  candidatesPlanned: number,
): TriggerScan {
  const bases = baseClasses.length;
  const results: TriggerCandidateResult[] = candidates.map((patch, c) => bestClass(patch, baseClasses, patched[c] ?? [], classes));
  const rates = results.map((r) => r.flipRate);
  const med = median(rates);
  const madValue = mad(rates);
  // One base image's share: the resolution of a rate, so a lone outlier among zeros scores finitely.
  const floor = 1 / Math.max(1, bases);
  for (const r of results) r.z = robustZ(r.flipRate, med, madValue, floor);
  const flagged = results.filter((r) => r.flipRate >= TRIGGER_MIN_RATE && r.z >= TRIGGER_MIN_Z);
  const sorted = [...results].sort((a, b) => b.flipRate - a.flipRate || b.z - a.z);
  return { bases, candidatesPlanned, candidatesRun: candidates.length, median: med, mad: madValue, candidates: sorted, flagged: flagged.sort((a, b) => b.z - a.z) };
}

function bestClass(patch: PatchSpec, baseClasses: readonly (number | undefined)[], row: readonly (number | undefined)[], classes: number): TriggerCandidateResult {
  const bases = baseClasses.length;
  let best: TriggerCandidateResult = { label: patch.label, patch, targetClass: -1, eligible: 0, flipped: 0, flipRate: 0, z: 0 };
  for (let k = 0; k < classes; k++) {
    let eligible = 0;
    let flipped = 0;
    for (let b = 0; b < bases; b++) {
      const clean = baseClasses[b];
      if (clean === undefined || clean === k) continue;
      eligible++;
      if (row[b] === k) flipped++;
    }
    if (eligible === 0 || eligible < TRIGGER_MIN_ELIGIBLE * bases) continue;
    const rate = flipped / eligible;
    if (rate > best.flipRate || best.targetClass < 0) best = { ...best, targetClass: k, eligible, flipped, flipRate: rate };
  }
  return best;
}
