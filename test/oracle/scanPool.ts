// A small pool of worker threads running scanBytes, with a per-case time budget: a case whose
// scan hangs or kills its worker becomes a ScanView with `failure`, and the worker is replaced.
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ScanView } from './scanView';

const WORKER = path.join(__dirname, 'scanWorker.ts');

interface Job {
  bytes: Uint8Array;
  resolve: (v: ScanView) => void;
}

interface Slot {
  worker: Worker;
  job?: Job;
  timer?: NodeJS.Timeout;
}

export class ScanPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];

  constructor(
    readonly size = Math.max(1, Math.min(4, os.cpus().length)),
    readonly timeoutMs = Number(process.env.ORACLE_SCAN_TIMEOUT_MS ?? 20_000),
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  scan(bytes: Uint8Array): Promise<ScanView> {
    return new Promise((resolve) => {
      this.queue.push({ bytes, resolve });
      this.pump();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    // tsx is registered inside the worker: Node 20 does not pass --import loaders to workers.
    const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(WORKER)});`, { eval: true });
    const slot: Slot = { worker };
    worker.on('message', (view: ScanView) => this.finish(slot, view));
    worker.on('error', (e) => this.fail(slot, `analyzer crash: ${e instanceof Error ? e.message : String(e)}`));
    worker.on('exit', (code) => this.fail(slot, `analyzer crash: worker exited with code ${code}`));
    // After the listeners (adding one re-refs the port): idle workers never keep the process
    // alive; a pending job does, through its timer.
    worker.unref();
    return slot;
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.job || !this.queue.length) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.timer = setTimeout(() => this.fail(slot, `analyzer hang: no result within ${this.timeoutMs} ms`), this.timeoutMs);
      slot.worker.postMessage(job.bytes);
    }
  }

  private finish(slot: Slot, view: ScanView): void {
    const job = slot.job;
    clearTimeout(slot.timer);
    slot.job = undefined;
    job?.resolve(view);
    this.pump();
  }

  private fail(slot: Slot, why: string): void {
    const job = slot.job;
    if (!job && why.includes('exited')) return; // terminate() of an idle worker
    clearTimeout(slot.timer);
    slot.job = undefined;
    const i = this.slots.indexOf(slot);
    if (i >= 0) {
      slot.worker.removeAllListeners();
      void slot.worker.terminate();
      this.slots[i] = this.spawn();
    }
    job?.resolve({ format: 'unknown', limitsHit: [], findings: [], summary: {}, failure: why });
    this.pump();
  }
}

let shared: ScanPool | undefined;

/** One pool per process, created on first use. */
export function sharedPool(): ScanPool {
  shared ??= new ScanPool();
  return shared;
}

export async function closeSharedPool(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}
