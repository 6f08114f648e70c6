// A folder of 10,000 small files scans to completion with correct counts (no timing assertions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runMsl } from './helpers';
import { BENIGN_PICKLE, MALICIOUS_PICKLE_P0, tempDir } from './fixtures';

test('10,000 files: every file scanned, findings counted, order deterministic', async () => {
  const dir = tempDir('msl-many-');
  for (let d = 0; d < 100; d++) {
    const sub = path.join(dir, `d${String(d).padStart(3, '0')}`);
    fs.mkdirSync(sub);
    for (let f = 0; f < 100; f++) {
      const evil = d === 42 && f === 7;
      fs.writeFileSync(path.join(sub, `f${String(f).padStart(3, '0')}.pkl`), evil ? MALICIOUS_PICKLE_P0 : BENIGN_PICKLE);
    }
  }
  const text = await runMsl(['scan', dir]);
  assert.equal(text.code, 1, text.stderr);
  assert.match(text.stdout, /Scanned 10000 files: 1 critical, 0 high, 0 medium, 0 low, 0 info; 1 file with findings\./);
  assert.match(text.stdout, /d042\/f007\.pkl/);
  assert.equal(text.stderr, '', 'no progress line when stderr is not a terminal');

  const json = await runMsl(['scan', '--format', 'json', '.'], { cwd: dir });
  const report = JSON.parse(json.stdout) as { results: { path: string }[]; summary: { files: number } };
  assert.equal(report.summary.files, 10_000);
  assert.equal(report.results[0]!.path, 'd000/f000.pkl');
  assert.equal(report.results[9_999]!.path, 'd099/f099.pkl');
  const paths = report.results.map((r) => r.path);
  assert.deepEqual(paths, [...paths].sort(), 'results are in path order');
});
