// Runs the BUILT command line (`node bin/msl.js …`) as a child process, as users and CI do.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..');
export const BIN = path.join(REPO, 'bin', 'msl.js');
export const BUNDLE = path.join(REPO, 'out', 'cli', 'main.js');

let checked = false;

/** Builds once if the bundle is missing; fails loudly if there is still none. */
export function ensureBuilt(): void {
  if (checked) return;
  if (!fs.existsSync(BUNDLE)) {
    const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO, encoding: 'utf8' });
    if (!fs.existsSync(BUNDLE)) {
      throw new Error(`The CLI bundle ${BUNDLE} is missing and \`node esbuild.mjs\` did not produce it:\n${r.stderr}${r.stdout}`);
    }
  }
  checked = true;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
}

export function runMsl(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  ensureBuilt();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? REPO,
      env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A listing of every entry under `dir` with its size and mtime, to prove nothing was written. */
export function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      const st = fs.lstatSync(p);
      out.push(`${path.relative(dir, p)} ${st.size} ${st.mtimeMs} ${st.mode}`);
      if (st.isDirectory()) walk(p);
    }
  };
  out.push(`. ${fs.statSync(dir).mtimeMs}`);
  walk(dir);
  return out;
}
