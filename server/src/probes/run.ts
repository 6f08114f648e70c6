// Runs the probes on one model: static scan and gate first, then the sandboxed worker for the
// warm-up (warmup.ts), the plan sized to the budget and run (execute.ts), then pure analysis.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createFinding, compareFindings, type Finding } from '../core/findings';
import { BufferByteSource } from '../core/io/byteSource';
import { DEFAULT_LIMITS } from '../core/limits';
import { parseOnnx } from '../core/formats/onnx/parse';
import type { OnnxModel } from '../core/formats/onnx/types';
import { scanBytes, type ScanResult } from '../core/scan';
import { analyzeRun } from '../core/probes/analyze';
import { probeFindings } from '../core/probes/findings';
import { probeGate } from '../core/probes/gate';
import { DEFAULT_PLAN_OPTIONS, type PlanOptions } from '../core/probes/plan';
import { probeTarget } from '../core/probes/target';
import type { InputSynthesis } from '../core/probes/inputs';
import type { CaseResult, FromWorker, ProbeCase, ProbeInput, ProbeReport, SandboxEnd, ShapeRetry } from '../core/probes/types';
import { PROBE_CRASH, PROBE_DEADLINE, PROBE_MEMORY, PROBE_NOT_RUN, PROBE_RUNTIME_ERROR } from '../core/rules/probes';
import type { RuleMeta } from '../core/rules/types';
import { defaultMemoryLimitMB, Sandbox, SandboxEndedError } from './sandbox';
import { executePlan } from './execute';
import { sizesOf, warmUp } from './warmup';

export interface ProbeOptions {
  /** Workspace Trust (the CLI is trusted: the user ran it on the file). */
  trusted: boolean;
  budgetMs?: number;
  maxInferences?: number;
  /** Hard wall-clock deadline of the child process. */
  deadlineMs?: number;
  /** Address-space limit of the child; null = none; default from the model size. */
  memoryLimitMB?: number | null;
  /** Intra-op threads of the determinism re-run (default min(4, cores); 0 or 1 skips it). */
  threads?: number;
  /** Automatic runs: models above this size are refused. */
  autoMaxBytes?: number;
  /** The file's static scan, when the caller has it already. */
  scan?: ScanResult;
  workerScript?: string;
}

export const DEFAULT_DEADLINE_MS = 10_000;
/** Probes load the whole model into the child; larger files are refused. */
export const MAX_PROBE_BYTES = 1024 ** 3;
const MAX_VALUES = 4096;

export async function probeFile(filePath: string, o: ProbeOptions): Promise<ProbeReport> {
  const started = performance.now();
  let bytes: Uint8Array;
  try {
    const size = fs.statSync(filePath).size;
    if (size > MAX_PROBE_BYTES) return refused(`the file is larger than ${MAX_PROBE_BYTES / 1024 ** 2} MB`, started);
    bytes = fs.readFileSync(filePath);
  } catch (e) {
    return refused(`the file could not be read: ${(e as Error).message}`, started);
  }
  return probeBytes(bytes, path.basename(filePath), o, started);
}

export async function probeBytes(bytes: Uint8Array, fileName: string, o: ProbeOptions, started = performance.now()): Promise<ProbeReport> {
  const scan = o.scan ?? (await scanBytes(bytes, fileName));
  const gate = probeGate({ format: scan.format, findings: scan.findings, trusted: o.trusted, size: bytes.length, ...(o.autoMaxBytes !== undefined ? { autoMaxBytes: o.autoMaxBytes } : {}) });
  if (!gate.allowed) return refused(gate.reason, started);
  const model = parseOnnx(new BufferByteSource(bytes, 0), { maxStructureBytes: DEFAULT_LIMITS.maxHeaderBytes, maxGraphDepth: DEFAULT_LIMITS.maxNestingDepth }).model;
  return runAdmitted(bytes, model, o, started);
}

