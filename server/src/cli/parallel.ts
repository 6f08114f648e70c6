// Scanning independent files on all cores: a pool of worker threads running the engine, created
// lazily up to `size`. Results come back per request; the caller (mapOrdered) keeps the output in
// input order and bounds how many are in flight, so memory stays bounded. A worker that dies
// (out of memory, a crash in a wasm module) fails only its request and is replaced.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { scanFile, type ScanOptions, type ScanResult } from '../core/scan';

export type Scanner = (file: string, options: ScanOptions) => Promise<ScanResult>;

/** Below this many files a scan stays in-process: starting workers costs more than it saves. */
export const PARALLEL_THRESHOLD = 64;
export const MAX_JOBS = 16;

export function defaultJobs(): number {
  return Math.max(1, Math.min(MAX_JOBS, os.availableParallelism()));
}

interface Pending {
  id: number;
  file: string;
  options: ScanOptions;
  resolve: (r: ScanResult) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  task?: Pending;
}

export class ScanPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private closed = false;

  constructor(readonly size: number, private readonly entry = workerEntry()) {}

  /** True when a worker script exists (the bundle, or the sources under tsx). */
  static available(): boolean {
    return workerEntry() !== undefined;
  }

  readonly scan: Scanner = (file, options) =>
    new Promise<ScanResult>((resolve, reject) => {
      if (this.closed) return reject(new Error('scan pool closed'));
      // Observers are callbacks: they cannot cross threads, and the CLI does not use them.
      const { observer: _observer, ...plain } = options;
      this.queue.push({ id: this.nextId++, file, options: plain, resolve, reject });
      this.pump();
    });

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.task === undefined);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const task = this.queue.shift()!;
      slot.task = task;
      slot.worker.postMessage({ id: task.id, file: task.file, options: task.options });
    }
  }

  private spawn(): Slot {
    const entry = this.entry;
    if (!entry) throw new Error('no scan worker script');
    const worker = new Worker(entry.file, { execArgv: entry.execArgv });
    const slot: Slot = { worker };
    worker.on('message', (msg: { id: number; result?: ScanResult; error?: string }) => {
      const task = slot.task;
      if (!task || task.id !== msg.id) return;
      slot.task = undefined;
      if (msg.result) task.resolve(msg.result);
      else task.reject(new Error(msg.error ?? 'scan worker failed'));
      this.pump();
    });
    const fail = (e: Error) => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      slot.task?.reject(new Error(`scan worker stopped: ${e.message}`));
      slot.task = undefined;
      if (!this.closed) this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`exit code ${code}`));
    });
    this.slots.push(slot);
    return slot;
  }
}

function workerEntry(): { file: string; execArgv: string[] } | undefined {
  const bundled = path.join(__dirname, 'scanWorker.js');
  if (fs.existsSync(bundled)) return { file: bundled, execArgv: [] };
  const source = path.join(__dirname, 'scanWorker.ts');
  if (fs.existsSync(source)) return { file: source, execArgv: ['--import', 'tsx'] };
  return undefined;
}

/** The first `n` items of a stream, and the whole stream again (those items first). */
export async function lookahead<T>(source: AsyncIterable<T>, n: number): Promise<{ head: T[]; exhausted: boolean; all: AsyncIterable<T> }> {
  const it = source[Symbol.asyncIterator]();
  const head: T[] = [];
  let exhausted = false;
  while (head.length < n) {
    const next = await it.next();
    if (next.done) {
      exhausted = true;
      break;
    }
    head.push(next.value);
  }
  async function* all(): AsyncGenerator<T> {
    yield* head;
    if (exhausted) return;
    for (let next = await it.next(); !next.done; next = await it.next()) yield next.value;
  }
  return { head, exhausted, all: all() };
}

/** The in-process scanner (one thread). */
export const inProcess: Scanner = (file, options) => scanFile(file, options);
