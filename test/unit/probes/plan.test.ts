import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_IMAGES, buildPlan, DEFAULT_PLAN_OPTIONS, NOISE_INPUTS, TIMING_RUNS, type ProbeTarget } from '../../../server/src/core/probes/plan';
import { CLOSE_MS, inferenceSlots, type CostModel } from '../../../server/src/core/probes/cost';
import { mainCases } from '../../../server/src/core/probes/analyze';
import { defaultRecipe, materialize } from '../../../server/src/core/probes/synth';
import type { ProbeInput } from '../../../server/src/core/probes/types';

const image: ProbeInput = { name: 'x', dtype: 'float32', shape: [1, 3, 16, 16], declared: ['N', 3, 16, 16], range: { lo: 0, hi: 1, source: 'assumed', detail: '' }, layout: 'NCHW' };
const target: ProbeTarget = { inputs: [image], primary: image, classifier: { output: 'y', classes: 4, image: true } };

const cost = (caseMs: number, loadMs: number): CostModel => ({ inferenceMs: caseMs, caseMs, requestMs: 0, loadMs });

describe('probe budget and plan', () => {
  it('a fast model gets the full plan within 500 inferences', () => {
    const slots = inferenceSlots(DEFAULT_PLAN_OPTIONS, cost(0.1, 20), 300);
    assert.equal(slots, 500 - TIMING_RUNS);
    const plan = buildPlan(target, slots, DEFAULT_PLAN_OPTIONS);
    assert.equal(plan.candidates.length, 65);
    assert.equal(plan.noise.length, NOISE_INPUTS);
    assert.equal(plan.stability.length, 2 * BASE_IMAGES);
    assert.deepEqual(plan.skipped, []);
    assert.equal(plan.planned, 5 + 1 + 6 + 24 + 12 + 65 * 6);
    assert.ok(plan.planned + TIMING_RUNS <= 500);
    assert.equal(mainCases(plan, target).length, plan.planned - 1);
  });

  it('a slower model gets fewer trigger candidates, and says which were left out', () => {
    const slots = inferenceSlots(DEFAULT_PLAN_OPTIONS, cost(4, 50), 400);
    // 1500 ms less the elapsed 400, the close, and the multi-thread run (half a load and one case).
    assert.equal(slots, Math.floor((1500 - 400 - CLOSE_MS - 25 - 4) / 4));
    const plan = buildPlan(target, slots, DEFAULT_PLAN_OPTIONS);
    assert.equal(plan.candidates.length, Math.floor((slots - 5 - 1 - 6 - 24 - 12) / 6));
    assert.equal(plan.candidates[0]!.label, 'white@top-left');
    assert.match(plan.skipped.join(';'), /of 65 trigger candidates \(.*noise-2@centre\)/);
  });

  it('a model too slow for the trigger scan skips it with the reason', () => {
    const plan = buildPlan(target, 80, DEFAULT_PLAN_OPTIONS);
    assert.equal(plan.candidates.length, 0);
    assert.match(plan.skipped.join(';'), /trigger-patch scan \(the budget fits 5 of 65 candidates/);
    const tiny = buildPlan(target, 3, DEFAULT_PLAN_OPTIONS);
    assert.equal(tiny.numerics.length, 3);
    assert.equal(tiny.threads, 0);
    assert.equal(tiny.bases.length, 0);
  });

  it('non-classifiers get numerics and determinism only', () => {
    const plan = buildPlan({ inputs: [image], primary: image }, 400, DEFAULT_PLAN_OPTIONS);
    assert.equal(plan.bases.length, 0);
    assert.match(plan.notApplicable[0]!, /classifier probes/);
    assert.deepEqual(plan.numerics.map((n) => n.inRange), [true, true, true, false, false]);
  });
});

describe('input materialisation', () => {
  it('is reproducible and stays in range', () => {
    const a = materialize({ kind: 'image', seed: 3 }, image);
    const b = materialize({ kind: 'image', seed: 3 }, image);
    assert.deepEqual(a, b);
    assert.ok(a.every((v) => v >= 0 && v <= 1));
    const n = materialize({ kind: 'perturb', base: { kind: 'image', seed: 3 }, seed: 1, sigma: 0.03 }, image);
    assert.notDeepEqual(n, a);
    assert.ok(n.every((v) => v >= 0 && v <= 1));
  });

  it('pastes patches at the right pixels in NCHW and NHWC', () => {
    const patch = { pattern: 'solid' as const, colour: [1, 0, 0.5], y: 13, x: 13, size: 3, label: 't' };
    const v = materialize({ kind: 'patch', base: { kind: 'level', t: 0 }, patch }, image);
    assert.equal(v[(0 * 16 + 13) * 16 + 13], 1);
    assert.equal(v[(2 * 16 + 15) * 16 + 15], 0.5);
    assert.equal(v[(0 * 16 + 12) * 16 + 13], 0);
    const nhwc: ProbeInput = { ...image, shape: [1, 16, 16, 3], layout: 'NHWC', range: { lo: 0, hi: 255, source: 'dtype', detail: '' } };
    const w = materialize({ kind: 'patch', base: { kind: 'level', t: 0 }, patch }, nhwc);
    assert.equal(w[(13 * 16 + 13) * 3 + 0], 255);
    assert.equal(w[(13 * 16 + 13) * 3 + 2], 127.5);
    assert.equal(w[(12 * 16 + 13) * 3 + 0], 0);
  });

  it('integer inputs are rounded and default to the high end', () => {
    const ids: ProbeInput = { name: 'ids', dtype: 'int64', shape: [1, 4], declared: ['N', 4], range: { lo: 0, hi: 1, source: 'assumed', detail: '' } };
    assert.deepEqual([...materialize(defaultRecipe(ids), ids)], [1, 1, 1, 1]);
    assert.ok(materialize({ kind: 'noise', seed: 9 }, ids).every((v) => v === 0 || v === 1));
  });
});
