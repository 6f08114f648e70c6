// Keras .h5 at 10 MB and ~2 GiB (one large dataset written by h5py, sparse on disk) scanned in a
// child process (HDF5 itself runs in its worker thread): wall time, bytes HDF5 read and peak RSS.
// Flat figures prove datasets are never read.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { BenchResult } from './types';

const WRITER = `
import h5py, json, sys
path, n = sys.argv[1], int(sys.argv[2])
with h5py.File(path, 'w') as f:
    f.attrs['model_config'] = json.dumps({"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "Dense", "config": {"name": "dense", "units": 8}}]}})
    f.attrs['keras_version'] = b'2.13.1'
    f.attrs['backend'] = b'tensorflow'
    d = f.create_group('model_weights').create_group('dense').create_dataset('kernel:0', shape=(n,), dtype='f4')
    d[-1:] = 1.0  # allocates the whole contiguous dataset; the rest stays a hole
`;

interface ChildOut { ms: number; maxRssKb: number; format: string; findings: string[]; bytesRead: number }

function measure(child: string, file: string): ChildOut {
  let best: ChildOut | undefined;
  for (let i = 0; i < 3; i++) {
    const o = JSON.parse(execFileSync(process.execPath, [child, file], { encoding: 'utf8' })) as ChildOut;
    if (!best || o.ms < best.ms) best = o;
  }
  return best!;
}

export async function run(): Promise<BenchResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msl-bench-keras-'));
  try {
    const small = path.join(dir, 'small.h5');
    const large = path.join(dir, 'large.h5');
    execFileSync('/usr/bin/python3', ['-c', WRITER, small, String((10 * 1024 ** 2) / 4)]);
    execFileSync('/usr/bin/python3', ['-c', WRITER, large, String((2 * 1024 ** 3 - 4096) / 4)]);
    // Bundled like the shipped CLI: the scanning child plus the HDF5 worker next to it.
    const child = path.join(dir, 'child.js');
    const common = { bundle: true, platform: 'node' as const, target: 'node20', format: 'cjs' as const, logLevel: 'error' as const };
    await esbuild.build({ ...common, entryPoints: [path.join(__dirname, 'kerasChild.ts')], outfile: child });
    await esbuild.build({
      ...common, entryPoints: [path.join(__dirname, '../../server/src/core/formats/keras/h5Worker.ts')], outfile: path.join(dir, 'h5Worker.js'),
      define: { 'import.meta.url': '__mslImportMetaUrl' }, banner: { js: "const __mslImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    });
    const a = measure(child, small);
    const b = measure(child, large);
    for (const o of [a, b]) if (o.format !== 'keras-h5' || o.findings.length !== 0) throw new Error(`unexpected scan result: ${JSON.stringify(o)}`);
    const mb = (f: string): string => (fs.statSync(f).size / 1024 ** 2).toFixed(0);
    return [
      { name: `scan ${mb(small)} MB .h5 (child, scanFile)`, value: a.ms, unit: 'ms' },
      { name: `scan ${mb(large)} MB .h5 (child, scanFile)`, value: b.ms, unit: 'ms', reference: { name: '10 MB file', value: a.ms }, ratio: b.ms / a.ms, target: 'ratio < 2 (flat)', pass: b.ms / a.ms < 2 },
      { name: 'bytes HDF5 read, 2 GiB file', value: b.bytesRead, unit: 'bytes', reference: { name: '10 MB file', value: a.bytesRead }, target: '< 1 MB', pass: b.bytesRead < 1024 ** 2 },
      { name: 'peak RSS of the scanning child, 2 GiB file', value: b.maxRssKb / 1024, unit: 'MB', reference: { name: '10 MB file', value: a.maxRssKb / 1024 }, target: '< 200 MB', pass: b.maxRssKb / 1024 < 200 },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
