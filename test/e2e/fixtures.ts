// Files the UI scenarios add to the shared fixture workspace (test/vscode/fixture.ts): a pickle
// with three findings, so a link can name one that is not the first, and the patch-backdoor CNN
// the runtime probes flag (MSL901).
import { patchBackdoorCnn } from '../fixtures/probes/models';
import { threeCallsPickle } from '../lsp/helpers/pickles';

export const E2E_FILES = {
  multi: 'models/multi.pkl',
  backdoor: 'models/backdoor.onnx',
} as const;

export function e2eFiles(): Record<string, Uint8Array> {
  return {
    [E2E_FILES.multi]: threeCallsPickle(),
    [E2E_FILES.backdoor]: patchBackdoorCnn(),
  };
}
