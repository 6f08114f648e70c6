// MSL901–MSL919: runtime probes (onnxruntime in a sandboxed child process). Results are evidence
// from synthetic inputs, worded as such; each description states the method and its thresholds.
import type { RuleMeta } from './types';

const family = 'probe' as const;

export const PROBE_TRIGGER: RuleMeta = {
  id: 'MSL901', name: 'probe-trigger-sensitivity', title: 'Trigger-like sensitivity to a small patch', family, severity: 'high', confidence: 'medium',
  why: 'A small patch that sends almost every input to the same class is how patch-triggered backdoors behave.',
  description: 'Image classifiers with more than two classes only. A handful of synthetic base images (smooth random colour fields in the input\'s value range) ' +
    'are classified, then classified again with each candidate patch pasted in: solid colours (white, black, grey and primaries at the range ends), two checkerboards ' +
    'and seeded noise, each a square of one fifth of the shorter image side at the four corners and the centre. For a candidate and a class, the eligible inputs are ' +
    'the base images not already in that class; its flip rate is the share of them the patch sends to that class, over the class with the highest rate among ' +
    'those where at least half the base images are eligible. A candidate is flagged when its flip rate is at least 90% and its robust z-score against all ' +
    'candidates, (rate − median) / (1.4826 × MAD), is at least 3 (the MAD is floored at one base image\'s share, so a lone outlier among zeros still has a finite score). ' +
    'The budget may drop the least common patterns; what was skipped is reported. Exact-pattern triggers (one magic pixel value) are not found this way: static ' +
    'analysis (MSL748) is the primary detector.',
  safeAlternative: 'Treat the model as untrusted: compare it with a model from the original source, inspect the graph near the outputs (MSL748), and evaluate it with the reported patch on real data.',
};

export const PROBE_OUTPUT_EXPOSURE: RuleMeta = {
  id: 'MSL902', name: 'probe-output-exposure', title: 'Full-precision score vector exposed', family, severity: 'info', confidence: 'high',
  why: 'Serving every class score at full precision makes membership-inference and model-inversion attacks on the training data much easier.',
  description: 'The classifier output (a float tensor with one non-unit dimension K ≥ 2) was read on the probe inputs: the report says whether it holds probabilities ' +
    '(values in [0, 1] summing to 1) or logits, and how many significant digits the values carry. This is a property of how the model is served, so it is ' +
    'information for whoever deploys it, not a defect of the file.',
  safeAlternative: 'Return only the top-1 label, or the top-k scores rounded to one or two decimals, from the service that runs the model.',
};

export const PROBE_OVERCONFIDENT: RuleMeta = {
  id: 'MSL903', name: 'probe-overconfident-noise', title: 'Confident predictions on random noise', family, severity: 'low', confidence: 'medium',
  why: 'A model that gives random noise a confident label cannot be trusted to signal out-of-distribution inputs and leaks more about its decision surface.',
  description: 'Uniform noise over the input\'s value range is classified (24 inputs unless the budget is tight); the top probability (softmax of logits when the output ' +
    'is not already a distribution) is binned into a ten-bin histogram for the report. Reported when more than half the noise inputs get a top probability above 0.9.',
  safeAlternative: 'Calibrate the model (temperature scaling) and add an out-of-distribution check before acting on its predictions.',
};

export const PROBE_NONFINITE: RuleMeta = {
  id: 'MSL904', name: 'probe-nonfinite-output', title: 'NaN or infinite output on boundary inputs', family, severity: 'medium', confidence: 'high',
  why: 'NaN or infinity from ordinary inputs breaks every decision made on the output and can be used to force a failure path.',
  description: 'The model is run on constant inputs at the low and high ends of the value range, its midpoint and zero (in range), and one range-width beyond each end ' +
    '(out of range). Any NaN or ±Inf in an output is reported: medium for in-range inputs, low when only out-of-range inputs cause it.',
  safeAlternative: 'Clamp and validate inputs before inference, and check outputs for NaN/Inf before using them.',
};

export const PROBE_NONDETERMINISTIC: RuleMeta = {
  id: 'MSL905', name: 'probe-nondeterministic', title: 'Outputs differ between identical runs', family, severity: 'medium', confidence: 'medium',
  why: 'A model that answers the same input differently carries randomness or state, which can hide behaviour that only shows on some runs.',
  description: 'The same input is run three times in one session (one intra-op thread) and once more in a session with several intra-op threads. Any difference ' +
    'between runs of the same session is reported as medium (random operators or hidden state). A difference above 1e-4 (relative to the output\'s magnitude) ' +
    'between one thread and several is reported as low: parallel reductions reorder floating-point sums, but not by that much.',
  safeAlternative: 'Look for Random* operators and stateful constructs in the graph; seed or remove them for inference.',
};

export const PROBE_UNSTABLE: RuleMeta = {
  id: 'MSL906', name: 'probe-noise-instability', title: 'Predictions flip under small noise', family, severity: 'info', confidence: 'medium',
  why: 'Predictions that change under barely visible noise show the model is easy to evade with small perturbations.',
  description: 'Each base image is perturbed with Gaussian noise of 3% of the value range (two draws) and re-classified. The flip rate is always in the report; a finding ' +
    'is added when at least 25% of the perturbed inputs change class. Information only: synthetic base images are not real data.',
  safeAlternative: 'Evaluate robustness on real data (adversarial or noise augmentation) before relying on the model in an adversarial setting.',
};