/** Runs the probes without the gate: only for callers that applied `probeGate` (and tests of the sandbox itself). */
export async function runAdmitted(bytes: Uint8Array, model: OnnxModel | undefined, o: ProbeOptions, started = performance.now()): Promise<ProbeReport> {
  const deadlineMs = o.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const memoryLimitMB = o.memoryLimitMB === null ? undefined : o.memoryLimitMB ?? defaultMemoryLimitMB(bytes.length);
  const planOptions: PlanOptions = {
    budgetMs: o.budgetMs ?? DEFAULT_PLAN_OPTIONS.budgetMs,
    maxInferences: o.maxInferences ?? DEFAULT_PLAN_OPTIONS.maxInferences,
    threads: normaliseThreads(o.threads),
  };
  const report = emptyReport('completed', started);
  const sandbox = Sandbox.start({ deadlineMs, ...(memoryLimitMB !== undefined ? { memoryLimitMB } : {}), ...(o.workerScript ? { workerScript: o.workerScript } : {}) });
  report.sandbox = { deadlineMs, ...(sandbox.memoryLimitMB !== undefined ? { memoryLimitMB: sandbox.memoryLimitMB } : {}), ...(sandbox.pid !== undefined ? { pid: sandbox.pid } : {}) };
  let runId = 0;
  const run = async (inputs: ProbeInput[], cases: ProbeCase[], threads: number): Promise<CaseResult[]> => {
    const reply = expect(await sandbox.request({ type: 'run', id: ++runId, inputs, cases, threads, maxValues: MAX_VALUES }), 'ran');
    return reply.results;
  };
  try {
    const hello = expect(await sandbox.next(), 'hello');
    report.runtimeVersion = hello.runtimeVersion;
    report.timings.startupMs = performance.now() - started;
    const loaded = expect(await sandbox.request({ type: 'load', model: bytes, freeDimensionOverrides: {} }), 'loaded');
    report.timings.loadMs = loaded.loadMs;
    report.outputs = loaded.outputs;
    const warm = await warmUp(run, loaded.inputs, model, { started, budgetMs: planOptions.budgetMs, deadlineMs });
    const { synth, primary, timing, retries } = warm;
    report.inputs = synth.inputs;
    if (Object.keys(synth.freeDimensionOverrides).length > 0) report.freeDimensions = { sizes: sizesOf(synth), retries };
    if (synth.unsupported.length > 0 || !primary) {
      await sandbox.close();
      return finish(report, 'refused', `the probes cannot synthesise input(s) ${synth.unsupported.join(', ') || '(none declared)'}`, PROBE_NOT_RUN);
    }
    const failedTiming = timing.find((r) => r.error !== undefined);
    if (failedTiming) {
      await sandbox.close();
      return finish(report, 'runtime-error', `inference failed on a synthetic input${triedSizes(retries, synth, warm.stopped)}: ${failedTiming.error}`, PROBE_RUNTIME_ERROR);
    }
    const target = probeTarget(synth.inputs, primary, timing[0]?.outputs);
    if (target.classifier) report.classifier = target.classifier;
    const { plan, main, threaded, budget } = await executePlan(run, target, warm, loaded.loadMs, planOptions, started);
    const exit = await sandbox.close();
    report.sandbox.killLatencyMs = exit.killLatencyMs;
    report.budget = budget;
    report.probes = analyzeRun(target, plan, { timing, main, ...(threaded ? { threaded } : {}) });
    report.findings = probeFindings(report);
    report.timings.totalMs = performance.now() - started;
    report.findings.sort(compareFindings);
    return report;
  } catch (e) {
    if (!(e instanceof SandboxEndedError) && !(e instanceof WorkerFailed)) sandbox.kill('crashed');
    const exit = e instanceof SandboxEndedError ? e.exit : await sandbox.close();
    if (exit.killLatencyMs !== undefined) report.sandbox.killLatencyMs = exit.killLatencyMs;
    if (e instanceof WorkerFailed) return finish(report, 'runtime-error', `onnxruntime ${e.stage === 'load' ? 'could not load the model' : 'failed'}: ${e.message}`, PROBE_RUNTIME_ERROR);
    if (!(e instanceof SandboxEndedError)) throw e;
    return endedReport(report, exit.end, deadlineMs, sandbox.memoryLimitMB, exit.signal, exit.stderr);
  }
}

/** ` (free dimensions tried: sequence=8, 64, 512; why no larger size)`, when the warm-up retried. */
function triedSizes(retries: readonly ShapeRetry[], synth: InputSynthesis, stopped: string | undefined): string {
  if (retries.length === 0) return '';
  const last = sizesOf(synth);
  const sizes = Object.keys(last).map((d) => `${d}=${[...retries.map((r) => r.sizes[d]), last[d]].join(', ')}`).join('; ');
  return ` (free dimensions tried: ${sizes}${stopped ? `; ${stopped}` : ''})`;
}

class WorkerFailed extends Error {
  constructor(readonly stage: string, message: string) {
    super(message);
  }
}

function expect<T extends FromWorker['type']>(m: FromWorker, type: T): Extract<FromWorker, { type: T }> {
  if (m.type === 'failed') throw new WorkerFailed(m.stage, m.message);
  if (m.type !== type) throw new WorkerFailed('protocol', `expected '${type}' from the probe worker, got '${m.type}'`);
  return m as Extract<FromWorker, { type: T }>;
}

function normaliseThreads(t: number | undefined): number {
  const n = t ?? Math.min(4, os.availableParallelism());
  return n > 1 ? n : 0;
}

function endedReport(report: ProbeReport, end: SandboxEnd, deadlineMs: number, memoryMB: number | undefined, signal: string | null, stderr: string): ProbeReport {
  const tail = stderr.trim().split('\n').slice(-3).join(' | ');
  switch (end) {
    case 'deadline':
      return finish(report, end, `the model did not finish within the ${deadlineMs} ms deadline; the probe process was killed`, PROBE_DEADLINE);
    case 'memory':
      return finish(report, end, `the probe process ran out of memory (limit ${memoryMB ?? 'none'} MB)${tail ? `: ${tail}` : ''}`, PROBE_MEMORY);
    case 'runtime-error':
      return finish(report, end, `onnxruntime-node could not start${tail ? `: ${tail}` : ''}`, PROBE_RUNTIME_ERROR);
    default:
      return finish(report, 'crashed', `the probe process died${signal ? ` from ${signal}` : ''}${tail ? `: ${tail}` : ''}`, PROBE_CRASH);
  }
}

function finish(report: ProbeReport, status: SandboxEnd, reason: string, rule: RuleMeta): ProbeReport {
  report.status = status;
  report.reason = reason;
  report.findings = [finding(rule, reason)];
  report.timings.totalMs = performance.now() - (startedAt.get(report) ?? performance.now());
  return report;
}

function finding(rule: RuleMeta, reason: string): Finding {
  const text = reason.charAt(0).toUpperCase() + reason.slice(1);
  return createFinding(rule, { message: `Runtime probes: ${text}.`, location: { kind: 'file' } });
}

/** When each report's run started, for its total time. */
const startedAt = new WeakMap<ProbeReport, number>();

function emptyReport(status: SandboxEnd, started: number): ProbeReport {
  const r: ProbeReport = { status, inputs: [], outputs: [], timings: { startupMs: 0, loadMs: 0, totalMs: 0 }, probes: {}, findings: [] };
  startedAt.set(r, started);
  return r;
}

function refused(reason: string, started: number): ProbeReport {
  const r = emptyReport('refused', started);
  return finish(r, 'refused', reason, PROBE_NOT_RUN);
}
