// Runtime probes: the data that crosses the sandbox boundary (plan in, raw outputs back) and the
// report the parent builds from it. Everything here is plain data (structured-clone friendly).
import type { Finding } from '../findings';

/** Element types the probes can synthesise (onnxruntime-node's tensor type names). */
export type ProbeDType = 'float32' | 'float64' | 'int32' | 'int64' | 'uint8' | 'int8' | 'bool';
export const PROBE_DTYPES: readonly ProbeDType[] = ['float32', 'float64', 'int32', 'int64', 'uint8', 'int8', 'bool'];

export type ImageLayout = 'NCHW' | 'NHWC';

/**
 * Where the value range of an input came from. `assumed` means nothing said: [0, 1] was used;
 * `comparison` is a small integer input fed the constant the graph compares it with (lo = hi).
 */
export type RangeSource = 'assumed' | 'normalisation' | 'comparison' | 'metadata' | 'dtype';

export interface ValueRange {
  lo: number;
  hi: number;
  source: RangeSource;
  /** What the range was read from (node name, metadata key...). */
  detail: string;
}

/** One model input as the probes feed it: symbolic dims already fixed. */
export interface ProbeInput {
  name: string;
  dtype: ProbeDType;
  shape: number[];
  /** The declared shape, symbolic dims as their names (or '?'). */
  declared: (number | string)[];
  range: ValueRange;
  layout?: ImageLayout;
}

/** The session's view of an input or output (onnxruntime's metadata). */
export interface SessionValue {
  name: string;
  isTensor: boolean;
  /** Tensor element type name, when a tensor. */
  type?: string;
  shape?: (number | string)[];
}

/** A square patch pasted into an image: `colour` is one fraction of the range per channel. */
export interface PatchSpec {
  pattern: 'solid' | 'checker' | 'noise';
  colour?: number[];
  seed?: number;
  /** Top-left corner and side, in pixels. */
  y: number;
  x: number;
  size: number;
  /** Short label for reports, e.g. `white@bottom-right`. */
  label: string;
}

/** How to build one input tensor, materialised inside the worker (keeps IPC messages small). */
export type Recipe =
  | { kind: 'fill'; value: number }
  /** A constant at fraction `t` of the input's range (0 = low end, 1 = high end, 2 = one width above). */
  | { kind: 'level'; t: number }
  | { kind: 'noise'; seed: number }
  | { kind: 'image'; seed: number }
  | { kind: 'perturb'; base: Recipe; seed: number; sigma: number }
  | { kind: 'patch'; base: Recipe; patch: PatchSpec };

/** One inference: a recipe per input (inputs without one get the range midpoint). */
export interface ProbeCase {
  recipes: Record<string, Recipe>;
}

/** What the worker keeps of each output: statistics of all of it, values of the first `maxValues`. */
export interface OutputSample {
  type: string;
  dims: number[];
  count: number;
  nan: number;
  inf: number;
  min: number;
  max: number;
  values: number[];
}

export interface CaseResult {
  /** The inference itself. */
  ms: number;
  /** The whole case in the worker: inputs built, inference, outputs sampled. */
  wallMs?: number;
  outputs?: Record<string, OutputSample>;
  error?: string;
}

/** Parent -> worker. */
export type ToWorker =
  | { type: 'load'; model: Uint8Array; freeDimensionOverrides: Record<string, number> }
  | { type: 'run'; id: number; inputs: ProbeInput[]; cases: ProbeCase[]; threads: number; maxValues: number };

/** Worker -> parent. */
export type FromWorker =
  | { type: 'hello'; runtimeVersion: string }
  | { type: 'loaded'; loadMs: number; inputs: SessionValue[]; outputs: SessionValue[] }
  | { type: 'ran'; id: number; results: CaseResult[] }
  | { type: 'failed'; stage: 'runtime' | 'load' | 'run'; message: string };

/** Why the sandbox ended the child, when it did not end by itself. */
export type SandboxEnd = 'completed' | 'deadline' | 'memory' | 'crashed' | 'runtime-error' | 'refused';

export interface TriggerCandidateResult {
  label: string;
  patch: PatchSpec;
  /** Class most of the eligible inputs went to with this patch. */
  targetClass: number;
  eligible: number;
  flipped: number;
  flipRate: number;
  z: number;
}

export interface TriggerScan {
  bases: number;
  candidatesPlanned: number;
  candidatesRun: number;
  median: number;
  mad: number;
  /** Every candidate, best first (the report's chart). */
  candidates: TriggerCandidateResult[];
  flagged: TriggerCandidateResult[];
}

export interface ConfidenceProbe {
  inputs: number;
  /** Fraction of noise inputs whose top probability is above 0.9. */
  overconfidentFraction: number;
  /** Counts of the top probability in ten bins [0, 0.1), ... [0.9, 1]. */
  histogram: number[];
  /** Whether the output looked like probabilities (else softmax was applied to logits). */
  probabilities: boolean;
}

export interface NumericsProbe {
  cases: { label: string; inRange: boolean; nan: number; inf: number; error?: string }[];
}

export interface DeterminismProbe {
  sameSessionMaxDiff: number;
  threads: number;
  threadsMaxDiff?: number;
}

export interface StabilityProbe {
  sigma: number;
  inputs: number;
  flipRate: number;
}

export interface ExposureProbe {
  output: string;
  classes: number;
  kind: 'probabilities' | 'logits';
  /** Significant decimal digits seen in the values (rounded outputs have few). */
  precisionDigits: number;
}

export interface ProbeBudget {
  targetMs: number;
  warmInferenceMs: number;
  /** One case in the worker as measured in the warm-up (inputs built, inference, outputs sampled). */
  caseMs: number;
  /** The wall time the planner expected this run to take: this model's budget (at most about `targetMs`). */
  plannedMs: number;
  /** What bounded the plan: the time budget, the inference cap, or nothing (every probe that applies fit). */
  limitedBy: 'time' | 'inferences' | 'nothing';
  plannedInferences: number;
  ranInferences: number;
  maxInferences: number;
  /** What the budget left out, in words. */
  skipped: string[];
  /** Probes that do not apply to this model, in words. */
  notApplicable: string[];
}

/** A size of the free dimensions the runtime rejected during the warm-up. */
export interface ShapeRetry {
  /** Free dimension name -> size tried. */
  sizes: Record<string, number>;
  error: string;
}

export interface ProbeReport {
  status: SandboxEnd;
  /** Why the probes did not run or stopped, in words. */
  reason?: string;
  runtimeVersion?: string;
  inputs: ProbeInput[];
  /** Symbolic dimensions: the sizes used, and the larger ones tried after shape errors (see dims.ts). */
  freeDimensions?: { sizes: Record<string, number>; retries: ShapeRetry[] };
  outputs: SessionValue[];
  /** The output the classifier probes read, with its class count. */
  classifier?: { output: string; classes: number; image: boolean };
  budget?: ProbeBudget;
  timings: { startupMs: number; loadMs: number; totalMs: number };
  sandbox?: { memoryLimitMB?: number; deadlineMs: number; pid?: number; killLatencyMs?: number };
  probes: {
    trigger?: TriggerScan;
    exposure?: ExposureProbe;
    confidence?: ConfidenceProbe;
    numerics?: NumericsProbe;
    determinism?: DeterminismProbe;
    stability?: StabilityProbe;
  };
  findings: Finding[];
}
