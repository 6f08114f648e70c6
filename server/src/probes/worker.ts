// The probe sandbox's child process: receives the model's bytes and the plan over IPC, runs
// onnxruntime-node with one intra-op thread, and sends back raw output statistics. It never
// opens a path: the parent already read the file, and the working directory is an empty folder.
import type { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';
import { defaultRecipe, materialize, type ImageCache } from '../core/probes/synth';
import type { CaseResult, FromWorker, OutputSample, ProbeCase, ProbeInput, SessionValue, ToWorker } from '../core/probes/types';

type Ort = typeof import('onnxruntime-node');

let ort: Ort;
let model: Uint8Array | undefined;
let overrides: Record<string, number> = {};
const sessions = new Map<number, InferenceSession>();
/** Base images (six, plus the timing image) are built once and copied for patches and noise. */
const images: ImageCache = new Map();
/** Above this many cached values (64 MB) the cache starts over at the next request. */
const MAX_CACHED_ELEMENTS = 8 * 1024 * 1024;
const cachedElements = () => [...images.values()].reduce((a, v) => a + v.length, 0);

function send(m: FromWorker): void {
  process.send?.(m);
}

async function sessionFor(threads: number): Promise<InferenceSession> {
  const cached = sessions.get(threads);
  if (cached) return cached;
  if (!model) throw new Error('no model loaded');
  const s = await ort.InferenceSession.create(model, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
    freeDimensionOverrides: overrides,
  });
  sessions.set(threads, s);
  return s;
}

function describe(names: readonly string[], meta: readonly unknown[] | undefined): SessionValue[] {
  return names.map((name, i) => {
    const m = meta?.[i] as { name?: string; isTensor?: boolean; type?: string; shape?: (number | string)[] } | undefined;
    const v: SessionValue = { name, isTensor: m?.isTensor ?? true };
    if (m?.type !== undefined) v.type = m.type;
    if (m?.shape !== undefined) v.shape = [...m.shape];
    return v;
  });
}

function tensorFor(input: ProbeInput, values: Float64Array): OrtTensor {
  switch (input.dtype) {
    case 'float32': return new ort.Tensor('float32', Float32Array.from(values), input.shape);
    case 'float64': return new ort.Tensor('float64', Float64Array.from(values), input.shape);
    case 'int32': return new ort.Tensor('int32', Int32Array.from(values), input.shape);
    case 'int64': return new ort.Tensor('int64', BigInt64Array.from(values, (v) => BigInt(v)), input.shape);
    case 'uint8': return new ort.Tensor('uint8', Uint8Array.from(values), input.shape);
    case 'int8': return new ort.Tensor('int8', Int8Array.from(values), input.shape);
    case 'bool': return new ort.Tensor('bool', Uint8Array.from(values, (v) => (v ? 1 : 0)), input.shape);
  }
}

function sample(t: OrtTensor, maxValues: number): OutputSample {
  const out: OutputSample = { type: t.type, dims: [...t.dims], count: 0, nan: 0, inf: 0, min: Infinity, max: -Infinity, values: [] };
  const data = t.data as ArrayLike<number | bigint> | string[];
  if (typeof data === 'object' && data !== null && 'length' in data) {
    out.count = data.length;
    for (let i = 0; i < data.length; i++) {
      const raw = data[i];
      const v = typeof raw === 'bigint' ? Number(raw) : typeof raw === 'number' ? raw : Number.NaN;
      if (Number.isNaN(v)) out.nan++;
      else if (!Number.isFinite(v)) out.inf++;
      else {
        if (v < out.min) out.min = v;
        if (v > out.max) out.max = v;
      }
      if (i < maxValues) out.values.push(v);
    }
  }
  return out;
}

async function runCase(session: InferenceSession, inputs: readonly ProbeInput[], c: ProbeCase, maxValues: number, images: ImageCache): Promise<CaseResult> {
  const prepared = performance.now();
  const feeds: Record<string, OrtTensor> = {};
  for (const input of inputs) feeds[input.name] = tensorFor(input, materialize(c.recipes[input.name] ?? defaultRecipe(input), input, images));
  const started = performance.now();
  try {
    const results = await session.run(feeds);
    const ms = performance.now() - started;
    const outputs: Record<string, OutputSample> = {};
    for (const [name, t] of Object.entries(results)) outputs[name] = sample(t, maxValues);
    return { ms, wallMs: performance.now() - prepared, outputs };
  } catch (e) {
    const ms = performance.now() - started;
    return { ms, wallMs: performance.now() - prepared, error: (e as Error).message };
  }
}

async function handle(m: ToWorker): Promise<void> {
  if (m.type === 'load') {
    model = m.model;
    overrides = m.freeDimensionOverrides;
    const started = performance.now();
    try {
      const s = await sessionFor(1);
      const meta = s as unknown as { inputMetadata?: unknown[]; outputMetadata?: unknown[] };
      send({ type: 'loaded', loadMs: performance.now() - started, inputs: describe(s.inputNames, meta.inputMetadata), outputs: describe(s.outputNames, meta.outputMetadata) });
    } catch (e) {
      send({ type: 'failed', stage: 'load', message: (e as Error).message });
    }
    return;
  }
  try {
    const session = await sessionFor(m.threads);
    const results: CaseResult[] = [];
    if (cachedElements() > MAX_CACHED_ELEMENTS) images.clear();
    for (const c of m.cases) results.push(await runCase(session, m.inputs, c, m.maxValues, images));
    send({ type: 'ran', id: m.id, results });
  } catch (e) {
    send({ type: 'failed', stage: 'run', message: (e as Error).message });
  }
}

async function main(): Promise<void> {
  try {
    const mod = (await import('onnxruntime-node')) as Ort & { default?: Ort };
    ort = mod.default ?? mod;
  } catch (e) {
    send({ type: 'failed', stage: 'runtime', message: `onnxruntime-node is not available: ${(e as Error).message}` });
    process.exit(3);
  }
  // Messages are handled one at a time, in order.
  let queue = Promise.resolve();
  process.on('message', (m: ToWorker) => {
    queue = queue.then(() => handle(m));
  });
  // The parent went away: nothing left to answer.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'hello', runtimeVersion: ort.env.versions.common ?? 'unknown' });
}

void main();
