// The cost model behind the budget: what the warm-up and the first phase measure, the time a plan
// is expected to take, and the trigger scan's re-fit.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CLOSE_MS, costModel, inferenceSlots, measuredCost, plannedMs } from '../../../server/src/core/probes/cost';
import { BASE_IMAGES, buildPlan, DEFAULT_PLAN_OPTIONS, fitTrigger, type ProbeTarget } from '../../../server/src/core/probes/plan';
import type { CaseResult, ProbeInput } from '../../../server/src/core/probes/types';

const image: ProbeInput = { name: 'x', dtype: 'float32', shape: [1, 3, 16, 16], declared: ['N', 3, 16, 16], range: { lo: 0, hi: 1, source: 'assumed', detail: '' }, layout: 'NCHW' };
const target: ProbeTarget = { inputs: [image], primary: image, classifier: { output: 'y', classes: 4, image: true } };
const cases = (pairs: [number, number][]): CaseResult[] => pairs.map(([ms, wallMs]) => ({ ms, wallMs }));

describe('probe cost model', () => {
  it('the warm-up: the fastest warm case, the first (cold) run ignored, the request overhead from the wall time', () => {
    const c = costModel(cases([[9, 30], [6, 25], [3, 4]]), 31, 40);
    assert.deepEqual(c, { inferenceMs: 3, caseMs: 4, requestMs: 2, loadMs: 40 });
    // Without the worker's wall times the inference time stands in.
    assert.equal(costModel([{ ms: 5 }, { ms: 2 }, { ms: 3 }], 5, 10).caseMs, 2);
  });

  it('a measured batch: the median case (the few image-building or noisy cases do not count)', () => {
    const base = costModel(cases([[1, 1], [1, 1], [1, 1]]), 2, 40);
    const m = measuredCost(base, cases([[1, 2], [1, 9], [1, 3], [1, 2.5], [1, 12]]), 30);
    assert.equal(m.caseMs, 3);
    assert.equal(m.requestMs, 30 - 28.5);
    assert.equal(m.loadMs, 40);
    assert.equal(measuredCost(base, [], 5), base);
  });

  it('slots and the planned time use the same fixed costs', () => {
    const c = { inferenceMs: 2, caseMs: 4, requestMs: 1, loadMs: 40 };
    const fixed = 1 + (0.5 * 40 + 4 + 1) + CLOSE_MS;
    assert.equal(inferenceSlots(DEFAULT_PLAN_OPTIONS, c, 300), Math.floor((1500 - 300 - fixed) / 4));
    assert.equal(plannedMs(100, 4, c, 300), 300 + 400 + fixed);
    assert.equal(plannedMs(100, 0, c, 300), 300 + 400 + 1 + CLOSE_MS);
    // The plan that fills the slots is expected to end within one case of the budget.
    const slots = inferenceSlots(DEFAULT_PLAN_OPTIONS, c, 300);
    const planned = plannedMs(slots, 4, c, 300);
    assert.ok(planned <= 1500 && planned > 1500 - c.caseMs, String(planned));
    // The inference cap wins for fast models.
    assert.equal(inferenceSlots(DEFAULT_PLAN_OPTIONS, { ...c, caseMs: 0.01 }, 300, 3), 497);
  });

  it('the trigger scan re-fits: it grows or shrinks, and its note in the skipped list is replaced', () => {
    const plan = buildPlan(target, 5 + 1 + 6 + 24 + 12 + 12 * BASE_IMAGES, DEFAULT_PLAN_OPTIONS);
    assert.equal(plan.candidates.length, 12);
    assert.equal(plan.skipped.filter((s) => /trigger/.test(s)).length, 1);
    fitTrigger(plan, target, 30 * BASE_IMAGES + 5);
    assert.equal(plan.candidates.length, 30);
    const notes = plan.skipped.filter((s) => /trigger/.test(s));
    assert.equal(notes.length, 1);
    assert.match(notes[0]!, /^35 of 65 trigger candidates \(/);
    assert.equal(plan.planned, 5 + 1 + 6 + 24 + 12 + 30 * BASE_IMAGES);
    fitTrigger(plan, target, 100 * BASE_IMAGES);
    assert.equal(plan.candidates.length, 65);
    assert.deepEqual(plan.skipped, []);
    // Once candidates ran, a shrink keeps them (the scan is under way).
    fitTrigger(plan, target, 3 * BASE_IMAGES, 20);
    assert.equal(plan.candidates.length, 20);
    assert.equal(plan.planned, 5 + 1 + 6 + 24 + 12 + 20 * BASE_IMAGES);
    fitTrigger(plan, target, 3 * BASE_IMAGES);
    assert.equal(plan.candidates.length, 0);
    assert.deepEqual(plan.skipped, ['the trigger-patch scan (the budget fits 3 of 65 candidates, fewer than 10)']);
  });
});
