// The plan's execution against a simulated worker and clock: the first phase, the trigger scan's
// re-sized rounds, and the planned time matching the simulated one.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CLOSE_MS } from '../../../server/src/core/probes/cost';
import { BASE_IMAGES, MIN_TRIGGER_CANDIDATES, type ProbeTarget } from '../../../server/src/core/probes/plan';
import type { CaseResult, ProbeCase, ProbeInput } from '../../../server/src/core/probes/types';
import { executePlan } from '../../../server/src/probes/execute';
import type { RunCases, WarmUp } from '../../../server/src/probes/warmup';

const image: ProbeInput = { name: 'x', dtype: 'float32', shape: [1, 3, 16, 16], declared: ['N', 3, 16, 16], range: { lo: 0, hi: 1, source: 'assumed', detail: '' }, layout: 'NCHW' };
const target: ProbeTarget = { inputs: [image], primary: image, classifier: { output: 'y', classes: 4, image: true } };
const LOAD_MS = 40;
/** Simulated cost of one case by recipe: building a base image, noise and Gaussian noise cost more than a patch or a copied image. */
const COST: Record<string, number> = { level: 2, image: 5, copy: 3, noise: 4, perturb: 6, patch: 3 };

/** A worker and clock: base images are built once (the timing image in the warm-up) and copied afterwards, as the worker's cache does. */
function simulation(startMs: number, scale = 1) {
  let clock = startMs;
  const built = new Set([1000]);
  const calls: { cases: number; threads: number }[] = [];
  const result = (ms: number): CaseResult => ({ ms: ms * 0.8, wallMs: ms, outputs: { y: { type: 'float32', dims: [1, 4], count: 4, nan: 0, inf: 0, min: 0, max: 1, values: [0.1, 0.2, 0.3, 0.4] } } });
  const costOf = (c: ProbeCase): number => {
    const r = c.recipes.x!;
    if (r.kind !== 'image') return COST[r.kind]!;
    const copy = built.has(r.seed);
    built.add(r.seed);
    return copy ? COST.copy! : COST.image!;
  };
  const run: RunCases = async (_inputs, cases, threads) => {
    calls.push({ cases: cases.length, threads });
    if (threads > 1) clock += LOAD_MS / 2; // the second session
    return cases.map((c) => {
      const ms = costOf(c) * scale;
      clock += ms;
      return result(ms);
    });
  };
  const timing = [result(20 * scale), result(COST.copy! * scale), result(COST.copy! * scale)];
  const warm: WarmUp = { synth: { inputs: [image], freeDimensionOverrides: { N: 1 }, freeDims: [], unsupported: [] }, primary: image, timing, retries: [], warmWallMs: 2 * COST.copy! * scale };
  return { run, warm, calls, now: () => clock };
}

describe('plan execution', () => {
  it('a model the time budget bounds: the trigger scan runs in re-sized rounds and ends where the planner said', async () => {
    const sim = simulation(300);
    const o = { budgetMs: 1500, maxInferences: 500, threads: 2 };
    const { plan, main, threaded, budget } = await executePlan(sim.run, target, sim.warm, LOAD_MS, o, 0, sim.now);
    // First phase: 5 numerics, 6 bases, 24 noise, 12 perturbed; then trigger rounds; then the multi-thread run.
    assert.equal(sim.calls[0]!.cases, 5 + 6 + 24 + 12);
    const rounds = sim.calls.slice(1, -1).map((c) => c.cases / BASE_IMAGES);
    assert.ok(rounds.length >= 2 && rounds.length <= 3, JSON.stringify(rounds));
    assert.ok(rounds[0]! >= MIN_TRIGGER_CANDIDATES);
    assert.deepEqual(sim.calls.at(-1), { cases: 1, threads: 2 });
    assert.ok(threaded);
    // Patches cost 3 ms: after the first round the planner knows it, and the run ends within one candidate of the budget.
    const candidates = rounds.reduce((a, b) => a + b, 0);
    assert.equal(plan.candidates.length, candidates);
    assert.equal(main.length, 47 + candidates * BASE_IMAGES);
    const end = sim.now() + CLOSE_MS;
    assert.ok(Math.abs(end - budget.plannedMs) < 1e-6, `${end} vs planned ${budget.plannedMs}`);
    assert.ok(end <= 1500 && end > 1500 - BASE_IMAGES * COST.patch!, String(end));
    assert.equal(budget.limitedBy, 'time');
    assert.equal(budget.caseMs, COST.patch);
    assert.equal(budget.ranInferences, budget.plannedInferences);
    assert.match(budget.skipped.join(';'), new RegExp(`^${65 - candidates} of 65 trigger candidates`));
  });

  it('a fast model: the full plan under the inference cap, bounded by nothing', async () => {
    const sim = simulation(100, 0.05);
    const { plan, budget } = await executePlan(sim.run, target, sim.warm, LOAD_MS, { budgetMs: 1500, maxInferences: 500, threads: 2 }, 0, sim.now);
    assert.equal(plan.candidates.length, 65);
    assert.equal(budget.limitedBy, 'nothing');
    assert.equal(budget.ranInferences, 3 + 47 + 65 * 6 + 1);
  });

  it('a tight cap: limited by the inference cap', async () => {
    const sim = simulation(100);
    const { plan, budget } = await executePlan(sim.run, target, sim.warm, LOAD_MS, { budgetMs: 60_000, maxInferences: 200, threads: 0 }, 0, sim.now);
    assert.equal(budget.limitedBy, 'inferences');
    assert.equal(plan.candidates.length, Math.floor((200 - 3 - 47) / 6));
    assert.ok(budget.ranInferences <= 200);
  });
});
