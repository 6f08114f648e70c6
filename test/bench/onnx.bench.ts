// ONNX scan time against file size: one model with a 10 MB and one with a ~2 GiB raw_data
// initializer (written sparse: the payload is a hole), each scanned in a bundled child process.
// Flat time and RSS prove tensor payloads are stepped over, never read.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { BenchResult } from './types';
import { writeHugeOnnx } from '../fixtures/onnx/writer';

interface ChildOut { ms: number; maxRssKb: number; bytesRead: number; format: string; tensors: number; findings: string[] }

function scanInChild(child: string, file: string): ChildOut {
  let best: ChildOut | undefined;
  for (let i = 0; i < 3; i++) {
    const o = JSON.parse(execFileSync(process.execPath, [child, file], { encoding: 'utf8' })) as ChildOut;
    if (o.format !== 'onnx' || o.tensors !== 1 || o.findings.length !== 0) throw new Error(`unexpected scan result: ${JSON.stringify(o)}`);
    if (!best || o.ms < best.ms) best = o;
  }
  return best!;
}

export async function run(): Promise<BenchResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msl-bench-onnx-'));
  try {
    const small = path.join(dir, 'small.onnx');
    const huge = path.join(dir, 'huge.onnx');
    const smallSize = writeHugeOnnx(small, 10 * 1024 * 1024);
    const hugeSize = writeHugeOnnx(huge, 2 * 1024 ** 3 - 4096);
    const child = path.join(dir, 'child.js');
    await esbuild.build({ entryPoints: [path.join(__dirname, 'onnxChild.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: child, logLevel: 'error' });
    const s = scanInChild(child, small);
    const h = scanInChild(child, huge);
    const gib = (hugeSize / 1024 ** 3).toFixed(2);
    const rssMb = h.maxRssKb / 1024;
    return [
      { name: `scan ${(smallSize / 1024 ** 2).toFixed(0)} MB ONNX (in child)`, value: s.ms, unit: 'ms' },
      { name: `scan ${gib} GiB ONNX (in child)`, value: h.ms, unit: 'ms', reference: { name: '10 MB model', value: s.ms }, ratio: h.ms / s.ms, target: '< 1000 ms, ratio ≈ 1', pass: h.ms < 1000 },
      { name: `peak RSS scanning ${gib} GiB ONNX`, value: rssMb, unit: 'MB', reference: { name: '10 MB model', value: s.maxRssKb / 1024 }, ratio: h.maxRssKb / s.maxRssKb, target: '< 200 MB', pass: rssMb < 200 },
      { name: `bytes read from the ${gib} GiB file`, value: h.bytesRead, unit: 'B', target: '< 1 MB', pass: h.bytesRead < 1024 * 1024 },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
