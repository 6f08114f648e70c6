// Worker side of the isolated HDF5 reader. HDF5 asks for bytes synchronously; each read is sent
// to the main thread (which owns the ByteSource) and awaited with Atomics.wait, the answer taken
// with receiveMessageOnPort. A hang or abort here costs only this worker, never the scan.
import { parentPort, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { ByteSource } from '../../io/byteSource';
import { loadH5 } from './h5wasmHost';
import { readH5WithLibrary, type H5ReadOptions } from './h5Structure';

export interface WorkerRequest { id: number; size: number; opts: H5ReadOptions; port: MessagePort; flag: SharedArrayBuffer }
export interface ReadRequest { offset: number; length: number }

class RemoteSource implements ByteSource {
  private readonly flag: Int32Array;
  constructor(readonly size: number, private readonly port: MessagePort, flag: SharedArrayBuffer) {
    this.flag = new Int32Array(flag);
  }
  read(offset: number, length: number): Uint8Array {
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage({ offset, length } satisfies ReadRequest);
    Atomics.wait(this.flag, 0, 0);
    const reply = receiveMessageOnPort(this.port);
    return reply ? (reply.message as Uint8Array) : new Uint8Array(0);
  }
  fileOffset(): undefined {
    return undefined;
  }
}

// The library prints abort and memory messages through console functions it binds when it loads:
// silence them in this dedicated thread so they never reach the scanner's output.
for (const name of ['log', 'warn', 'error'] as const) console[name] = (): void => {};

parentPort?.on('message', (req: WorkerRequest) => {
  void (async () => {
    try {
      const h5 = await loadH5();
      const result = readH5WithLibrary(h5, new RemoteSource(req.size, req.port, req.flag), req.opts);
      parentPort!.postMessage({ id: req.id, result });
    } catch (e) {
      parentPort!.postMessage({ id: req.id, error: e instanceof Error ? e.message : String(e) });
    }
  })();
});
