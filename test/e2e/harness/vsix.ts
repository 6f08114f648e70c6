// The VSIX under test, built by the same command as `npm run package` (vsce, no dependencies:
// esbuild has bundled them), into the run's own folder.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './codeServer';

export function buildVsix(outDir: string): { file: string; bytes: number } {
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, 'model-security-lint.vsix');
  const vsce = path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--skip-license', '--out', file], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (r.status !== 0 || !fs.existsSync(file)) throw new Error(`vsce package failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return { file, bytes: fs.statSync(file).size };
}
