// The pickle machine against CPython's pickletools.genops over the same ~200 MB pickle of
// numbers (read into memory first on both sides; only the opcode loop is timed).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BufferByteSource } from '../../server/src/core/io/byteSource';
import { DEFAULT_LIMITS } from '../../server/src/core/limits';
import { runPickle } from '../../server/src/core/formats/pickle/machine';
import type { BenchResult } from './types';

const TARGET_MB = Number(process.env.PICKLE_BENCH_MB ?? 200);

function generate(file: string): void {
  // Mixed floats and ints, protocol 4 (framed, batched APPENDS), as a weights dump of numbers looks.
  const n = Math.round((TARGET_MB * 1024 * 1024) / 7.0);
  const code = [
    'import pickle, sys',
    `n = ${n}`,
    'data = [i * 0.5 + 0.25 if i % 2 else i for i in range(n)]',
    `open(${JSON.stringify(file)}, 'wb').write(pickle.dumps(data, protocol=4))`,
  ].join('\n');
  execFileSync('python3', ['-c', code], { stdio: 'inherit' });
}

function timePython(file: string): number {
  const code = [
    'import pickletools, time, sys',
    `data = open(${JSON.stringify(file)}, 'rb').read()`,
    't = time.perf_counter()',
    'for _ in pickletools.genops(data): pass',
    'print(time.perf_counter() - t)',
  ].join('\n');
  return Number(execFileSync('python3', ['-c', code]).toString().trim()) * 1000;
}

function timeOurs(bytes: Uint8Array): { ms: number; opcodes: number } {
  const src = new BufferByteSource(bytes);
  const limits = { ...DEFAULT_LIMITS, maxPickleBytes: bytes.length + 1 };
  runPickle(src, 0, { limits }); // warm-up (JIT)
  let best = Infinity;
  let opcodes = 0;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const r = runPickle(src, 0, { limits });
    best = Math.min(best, performance.now() - t);
    if (!r.complete) throw new Error(`benchmark pickle did not parse: ${r.error?.message ?? r.limit?.detail}`);
    opcodes = r.opcodes;
  }
  return { ms: best, opcodes };
}

export async function run(): Promise<BenchResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msl-pickle-bench-'));
  try {
    const file = path.join(dir, 'numbers.pkl');
    generate(file);
    const bytes = new Uint8Array(fs.readFileSync(file));
    const ours = timeOurs(bytes);
    const python = timePython(file);
    const ratio = python / ours.ms;
    const mb = bytes.length / (1024 * 1024);
    return [
      {
        name: `pickle machine, ${mb.toFixed(0)} MB pickle of numbers (${ours.opcodes} opcodes)`,
        value: Math.round(ours.ms),
        unit: 'ms',
        reference: { name: 'CPython pickletools.genops', value: Math.round(python) },
        ratio: Number(ratio.toFixed(2)),
        target: '>= 3x faster',
        pass: ratio >= 3,
      },
      { name: 'pickle machine throughput', value: Number((mb / (ours.ms / 1000)).toFixed(0)), unit: 'MB/s' },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().then((r) => console.log(JSON.stringify(r, null, 2)), (e) => { console.error(e); process.exit(1); });
}
