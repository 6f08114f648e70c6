// Client of cpython_oracle.py: streams cases to one python3 process, survives its crashes and
// hangs (the case in flight is marked and the process restarted for the rest).
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';

export const ORACLE_SCRIPT = path.join(__dirname, 'cpython_oracle.py');

export interface OraclePair {
  module: string;
  name: string;
  /** Protocol in force when find_class was called; null when unknown (C-only calls). */
  proto: number | null;
  /** Which successive load() of the stream asked (0 = the first pickle). */
  load: number;
  /** Spelling after CPython's protocol<3 fix_imports mapping, when it differs. */
  alt: [string, string] | null;
  via: 'GLOBAL' | 'INST' | 'STACK_GLOBAL' | 'EXT' | null;
}

export interface OracleRun {
  pairs: OraclePair[];
  loads: number;
  error: string | null;
  end: number;
}

/**
 * How CPython read the bytes: `py` pure-Python unpickler over io.BytesIO; `c` C unpickler over
 * io.BytesIO (torch's zip members); `cs` C unpickler holding the whole stream (pickle.loads);
 * `cb` C unpickler over a small-buffer BufferedReader (pickle.load(open(...)) on a big file).
 */
export const VARIANTS = ['py', 'c', 'cs', 'cb'] as const;
export type Variant = (typeof VARIANTS)[number];

export interface OracleCaseResult {
  runs: Record<Variant, OracleRun>;
  violations: string[];
  /** Set when the oracle process died or hung on this case. */
  crashed?: string;
}

export interface OracleBatch {
  results: OracleCaseResult[];
  /** Modules that appeared in the oracle's sys.modules while cases ran: must stay empty. */
  newModules: string[];
  violations: string[];
  crashes: number;
}

type RawPair = [string, string, number | null, number, [string, string] | null, OraclePair['via']];
interface RawRun extends Omit<OracleRun, 'pairs'> {
  pairs: RawPair[];
}

export function python3Path(): string {
  return process.env.MSL_PYTHON ?? 'python3';
}

/** Fails loudly when python3 is missing: the oracle tier must never pass by not running. */
export function assertPython(): string {
  const exe = python3Path();
  const probe = spawnSync(exe, ['-c', 'import sys, _pickle; print(sys.version_info[0])'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0 || probe.stdout.trim() !== '3') {
    throw new Error(
      `The CPython oracle needs ${exe} (Python 3 with _pickle) on PATH; set MSL_PYTHON to override. ` +
        `${probe.error?.message ?? probe.stderr ?? ''}`.trim(),
    );
  }
  return exe;
}

function toRun(raw: RawRun): OracleRun {
  const pairs = raw.pairs.map(([module, name, proto, load, alt, via]) => ({ module, name, proto, load, alt, via }));
  return { pairs, loads: raw.loads, error: raw.error, end: raw.end };
}

function crashedResult(reason: string): OracleCaseResult {
  const empty = (): OracleRun => ({ pairs: [], loads: 0, error: reason, end: 0 });
  const runs = Object.fromEntries(VARIANTS.map((v) => [v, empty()])) as Record<Variant, OracleRun>;
  return { runs, violations: [], crashed: reason };
}

export interface OracleOptions {
  /** Silence (ms) after which the case in flight counts as hung. */
  hangMs?: number;
  /** Extra environment for the python process (e.g. MSL_ORACLE_PROBE_GUARD=1). */
  env?: Record<string, string>;
}

/** Runs every case through CPython's unpicklers (all VARIANTS). */
export async function runOracle(cases: readonly Uint8Array[], options: OracleOptions = {}): Promise<OracleBatch> {
  const hangMs = options.hangMs ?? 30_000;
  const env = { ...process.env, ...options.env };
  const exe = assertPython();
  const batch: OracleBatch = { results: [], newModules: [], violations: [], crashes: 0 };
  while (batch.results.length < cases.length) {
    const start = batch.results.length;
    const ended = await runProcess(exe, env, cases.slice(start), hangMs, (r) => batch.results.push(r), batch);
    if (!ended.done && batch.results.length < cases.length) {
      batch.results.push(crashedResult(ended.reason));
      batch.crashes++;
    }
  }
  return batch;
}

interface ProcessEnd {
  done: boolean;
  reason: string;
}

function runProcess(
  exe: string,
  env: NodeJS.ProcessEnv,
  cases: readonly Uint8Array[],
  hangMs: number,
  onResult: (r: OracleCaseResult) => void,
  batch: OracleBatch,
): Promise<ProcessEnd> {
  return new Promise((resolve) => {
    const child = spawn(exe, ['-X', 'utf8', ORACLE_SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'], env });
    let done = false;
    let hung = false;
    let stderr = '';
    let timer = setTimeout(onHang, hangMs);
    function onHang(): void {
      hung = true;
      child.kill('SIGKILL');
    }
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    child.stdin.on('error', () => undefined); // the process may die mid-write
    readline.createInterface({ input: child.stdout }).on('line', (text) => {
      clearTimeout(timer);
      timer = setTimeout(onHang, hangMs);
      const msg = JSON.parse(text) as {
        done?: boolean;
        newModules?: string[];
        violations?: string[];
        runs: Record<Variant, RawRun>;
      };
      if (msg.done) {
        done = true;
        batch.newModules.push(...(msg.newModules ?? []));
        batch.violations.push(...(msg.violations ?? []));
        return;
      }
      const runs = Object.fromEntries(VARIANTS.map((v) => [v, toRun(msg.runs[v])])) as Record<Variant, OracleRun>;
      onResult({ runs, violations: msg.violations ?? [] });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const why = hung ? `Hang: no answer for ${hangMs} ms` : `Crash: exit ${code ?? signal} ${stderr.trim()}`;
      resolve({ done, reason: why });
    });
    for (const c of cases) {
      const head = Buffer.alloc(4);
      head.writeUInt32LE(c.length);
      child.stdin.write(head);
      child.stdin.write(c);
    }
    child.stdin.end();
  });
}
