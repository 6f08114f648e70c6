// The HDF5 reader runs in a worker thread: h5wasm's C code can abort (leaving its instance
// unusable) or loop on hostile files, and synchronous wasm cannot be interrupted in-process.
// One worker is kept for reuse; it is terminated and replaced after a timeout, abort or crash.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { ByteSource } from '../../io/byteSource';
import { emptyStructure, type H5ReadOptions, type H5Structure } from './h5Types';
import type { ReadRequest } from './h5Worker';

interface Reply { id: number; result?: H5Structure & { aborted?: boolean }; error?: string }

let worker: Worker | undefined;
let nextId = 0;

/** The worker script next to this module: `h5Worker.js` in the bundle, the `.ts` source under tsx (tests). */
function startWorker(): Worker {
  const js = path.join(__dirname, 'h5Worker.js');
  if (fs.existsSync(js)) return new Worker(js);
  const ts = path.join(__dirname, 'h5Worker.ts');
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(ts)});`, { eval: true });
}

function getWorker(): Worker {
  if (!worker) {
    worker = startWorker();
    worker.unref();
  }
  return worker;
}

function dropWorker(): void {
  const w = worker;
  worker = undefined;
  void w?.terminate();
}

export async function readH5Structure(src: ByteSource, opts: H5ReadOptions & { timeoutMs: number }): Promise<H5Structure> {
  const out = emptyStructure();
  let w: Worker;
  try {
    w = getWorker();
  } catch (e) {
    out.openError = `the HDF5 reader could not start: ${e instanceof Error ? e.message : String(e)}`;
    return out;
  }
  const { port1, port2 } = new MessageChannel();
  const flag = new SharedArrayBuffer(4);
  const flags = new Int32Array(flag);
  port1.on('message', (r: ReadRequest) => {
    const bytes = new Uint8Array(src.read(r.offset, r.length)); // a copy: transferring must not detach the source's buffer
    port1.postMessage(bytes, [bytes.buffer]);
    Atomics.store(flags, 0, 1);
    Atomics.notify(flags, 0);
  });
  const id = ++nextId;
  try {
    const reply = await new Promise<Reply>((resolve) => {
      const timer = setTimeout(() => resolve({ id, error: `no answer within ${opts.timeoutMs} ms (the HDF5 library hangs on this file)` }), opts.timeoutMs);
      const onMessage = (m: Reply): void => {
        if (m.id !== id) return;
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        resolve(m);
      };
      const onError = (e: Error): void => {
        clearTimeout(timer);
        w.off('message', onMessage);
        resolve({ id, error: `the HDF5 reader crashed: ${e.message}` });
      };
      w.on('message', onMessage);
      w.once('error', onError);
      w.postMessage({ id, size: src.size, opts: { maxAttributeBytes: opts.maxAttributeBytes, maxObjects: opts.maxObjects }, port: port2, flag }, [port2]);
    });
    if (reply.error !== undefined || reply.result?.aborted) dropWorker();
    if (reply.error !== undefined) {
      out.openError = reply.error;
      return out;
    }
    const { aborted: _aborted, ...result } = reply.result!;
    return result;
  } finally {
    port1.close();
  }
}
