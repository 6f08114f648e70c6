// The probe sandbox: a child process (not a worker thread: a running inference cannot be
// interrupted inside a thread) in its own process group, an empty temporary working directory,
// a minimal environment, an address-space and CPU-time limit where the platform has them, and a
// hard wall-clock deadline enforced by SIGKILL of the whole group.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FromWorker, SandboxEnd, ToWorker } from '../core/probes/types';
import { workerCommand } from './workerPath';

/** Argument that marks probe workers in process listings (the orphan check looks for it). */
export const WORKER_MARKER = '--msl-probe-worker';

export interface SandboxOptions {
  /** Hard wall-clock deadline from spawn to the end, in ms. */
  deadlineMs: number;
  /** Address-space limit; undefined = no OS limit. */
  memoryLimitMB?: number;
  /** Override the worker entry (tests, benches). */
  workerScript?: string;
}

export interface SandboxExit {
  end: SandboxEnd;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Time from our SIGKILL to the child's exit, when we killed it. */
  killLatencyMs?: number;
  stderr: string;
}

/** Address-space limit for a model of this size: room for Node and the runtime plus the model's tensors. */
export function defaultMemoryLimitMB(modelBytes: number): number {
  return 1536 + Math.ceil((8 * modelBytes) / 1048576);
}

export class SandboxEndedError extends Error {
  constructor(readonly exit: SandboxExit) {
    super(`the probe process ended (${exit.end})`);
  }
}

export class Sandbox {
  readonly pid: number | undefined;
  /** The address-space limit actually applied (none under tsx or on Windows). */
  memoryLimitMB: number | undefined;
  readonly exited: Promise<SandboxExit>;
  private readonly inbox: FromWorker[] = [];
  private waiter: ((m: FromWorker) => void) | undefined;
  private killedAt: number | undefined;
  private killReason: SandboxEnd | undefined;
  private done = false;
  private stderr = '';
  private readonly timer: NodeJS.Timeout;
  private readonly cwd: string;

  private constructor(private readonly child: ChildProcess, cwd: string, deadlineMs: number) {
    this.pid = child.pid;
    this.memoryLimitMB = undefined;
    this.cwd = cwd;
    child.stderr?.on('data', (b: Buffer) => {
      if (this.stderr.length < 65536) this.stderr += b.toString('utf8');
    });
    child.on('message', (m: FromWorker) => {
      const w = this.waiter;
      this.waiter = undefined;
      if (w) w(m);
      else this.inbox.push(m);
    });
    this.exited = new Promise((resolve) => {
      const finish = (code: number | null, signal: NodeJS.Signals | null) => {
        if (this.done) return;
        this.done = true;
        clearTimeout(this.timer);
        const exitedAt = performance.now();
        fs.rmSync(this.cwd, { recursive: true, force: true });
        const exit: SandboxExit = { end: classify(code, signal, this.killReason, this.stderr), code, signal, stderr: this.stderr };
        if (this.killedAt !== undefined) exit.killLatencyMs = exitedAt - this.killedAt;
        resolve(exit);
      };
      child.on('exit', (code, signal) => {
        // Anything the worker left in its group (it starts none) goes with it.
        this.killGroup();
        finish(code, signal);
      });
      // 'error' also reports a failed send; only a failed spawn (no pid) means there is no child to wait for.
      child.on('error', () => {
        if (this.pid === undefined) finish(null, null);
        else this.kill('crashed');
      });
    });
    this.timer = setTimeout(() => this.kill('deadline'), deadlineMs);
  }

  static start(o: SandboxOptions): Sandbox {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'msl-probe-'));
    const cmd = workerCommand(o.workerScript);
    const nodeArgs = [...cmd.execArgv, '--max-old-space-size=512', cmd.script, WORKER_MARKER];
    const env: NodeJS.ProcessEnv = { ELECTRON_RUN_AS_NODE: '1' };
    if (process.env.SYSTEMROOT) env.SYSTEMROOT = process.env.SYSTEMROOT;
    const posix = process.platform !== 'win32' && fs.existsSync('/bin/sh');
    // `ulimit` in a shell that then execs Node: the same process, limits inherited by the runtime's threads.
    // (RLIMIT_CPU is a backstop that ends the child even if this process dies before its deadline.)
    const memoryMB = posix && cmd.canLimitMemory ? o.memoryLimitMB : undefined;
    const limits = posix ? [memoryMB !== undefined ? `ulimit -v ${memoryMB * 1024}` : '', `ulimit -t ${Math.ceil(o.deadlineMs / 1000) + 2}`].filter(Boolean).join(' && ') : '';
    const [file, args] = posix ? ['/bin/sh', ['-c', `${limits} && exec "$0" "$@"`, process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
    const child = spawn(file, args as string[], {
      cwd,
      env,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
    const sandbox = new Sandbox(child, cwd, o.deadlineMs);
    sandbox.memoryLimitMB = memoryMB;
    return sandbox;
  }

  /** The next message from the worker, or a SandboxEndedError when the child ends first. */
  async next(): Promise<FromWorker> {
    const queued = this.inbox.shift();
    if (queued) return queued;
    if (this.done) throw new SandboxEndedError(await this.exited);
    const message = new Promise<FromWorker>((resolve) => (this.waiter = resolve));
    const ended = this.exited.then((exit) => {
      throw new SandboxEndedError(exit);
    });
    return Promise.race([message, ended]);
  }

  send(m: ToWorker): void {
    // A failed send (the child is gone) surfaces as the child's exit in next().
    if (!this.done && this.child.connected) this.child.send(m, () => undefined);
  }

  async request(m: ToWorker): Promise<FromWorker> {
    this.send(m);
    return this.next();
  }

  /** SIGKILL to the child's whole process group (the runtime's threads die with it). */
  kill(reason: SandboxEnd): void {
    if (this.done || this.killedAt !== undefined) return;
    this.killReason = reason;
    this.killedAt = performance.now();
    this.killGroup();
    // Before the child's setsid the group does not exist yet: kill the process itself too.
    this.child.kill('SIGKILL');
  }

  private killGroup(): void {
    if (process.platform === 'win32' || this.pid === undefined) return;
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // no such group: already gone
    }
  }

  /** Ends the child (politely if it is idle, by force otherwise) and waits for it. */
  async close(): Promise<SandboxExit> {
    if (!this.done) {
      if (this.child.connected) this.child.disconnect();
      const grace = setTimeout(() => this.kill('completed'), 500);
      const exit = await this.exited;
      clearTimeout(grace);
      return exit;
    }
    return this.exited;
  }
}

function classify(code: number | null, signal: NodeJS.Signals | null, killed: SandboxEnd | undefined, stderr: string): SandboxEnd {
  if (killed) return killed;
  const oom = /out of memory|bad_alloc|Failed to allocate|allocation failed|Cannot allocate|Failed to reserve/i.test(stderr);
  if (signal === 'SIGXCPU') return 'deadline';
  if (oom) return 'memory';
  if (signal === 'SIGKILL') return 'memory'; // the kernel's OOM killer; we did not send it
  if (signal !== null) return 'crashed';
  if (code === 0) return 'completed';
  if (code === 3) return 'runtime-error';
  return 'crashed';
}
