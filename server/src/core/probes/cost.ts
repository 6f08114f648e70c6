// What the probe run costs in wall time, from what the warm-up measured: the plan is sized with
// it, and the time it predicts for the plan is the model's own budget (reported next to the
// actual time, so the planner's accuracy is visible).
import { TIMING_RUNS, type PlanOptions } from './plan';
import type { CaseResult } from './types';

export interface CostModel {
  /** One inference alone (the fastest warm run): what the report calls the warm inference. */
  inferenceMs: number;
  /** One case in the worker: inputs built, inference, outputs sampled. */
  caseMs: number;
  /** Fixed cost of one request to the worker (IPC both ways), paid once per batch of cases. */
  requestMs: number;
  /** Creating a session; the multi-thread determinism run needs a second one. */
  loadMs: number;
}

/**
 * Ending the child and building the report: not measurable before it happens (15–70 ms seen on
 * a 2-core Linux VM: the runtime's teardown dominates), so a fixed allowance.
 */
export const CLOSE_MS = 30;
/** A second session (the multi-thread run) reuses the runtime's start-up: about half the first load. */
const SECOND_SESSION_SHARE = 0.5;
/** Floor for one case, so a clock's resolution cannot promise thousands of inferences. */
const MIN_CASE_MS = 0.02;

/**
 * The cost model from the warm timing runs (all but the first) and the wall time of the request
 * that ran them. Each case's cost is the fastest warm one: the first case of a request still runs
 * the worker's JavaScript cold and builds the base image (a request then reuses it), which later
 * cases do not; worker-side case time is `wallMs` when the worker reports it.
 */
export function costModel(timing: readonly CaseResult[], warmWallMs: number, loadMs: number): CostModel {
  const warm = timing.slice(1);
  const inferenceMs = Math.min(...warm.map((r) => r.ms));
  const caseTimes = warm.map((r) => r.wallMs ?? r.ms);
  const caseMs = Math.max(MIN_CASE_MS, Math.min(...caseTimes));
  const requestMs = Math.max(0, warmWallMs - caseTimes.reduce((a, b) => a + b, 0));
  return { inferenceMs, caseMs, requestMs, loadMs };
}

/**
 * The same model with the case cost measured on a batch that ran (the first phase): the median
 * case, so that the few cases that build a base image or add Gaussian noise do not count for the
 * patch cases that follow; the request overhead is what the batch's wall time adds to its cases.
 */
export function measuredCost(c: CostModel, results: readonly CaseResult[], wallMs: number): CostModel {
  const times = results.map((r) => r.wallMs ?? r.ms).sort((a, b) => a - b);
  if (times.length === 0) return c;
  const caseMs = Math.max(MIN_CASE_MS, times[times.length >> 1]!);
  return { ...c, caseMs, requestMs: Math.max(0, wallMs - times.reduce((a, b) => a + b, 0)) };
}

/** Time after `elapsedMs` not spent on single-thread cases: one request for them, the determinism re-run, the close. */
function fixedMs(c: CostModel, threads: number): number {
  return c.requestMs + (threads > 0 ? SECOND_SESSION_SHARE * c.loadMs + c.caseMs + c.requestMs : 0) + CLOSE_MS;
}

/** Inferences the budget allows after `elapsedMs`, with `used` inferences already run. */
export function inferenceSlots(o: PlanOptions, c: CostModel, elapsedMs: number, used = TIMING_RUNS): number {
  const available = o.budgetMs - elapsedMs - fixedMs(c, o.threads);
  const slots = Math.floor(available / c.caseMs);
  return Math.max(0, Math.min(o.maxInferences - used, slots));
}

/**
 * The wall time the planner expects the run to take when `cases` single-thread cases remain after
 * `elapsedMs` (`threads` > 0: the multi-thread re-run follows): the model's own budget.
 */
export function plannedMs(cases: number, threads: number, c: CostModel, elapsedMs: number): number {
  return elapsedMs + cases * c.caseMs + fixedMs(c, threads);
}