export const PROBE_NOT_RUN: RuleMeta = {
  id: 'MSL910', name: 'probe-not-run', title: 'Runtime probes not run', family, severity: 'info', confidence: 'high',
  why: 'Probes only run on models static analysis cleared, in a trusted workspace, with inputs they can synthesise.',
  description: 'Probes are refused in an untrusted workspace, for files that are not ONNX, when the static scan found external data (MSL743/MSL744), custom-domain or ' +
    'Python operators (MSL741/MSL742), a runaway Loop (MSL745), a malformed protobuf (MSL740) or hit a scan limit, and for inputs of types the probes cannot synthesise ' +
    '(strings, sequences, maps, float16). The message says which.',
  safeAlternative: 'Resolve the static findings first; run probes only on models you are prepared to execute in the sandbox.',
};

export const PROBE_DEADLINE: RuleMeta = {
  id: 'MSL911', name: 'probe-deadline', title: 'Model did not finish before the deadline', family, severity: 'medium', confidence: 'medium',
  why: 'A model that cannot finish a few small inferences in seconds may contain an unbounded loop or be built to exhaust the machine that runs it.',
  description: 'The probe child process has a hard wall-clock deadline (10 s by default) enforced by SIGKILL of its process group. When the deadline passes, the child ' +
    'is killed and the probes completed so far are not reported.',
  safeAlternative: 'Inspect Loop and Scan operators (MSL745) and run the model only with a timeout.',
};

export const PROBE_RUNTIME_ERROR: RuleMeta = {
  id: 'MSL912', name: 'probe-runtime-error', title: 'ONNX Runtime could not load or run the model', family, severity: 'info', confidence: 'high',
  why: 'When the runtime rejects the model, nothing was learnt from probes; the error may also show that the file is not what it claims.',
  description: 'onnxruntime-node raised an error while loading the model or running an inference (or the runtime is not available on this platform). The message quotes it. ' +
    'Before that, the inputs are made to suit the model: the batch dimension is 1, other symbolic dimensions start at 8 (image sides at 32), and small ' +
    'integer inputs that the graph compares with a constant (a sample rate checked against 16000) are fed that constant. When the first inference fails ' +
    'with a shape error, larger sizes are tried in turn (8, 64, 512, 4096; image sides 32, 64, 224), one inference each, counted in the budget and listed ' +
    'in the report; no retry starts once the budget is spent, past four million values per input, or when it might not finish within half the deadline. ' +
    'When no size works, the message names the sizes tried.',
  safeAlternative: 'Check that the model loads with the runtime version you deploy.',
};

export const PROBE_MEMORY: RuleMeta = {
  id: 'MSL913', name: 'probe-memory-limit', title: 'Model exceeded the probe memory limit', family, severity: 'medium', confidence: 'low',
  why: 'A small model that needs more memory than the sandbox allows may be built to exhaust the memory of whatever runs it.',
  description: 'On Linux and macOS the child runs under an address-space limit (`ulimit -v`, RLIMIT_AS) of 1.5 GiB plus eight times the model size; the JavaScript heap ' +
    'is further capped with `--max-old-space-size`. Native allocations beyond the limit fail inside the runtime, which then aborts or reports an allocation error.',
  safeAlternative: 'Inspect the graph for operators whose output size depends on input values (Expand, Tile, ConstantOfShape, Range) and run it with memory limits.',
};

export const PROBE_CRASH: RuleMeta = {
  id: 'MSL914', name: 'probe-runtime-crash', title: 'The runtime crashed on the model', family, severity: 'high', confidence: 'low',
  why: 'A native crash of the runtime while loading or running a model is how memory-corruption exploits against model loaders show.',
  description: 'The sandboxed child process died from a signal (SIGSEGV, SIGBUS, SIGABRT...) that the sandbox did not send. The model may exploit a parser or kernel bug ' +
    'of the runtime version in use, or trigger an unhandled corner case.',
  safeAlternative: 'Do not load the model in an unsandboxed process; report the crash to the runtime\'s maintainers with the file.',
};

export const PROBE_BUDGET: RuleMeta = {
  id: 'MSL915', name: 'probe-budget-skipped', title: 'Part of the probe plan was skipped', family, severity: 'info', confidence: 'high',
  why: 'Probes are sized to a time budget from one measured inference, so slow models get fewer or no trigger candidates.',
  description: 'The warm-up runs one input three times; the fastest warm case (building the inputs, the inference and reading the outputs) is the cost of a case. ' +
    'The plan is sized so that the whole run, start-up included, takes about 1.5 s (at most 500 inferences), allowing for the second session of the ' +
    'multi-thread run and the end of the child process. The probes other than the trigger scan run first; the trigger scan then runs in three rounds ' +
    '(half of what fits, a quarter, the rest), each re-sized with the median case cost of the round before, so a model the budget bounds ends close to it. ' +
    'When the budget is short, trigger candidates go first, then noise-stability and noise inputs. The message lists what was left out; the report gives ' +
    'the time the planner expected the run to take (the model\'s own budget, below 1.5 s when every probe fits) next to the actual time.',
  safeAlternative: 'Run `msl probe --budget-ms` with a larger budget for a fuller scan.',
};

export const probeRules: readonly RuleMeta[] = [
  PROBE_TRIGGER, PROBE_OUTPUT_EXPOSURE, PROBE_OVERCONFIDENT, PROBE_NONFINITE, PROBE_NONDETERMINISTIC, PROBE_UNSTABLE,
  PROBE_NOT_RUN, PROBE_DEADLINE, PROBE_RUNTIME_ERROR, PROBE_MEMORY, PROBE_CRASH, PROBE_BUDGET,
];
