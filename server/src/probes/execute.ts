// Runs the probe plan in the sandbox: the plan is sized from the warm-up's cost model, the probes
// other than the trigger scan run first, and the trigger scan then runs in rounds, each re-sized
// from what the previous batch really cost (the warm-up's few runs still carry cold-start costs),
// so a model whose plan the time budget bounds ends close to that budget. The multi-thread
// determinism run comes last.
import { firstPhaseCases } from '../core/probes/analyze';
import { costModel, inferenceSlots, measuredCost, plannedMs } from '../core/probes/cost';
import { BASE_IMAGES, buildPlan, fitTrigger, MIN_TRIGGER_CANDIDATES, TIMING_RUNS, timingCase, triggerCases, type PlanOptions, type ProbePlan, type ProbeTarget } from '../core/probes/plan';
import type { CaseResult, ProbeBudget } from '../core/probes/types';
import type { RunCases, WarmUp } from './warmup';

/** Rounds of the trigger scan; each re-sizes the rest with the cost measured in the one before. */
const TRIGGER_ROUNDS = 3;

export interface Executed {
  plan: ProbePlan;
  /** Single-thread results in `mainCases` order. */
  main: CaseResult[];
  threaded?: CaseResult;
  budget: ProbeBudget;
}

/** `now` is the clock (tests pass a simulated one). */
export async function executePlan(run: RunCases, target: ProbeTarget, warm: WarmUp, loadMs: number, o: PlanOptions, started: number, now = () => performance.now()): Promise<Executed> {
  let cost = costModel(warm.timing, warm.warmWallMs, loadMs);
  const used = TIMING_RUNS + warm.retries.length;
  let elapsed = now() - started;
  let slots = inferenceSlots(o, cost, elapsed, used);
  let cap = o.maxInferences - used;
  const plan = buildPlan(target, slots, o);
  const first = firstPhaseCases(plan, target);
  let planned = plannedMs(first.length, plan.threads, cost, elapsed);
  const t0 = now();
  const main = await run(target.inputs, first, 1);
  if (plan.candidatesPlanned > 0) {
    // The trigger scan in rounds: half of what fits, a quarter, then the rest, each round re-sized
    // with the cost of the round before (patch cases cost less than noise or perturbed ones).
    let batch = { results: main, wallMs: now() - t0 };
    let done = 0;
    for (let round = 0; round < TRIGGER_ROUNDS; round++) {
      cost = measuredCost(cost, batch.results, batch.wallMs);
      elapsed = now() - started;
      const ran = used + main.length + (plan.threads > 0 ? 1 : 0);
      slots = inferenceSlots(o, cost, elapsed, ran);
      cap = o.maxInferences - ran;
      fitTrigger(plan, target, done * BASE_IMAGES + slots, done);
      const remaining = plan.candidates.length - done;
      planned = plannedMs(remaining * BASE_IMAGES, plan.threads, cost, elapsed);
      if (remaining <= 0) break;
      // The first round alone runs enough candidates for a meaningful median, so a later shrink cannot undo the scan.
      const take = round === TRIGGER_ROUNDS - 1 ? remaining : Math.min(remaining, Math.max(MIN_TRIGGER_CANDIDATES - done, Math.ceil(remaining / 2)));
      const cases = triggerCases(plan, target).slice(done * BASE_IMAGES, (done + take) * BASE_IMAGES);
      const t1 = now();
      const results = await run(target.inputs, cases, 1);
      batch = { results, wallMs: now() - t1 };
      main.push(...results);
      done += take;
    }
  }
  const threaded = plan.threads > 0 ? (await run(target.inputs, [timingCase(target)], plan.threads))[0] : undefined;
  const budget: ProbeBudget = {
    targetMs: o.budgetMs, warmInferenceMs: cost.inferenceMs, caseMs: cost.caseMs, plannedMs: planned,
    limitedBy: plan.skipped.length === 0 ? 'nothing' : slots >= cap ? 'inferences' : 'time',
    plannedInferences: plan.planned + used,
    ranInferences: warm.retries.length + warm.timing.length + main.length + (threaded ? 1 : 0),
    maxInferences: o.maxInferences, skipped: plan.skipped, notApplicable: plan.notApplicable,
  };
  return { plan, main, ...(threaded ? { threaded } : {}), budget };
}
