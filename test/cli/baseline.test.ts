// `msl baseline` and `msl scan --baseline`: adopting msl on a repository with existing findings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MALICIOUS_PICKLE_P0, MALICIOUS_PICKLE_P2, UNSAFE_SCRIPT, tempDir, writeFiles } from './fixtures';
import { runMsl } from './helpers';
import { sarifErrors } from './schemas';

/* eslint-disable @typescript-eslint/no-explicit-any -- reports are walked as plain JSON */

test('baseline: accepted findings are hidden, new ones reported, empty justifications flagged (MSL012)', async () => {
  const dir = tempDir();
  writeFiles(dir, { 'models/old.pkl': MALICIOUS_PICKLE_P0, 'train.py': UNSAFE_SCRIPT });
  const written = await runMsl(['baseline', '.'], { cwd: dir });
  assert.equal(written.code, 0, written.stderr);
  assert.match(written.stderr, /wrote 2 finding\(s\) to msl\.baseline\.json/);
  const baseline = JSON.parse(fs.readFileSync(path.join(dir, 'msl.baseline.json'), 'utf8'));
  assert.deepEqual(baseline.findings.map((e: any) => [e.ruleId, e.path, e.justification]), [['MSL601', 'models/old.pkl', ''], ['MSL101', 'train.py', '']]);

  const unjustified = JSON.parse((await runMsl(['scan', '--baseline', 'msl.baseline.json', '--format', 'json', '.'], { cwd: dir })).stdout);
  const byPath = new Map(unjustified.results.map((r: any) => [r.path, r.findings.map((f: any) => f.ruleId)]));
  assert.deepEqual(byPath.get('models/old.pkl'), []);
  assert.deepEqual(byPath.get('msl.baseline.json'), ['MSL012', 'MSL012']);

  baseline.findings[0].justification = 'Test fixture of our own scanner, never loaded.';
  fs.writeFileSync(path.join(dir, 'msl.baseline.json'), JSON.stringify(baseline));
  writeFiles(dir, { 'models/new.pkl': MALICIOUS_PICKLE_P2 });
  const text = await runMsl(['scan', '--baseline', 'msl.baseline.json', '.'], { cwd: dir });
  assert.equal(text.code, 1, 'the new pickle fails the run');
  assert.match(text.stdout, /models\/new\.pkl/);
  assert.doesNotMatch(text.stdout, /models\/old\.pkl/);
  assert.match(text.stdout, /The baseline accepts MSL101 in train\.py without a justification\./);
  assert.doesNotMatch(text.stdout, /accepts MSL601/);

  // From another folder: paths are relative to the baseline file, so entries still match.
  const sub = await runMsl(['scan', '--baseline', '../msl.baseline.json', '--format', 'json', '.'], { cwd: path.join(dir, 'models') });
  assert.deepEqual(JSON.parse(sub.stdout).results.map((r: any) => [r.path, r.findings.length]), [['new.pkl', 1], ['old.pkl', 0]], 'MSL012 only for entries that hid a finding of this run');

  const sarif = JSON.parse((await runMsl(['scan', '--baseline', 'msl.baseline.json', '--format', 'sarif', '.'], { cwd: dir })).stdout);
  assert.deepEqual(sarifErrors(sarif), []);
  const results = sarif.runs[0].results;
  const accepted = results.find((r: any) => r.ruleId === 'MSL601' && r.locations[0].physicalLocation.artifactLocation.uri === 'models/old.pkl');
  assert.equal(accepted.baselineState, 'unchanged');
  assert.deepEqual(accepted.suppressions, [{ kind: 'external', status: 'accepted', justification: 'Test fixture of our own scanner, never loaded.' }]);
  assert.equal(results.find((r: any) => r.locations[0].physicalLocation.artifactLocation.uri === 'models/new.pkl').baselineState, 'new');

  // Re-running `msl baseline` keeps the justification written by hand.
  await runMsl(['baseline', '.'], { cwd: dir });
  const again = JSON.parse(fs.readFileSync(path.join(dir, 'msl.baseline.json'), 'utf8'));
  assert.equal(again.findings.find((e: any) => e.path === 'models/old.pkl').justification, 'Test fixture of our own scanner, never loaded.');
  assert.equal(again.findings.length, 3);
});

test('baseline: a fixed finding is absent in SARIF; a broken baseline is a usage error', async () => {
  const dir = tempDir();
  writeFiles(dir, { 'a.pkl': MALICIOUS_PICKLE_P0 });
  await runMsl(['baseline', '-o', 'b.json', '.'], { cwd: dir });
  fs.rmSync(path.join(dir, 'a.pkl'));
  writeFiles(dir, { 'a.pkl': Buffer.from([0x80, 0x02, 0x4e, 0x2e]) });
  const sarif = JSON.parse((await runMsl(['scan', '--baseline', 'b.json', '--format', 'sarif', 'a.pkl'], { cwd: dir })).stdout);
  assert.deepEqual(sarif.runs[0].results.map((r: any) => [r.ruleId, r.baselineState]), [['MSL601', 'absent']]);
  assert.deepEqual(sarifErrors(sarif), []);
  fs.writeFileSync(path.join(dir, 'bad.json'), '{"version":1,"findings":[{"ruleId":"MSL601"}]}');
  const bad = await runMsl(['scan', '--baseline', 'bad.json', '.'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /bad\.json: findings\[0\] needs a 64-hex "fingerprint"/);
  const refused = await runMsl(['baseline', '-o', 'bad.json', '.'], { cwd: dir });
  assert.equal(refused.code, 2, 'an unreadable baseline is never overwritten');
});
