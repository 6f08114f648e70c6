// SHA-256 of a 2 GB file: our streaming hasher (provenance/hash.ts) against `openssl dgst -sha256`
// on the same file in the same run. The file is written from a repeated 64 MiB buffer, read
// once to warm the page cache, then each tool runs alternately; the best of 3 counts for both.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hashFile } from '../../server/src/core/provenance/hash';
import type { BenchResult } from './types';

const SIZE_MB = Number(process.env.HASH_BENCH_MB ?? 2048);
const ROUNDS = 3;

function writeFile(file: string): void {
  const block = Buffer.alloc(64 * 1024 * 1024);
  for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((i * 2654435761) >>> 0, i);
  const fd = fs.openSync(file, 'w');
  try {
    for (let written = 0; written < SIZE_MB * 1024 * 1024; written += block.length) fs.writeSync(fd, block, 0, Math.min(block.length, SIZE_MB * 1024 * 1024 - written));
  } finally {
    fs.closeSync(fd);
  }
}

function warm(file: string): void {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(8 * 1024 * 1024);
  try {
    while (fs.readSync(fd, buf, 0, buf.length, null) > 0) { /* page cache */ }
  } finally {
    fs.closeSync(fd);
  }
}

function timeOpenssl(file: string): { ms: number; hex: string } {
  const t = performance.now();
  const out = execFileSync('openssl', ['dgst', '-sha256', '-r', file]).toString();
  return { ms: performance.now() - t, hex: out.split(' ')[0]! };
}

async function timeOurs(file: string): Promise<{ ms: number; hex: string }> {
  const t = performance.now();
  const d = await hashFile(file);
  return { ms: performance.now() - t, hex: d.sha256 };
}

export async function run(): Promise<BenchResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msl-hash-bench-'));
  const file = path.join(dir, 'model.bin');
  try {
    writeFile(file);
    warm(file);
    let ours = Infinity;
    let ref = Infinity;
    for (let i = 0; i < ROUNDS; i++) {
      const o = timeOpenssl(file);
      const m = await timeOurs(file);
      if (o.hex !== m.hex) throw new Error(`digest differs from openssl: ${m.hex} vs ${o.hex}`);
      ref = Math.min(ref, o.ms);
      ours = Math.min(ours, m.ms);
    }
    const mbps = (ms: number) => SIZE_MB / (ms / 1000);
    const ratio = mbps(ours) / mbps(ref);
    return [
      { name: `sha256 ${SIZE_MB} MiB (streaming, 4 MiB reads)`, value: mbps(ours), unit: 'MiB/s', reference: { name: 'openssl dgst -sha256', value: mbps(ref) }, ratio, target: '>= 0.80x openssl throughput', pass: ratio >= 0.8 },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
