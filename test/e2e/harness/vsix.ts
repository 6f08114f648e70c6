// The VSIX under test, built by `npm run package` for this machine's platform target (the same
// script CI and releases use, onnxruntime binaries included), copied into the run's own folder.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './codeServer';

export function buildVsix(outDir: string): { file: string; bytes: number } {
  fs.mkdirSync(outDir, { recursive: true });
  const target = `${process.platform}-${process.arch}`;
  const version = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'package.mjs'), target], { cwd: REPO_ROOT, encoding: 'utf8' });
  const built = path.join(REPO_ROOT, 'dist', `model-security-lint-${target}-${version}.vsix`);
  if (r.status !== 0 || !fs.existsSync(built)) throw new Error(`npm run package failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  const file = path.join(outDir, 'model-security-lint.vsix');
  fs.copyFileSync(built, file);
  return { file, bytes: fs.statSync(file).size };
}
