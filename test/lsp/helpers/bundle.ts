// The LSP tests drive the BUILT server (out/server/server.js), so the bundle itself is tested.
// `npm test` builds first; when run alone, the bundle is (re)built here if missing or older
// than any server source file.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const SERVER_BUNDLE = path.join(REPO_ROOT, 'out', 'server', 'server.js');

export function ensureServerBundle(): string {
  if (isStale()) {
    try {
      execFileSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, stdio: 'pipe' });
    } catch {
      // Another bundle (CLI, client) may be mid-edit: build just the server, same options.
      buildServerOnly();
    }
  }
  if (!fs.existsSync(SERVER_BUNDLE)) throw new Error(`The server bundle ${SERVER_BUNDLE} could not be built`);
  return SERVER_BUNDLE;
}

function isStale(): boolean {
  if (!fs.existsSync(SERVER_BUNDLE)) return true;
  const built = fs.statSync(SERVER_BUNDLE).mtimeMs;
  return newestMtime(path.join(REPO_ROOT, 'server', 'src')) > built;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

function buildServerOnly(): void {
  const script = `require('esbuild').buildSync({ entryPoints: { 'server/server': 'server/src/server.ts' }, bundle: true,
    platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'error', outdir: 'out' });`;
  execFileSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, stdio: 'pipe' });
  const wasm = path.join(REPO_ROOT, 'out', 'wasm');
  fs.mkdirSync(wasm, { recursive: true });
  for (const [from, to] of [
    ['node_modules/web-tree-sitter/tree-sitter.wasm', 'tree-sitter.wasm'],
    ['node_modules/tree-sitter-python/tree-sitter-python.wasm', 'tree-sitter-python.wasm'],
  ] as const) {
    if (!fs.existsSync(path.join(wasm, to))) fs.copyFileSync(path.join(REPO_ROOT, from), path.join(wasm, to));
  }
}
