// --shard and --jobs: shards partition the files deterministically; worker threads give the same
// report, in the same order, as one thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BENIGN_PICKLE, MALICIOUS_PICKLE_P0, UNSAFE_SCRIPT, tempDir } from './fixtures';
import { runMsl } from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- reports are walked as plain JSON */

function folder(): string {
  const dir = tempDir('msl-scale-');
  for (let d = 0; d < 10; d++) {
    fs.mkdirSync(path.join(dir, `d${d}`));
    for (let f = 0; f < 20; f++) {
      const name = path.join(dir, `d${d}`, f % 5 === 0 ? `s${f}.py` : `m${f}.pkl`);
      fs.writeFileSync(name, f % 5 === 0 ? UNSAFE_SCRIPT : d === 3 && f === 7 ? MALICIOUS_PICKLE_P0 : BENIGN_PICKLE);
    }
  }
  return dir;
}

test('--jobs: worker threads produce the same report as one thread', async () => {
  const dir = folder();
  const one = await runMsl(['scan', '--jobs', '1', '--format', 'json', '.'], { cwd: dir });
  const two = await runMsl(['scan', '--jobs', '2', '--format', 'json', '.'], { cwd: dir });
  assert.equal(one.code, 1);
  assert.equal(two.code, 1, two.stderr);
  assert.equal(two.stdout, one.stdout);
  assert.equal(JSON.parse(two.stdout).summary.files, 200);
  const bad = await runMsl(['scan', '--jobs', '0', '.'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--jobs must be a whole number from 1 to 16/);
});

test('--shard i/n: shards are disjoint, cover every file, and are stable', async () => {
  const dir = folder();
  const all = JSON.parse((await runMsl(['scan', '--format', 'json', '--fail-on', 'none', '.'], { cwd: dir })).stdout).results.map((r: any) => r.path);
  const shards: string[][] = [];
  for (let i = 1; i <= 3; i++) {
    const r = await runMsl(['scan', '--shard', `${i}/3`, '--format', 'json', '--fail-on', 'none', '.'], { cwd: dir });
    shards.push(JSON.parse(r.stdout).results.map((x: any) => x.path));
  }
  assert.deepEqual(shards.flat().sort(), [...all].sort());
  assert.equal(new Set(shards.flat()).size, all.length);
  for (const s of shards) assert.ok(s.length > 30 && s.length < 110, `balanced enough: ${s.length}`);
  const sarif = JSON.parse((await runMsl(['scan', '--shard', '2/3', '--format', 'sarif', '.'], { cwd: dir })).stdout);
  assert.equal(sarif.runs[0].automationDetails.id, 'msl/scan-shard-2-of-3/');
  const bad = await runMsl(['scan', '--shard', '4/3', '.'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--shard must be i\/n with 1 <= i <= n/);
});
