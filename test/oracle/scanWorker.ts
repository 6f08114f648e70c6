// Worker thread: runs our scanBytes on cases posted by ScanPool and answers with a ScanView.
// Isolated in a worker so that an analyzer that hangs or kills its thread is reported as a
// failure of that case instead of stopping the oracle run.
import { parentPort } from 'node:worker_threads';
import { scanBytes } from '../../server/src/core/scan';
import { SCAN_NAME, toView, type ScanView } from './scanView';

parentPort!.on('message', (bytes: Uint8Array) => {
  scanBytes(bytes, SCAN_NAME).then(
    (r) => parentPort!.postMessage(toView(r)),
    (e: unknown) => {
      const view: ScanView = {
        format: 'unknown', limitsHit: [], findings: [], summary: {},
        failure: `scanBytes threw: ${e instanceof Error ? e.stack ?? e.message : String(e)}`,
      };
      parentPort!.postMessage(view);
    },
  );
});
