// safetensors at 10 MB and 2 GB (tensor data left as holes in a sparse file): scan time and peak RSS
// in a child process. Only the header is read, so the 2 GB / 10 MB time ratio should stay near 1.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import type { BenchResult } from './types';

const TENSORS = 64;

/** Header written for real, data area as a hole: `bytes` is the approximate total size. */
function writeSparseSafetensors(file: string, bytes: number): void {
  const per = Math.floor(bytes / TENSORS / 4) * 4;
  const entries: string[] = ['"__metadata__":{"format":"pt"}'];
  for (let i = 0; i < TENSORS; i++) entries.push(`"layer.${i}.weight":{"dtype":"F32","shape":[${per / 4}],"data_offsets":[${i * per},${(i + 1) * per}]}`);
  let header = `{${entries.join(',')}}`;
  while (header.length % 8 !== 0) header += ' ';
  const head = Buffer.alloc(8 + header.length);
  head.writeBigUInt64LE(BigInt(header.length), 0);
  head.write(header, 8, 'utf8');
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, head);
  fs.ftruncateSync(fd, head.length + per * TENSORS);
  fs.closeSync(fd);
}

export async function run(): Promise<BenchResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msl-bench-st-'));
  try {
    return await flatScanBench('safetensors', dir, 'model.safetensors', writeSparseSafetensors);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Shared with gguf.bench.ts: scan a 10 MB and a 2 GB file of the same layout in a bundled child
// process (as the shipped CLI runs) and report time, ratio and peak RSS.

const SMALL = 10 * 1024 * 1024;
const LARGE = 2 * 1024 * 1024 * 1024;

interface ChildOut { ms: number; maxRssKb: number; format: string; findings: string[] }

export async function flatScanBench(format: string, dir: string, fileName: string, write: (file: string, bytes: number) => void): Promise<BenchResult[]> {
  const child = path.join(dir, 'child.js');
  // The zip benchmark's child is generic: scanFile one path, print time, RSS, format and findings.
  await esbuild.build({ entryPoints: [path.join(__dirname, 'zipCheckpointChild.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: child, logLevel: 'error' });
  const measure = (bytes: number): ChildOut => {
    const file = path.join(dir, `${bytes}-${fileName}`);
    write(file, bytes);
    let best: ChildOut | undefined;
    for (let i = 0; i < 5; i++) {
      const o = JSON.parse(execFileSync(process.execPath, [child, file], { encoding: 'utf8' })) as ChildOut;
      if (o.format !== format || o.findings.length !== 0) throw new Error(`unexpected scan result: ${JSON.stringify(o)}`);
      if (!best || o.ms < best.ms) best = { ...o, maxRssKb: Math.max(o.maxRssKb, best?.maxRssKb ?? 0) };
    }
    return best!;
  };
  const small = measure(SMALL);
  const large = measure(LARGE);
  const ratio = large.ms / small.ms;
  const rssMb = large.maxRssKb / 1024;
  return [
    { name: `${format}: scan 10 MiB file (child, scanFile only)`, value: small.ms, unit: 'ms' },
    { name: `${format}: scan 2 GiB file (same layout)`, value: large.ms, unit: 'ms', reference: { name: '10 MiB scan', value: small.ms }, ratio, target: 'ratio 2GiB/10MiB < 3 (flat: payloads skipped)', pass: ratio < 3 },
    { name: `${format}: peak RSS scanning 2 GiB`, value: rssMb, unit: 'MB', target: '< 150 MB', pass: rssMb < 150 },
  ];
}
