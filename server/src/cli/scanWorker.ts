// Worker-thread side of `msl scan`'s parallel mode: runs the engine on one file at a time and
// posts the result back. Bundled to out/cli/scanWorker.js; the engine is the same as in-process.
import { parentPort } from 'node:worker_threads';
import { scanFile, type ScanOptions } from '../core/scan';

export interface ScanRequest {
  id: number;
  file: string;
  options: ScanOptions;
}

parentPort?.on('message', (req: ScanRequest) => {
  scanFile(req.file, req.options).then(
    (result) => parentPort!.postMessage({ id: req.id, result }),
    (e: unknown) => parentPort!.postMessage({ id: req.id, error: e instanceof Error ? e.message : String(e) }),
  );
});
