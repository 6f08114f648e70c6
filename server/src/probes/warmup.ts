// The warm-up: synthesise inputs and run the timing case. When the runtime rejects the input
// shape, climb the free-dimension ladder (dims.ts): each retry is one inference, counted against
// the budget and reported, and none starts once the budget is spent or when the larger size
// might not finish well before the sandbox's deadline.
import { isShapeError, MAX_INPUT_ELEMENTS } from '../core/probes/dims';
import { synthesizeInputs, type InputSynthesis } from '../core/probes/inputs';
import { TIMING_RUNS, timingCase } from '../core/probes/plan';
import { primaryInput } from '../core/probes/target';
import type { OnnxModel } from '../core/formats/onnx/types';
import type { CaseResult, ProbeCase, ProbeInput, SessionValue, ShapeRetry } from '../core/probes/types';

export type RunCases = (inputs: ProbeInput[], cases: ProbeCase[], threads: number) => Promise<CaseResult[]>;

export interface WarmUpLimits {
  /** performance.now() at the start of the run. */
  started: number;
  budgetMs: number;
  deadlineMs: number;
}

export interface WarmUp {
  synth: InputSynthesis;
  primary?: ProbeInput;
  /** The timing runs (all TIMING_RUNS when the warm-up succeeded). */
  timing: CaseResult[];
  /** Sizes the runtime rejected with a shape error, in order. */
  retries: ShapeRetry[];
  /** Wall time of the request that ran the warm timing cases (IPC, inputs and output sampling included). */
  warmWallMs: number;
  /** The last inference error, when no size worked; `stopped` says why no larger size was tried. */
  error?: string;
  stopped?: string;
}

export async function warmUp(run: RunCases, session: readonly SessionValue[], model: OnnxModel | undefined, limits: WarmUpLimits): Promise<WarmUp> {
  const retries: ShapeRetry[] = [];
  for (let rung = 0; ; rung++) {
    const synth = synthesizeInputs(session, model, rung);
    const primary = primaryInput(synth.inputs);
    if (synth.unsupported.length > 0 || !primary) return { synth, timing: [], retries, warmWallMs: 0 };
    const timing = timingCase({ inputs: synth.inputs, primary });
    const first = (await run(synth.inputs, [timing], 1))[0]!;
    if (first.error === undefined) {
      const t0 = performance.now();
      const rest = await run(synth.inputs, Array.from({ length: TIMING_RUNS - 1 }, () => timing), 1);
      return { synth, primary, timing: [first, ...rest], retries, warmWallMs: performance.now() - t0 };
    }
    const stopped = isShapeError(first.error)
      ? retryRefusal(synth, synthesizeInputs(session, model, rung + 1), first.ms, limits)
      : undefined;
    if (!isShapeError(first.error) || stopped) {
      const out: WarmUp = { synth, primary, timing: [first], retries, warmWallMs: 0, error: first.error };
      if (stopped && retries.length > 0) out.stopped = stopped;
      return out;
    }
    retries.push({ sizes: sizesOf(synth), error: first.error });
  }
}

/** The free dimensions' sizes of one attempt, e.g. `{ sequence: 8 }`. */
export function sizesOf(s: InputSynthesis): Record<string, number> {
  return Object.fromEntries(s.freeDims.map((d) => [d, s.freeDimensionOverrides[d]!]));
}

const elements = (s: InputSynthesis) => s.inputs.reduce((a, i) => a + i.shape.reduce((x, y) => x * y, 1), 0);

/** Why the next rung is not tried, or undefined when it may be. */
export function retryRefusal(now: InputSynthesis, next: InputSynthesis, failedMs: number, o: WarmUpLimits, at = performance.now()): string | undefined {
  if (next.inputs.every((x, i) => x.shape.join() === now.inputs[i]?.shape.join())) return 'the size ladder ends there';
  const big = next.inputs.find((i) => i.shape.reduce((a, b) => a * b, 1) > MAX_INPUT_ELEMENTS);
  if (big) return `input '${big.name}' would exceed ${MAX_INPUT_ELEMENTS} elements`;
  const elapsed = at - o.started;
  if (elapsed >= o.budgetMs) return `the ${o.budgetMs} ms budget is spent`;
  // The larger attempt and its timing runs, scaled from the failed one; half the deadline stays in reserve.
  const projected = (TIMING_RUNS + 1) * Math.max(1, failedMs) * (elements(next) / Math.max(1, elements(now)));
  if (elapsed + projected > o.deadlineMs / 2) return `the next size might not finish well within the ${o.deadlineMs} ms deadline`;
  return undefined;
}
