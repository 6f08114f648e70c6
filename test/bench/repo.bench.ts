// Scanning a repository of 10,000 files of which 200 are models (pickles of ~200k opcodes, torch
// zips, safetensors) and 9,800 other files, through the built CLI: one thread (--jobs 1) against
// worker threads on every core (--jobs N), best of 2 runs each, same run. Target: seconds.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BIN, ensureBuilt } from '../cli/helpers';
import { benignTorchZip } from '../cli/fixtures';
import { benignSafetensors } from '../fixtures/safetensors/writer';
import type { BenchResult } from './types';

const FILES = 10_000;
const MODELS = 200;
const ROUNDS = 2;

/** A benign protocol-2 pickle: a list of `n` small ints and short strings (no imports). */
function bigPickle(n: number, seed: number): Buffer {
  const parts: Buffer[] = [Buffer.from([0x80, 0x02, 0x5d, 0x28])]; // PROTO 2, EMPTY_LIST, MARK
  for (let i = 0; i < n; i++) {
    if (i % 2 === 0) parts.push(Buffer.from([0x4b, (i + seed) & 0xff])); // BININT1
    else parts.push(Buffer.from([0x55, 3]), Buffer.from(`s${(i % 100).toString().padStart(2, '0')}`)); // SHORT_BINSTRING
    if (i % 1000 === 999) parts.push(Buffer.from([0x65, 0x28])); // APPENDS, MARK
  }
  parts.push(Buffer.from([0x65, 0x2e])); // APPENDS, STOP
  return Buffer.concat(parts);
}

function makeRepo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msl-bench-repo-'));
  const torch = benignTorchZip();
  const st = benignSafetensors();
  for (let i = 0; i < FILES; i++) {
    const sub = path.join(dir, `pkg${String(i % 100).padStart(2, '0')}`);
    if (i < 100) fs.mkdirSync(sub);
    if (i < MODELS) {
      const kind = i % 4;
      if (kind === 0 || kind === 1) fs.writeFileSync(path.join(sub, `m${i}.pkl`), bigPickle(200_000, i));
      else if (kind === 2) fs.writeFileSync(path.join(sub, `m${i}.pt`), torch);
      else fs.writeFileSync(path.join(sub, `m${i}.safetensors`), st);
    } else {
      fs.writeFileSync(path.join(sub, `f${i}.${['txt', 'md', 'json', 'cfg'][i % 4]}`), `file ${i}\n`);
    }
  }
  return dir;
}

function timeScan(dir: string, jobs: number): { ms: number; files: number } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'scan', '--jobs', String(jobs), '--format', 'json', '--fail-on', 'none', '.'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`msl scan failed (${r.status}): ${r.stderr}`);
  return { ms, files: (JSON.parse(r.stdout) as { summary: { files: number } }).summary.files };
}

export async function run(): Promise<BenchResult[]> {
  ensureBuilt();
  const dir = makeRepo();
  const cores = Math.min(16, os.availableParallelism());
  try {
    let one = Infinity;
    let many = Infinity;
    for (let round = 0; round < ROUNDS; round++) {
      const a = timeScan(dir, 1);
      const b = timeScan(dir, cores);
      if (a.files !== MODELS || b.files !== MODELS) throw new Error(`expected ${MODELS} files scanned, got ${a.files} / ${b.files}`);
      one = Math.min(one, a.ms);
      many = Math.min(many, b.ms);
    }
    return [
      { name: `repo 10,000 files / 200 models, --jobs ${cores} (${cores} cores)`, value: many, unit: 'ms', reference: { name: '--jobs 1', value: one }, ratio: one / many, target: '< 10 s', pass: many < 10_000 },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
