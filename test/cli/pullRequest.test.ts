// Issue 9 "done when": a temporary git repository with a base commit and a pull-request commit
// that adds a malicious pickle, a benign safetensors file and an unsafe script. `msl scan
// --changed` reports exactly the new problems in text, SARIF (schema-valid) and Markdown; the
// pre-commit entry blocks the commit; the BOM validates. Plus renames, fixed findings, LFS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { benignSafetensors } from '../fixtures/safetensors/writer';
import { MALICIOUS_PICKLE_P0, MALICIOUS_PICKLE_P2, UNSAFE_SCRIPT } from './fixtures';
import { TempRepo, sha256 } from './gitRepo';
import { runMsl } from './helpers';
import { cycloneDxErrors, sarifErrors } from './schemas';

/* eslint-disable @typescript-eslint/no-explicit-any -- reports are walked as plain JSON */

const SAFE_SCRIPT = 'import torch\n\nmodel = torch.load("model.pt", weights_only=True)\n';

/** main: a legacy script with a pre-existing finding; feature: the pull request. */
function pullRequestRepo(): { repo: TempRepo; base: string } {
  const repo = new TempRepo();
  repo.write({ 'legacy.py': UNSAFE_SCRIPT, 'README.md': '# project\n' });
  const base = repo.commit('base');
  repo.git('checkout', '-q', '-b', 'feature');
  repo.write({ 'models/evil.pkl': MALICIOUS_PICKLE_P0, 'models/weights.safetensors': benignSafetensors(), 'train.py': UNSAFE_SCRIPT, 'notes.txt': 'not scanned' });
  repo.commit('pull request');
  return { repo, base };
}

test('done-when: --changed reports exactly the new problems (text, SARIF, Markdown); BOM validates', async () => {
  const { repo, base } = pullRequestRepo();
  const text = await runMsl(['scan', '--changed'], { cwd: repo.dir });
  assert.equal(text.code, 1, text.stderr);
  assert.match(text.stderr, /--changed: 3 changed model files and scripts, compared with merge base of main and HEAD/);
  assert.match(text.stdout, /models\/evil\.pkl {2}\(Python pickle\)\n {2}CRITICAL NEW MSL601/);
  assert.match(text.stdout, /HIGH {5}NEW MSL101/);
  assert.match(text.stdout, /Compared with main \([0-9a-f]{10}\): 2 new, 0 fixed\.\n/);
  assert.match(text.stdout, /train\.py:4:9/);
  assert.doesNotMatch(text.stdout, /legacy\.py/, 'unchanged files are not scanned');
  assert.doesNotMatch(text.stdout, /weights\.safetensors/, 'the benign file has no findings');
  assert.match(text.stdout, /Scanned 3 files: 1 critical, 1 high, 0 medium, 0 low, 0 info; 2 files with findings\./);

  const json = JSON.parse((await runMsl(['scan', '--changed', '--format', 'json'], { cwd: repo.dir })).stdout);
  assert.deepEqual(json.results.map((r: any) => r.path), ['models/evil.pkl', 'models/weights.safetensors', 'train.py']);
  assert.deepEqual(json.results.map((r: any) => r.findings.map((f: any) => f.ruleId)), [['MSL601'], [], ['MSL101']]);
  assert.deepEqual(json.results.map((r: any) => r.states), [['new'], [], ['new']]);
  assert.deepEqual({ ...json.comparison, label: undefined }, { kind: 'base', label: undefined, new: 2, fixed: [] });

  const sarifRun = await runMsl(['scan', `--changed=${base}`, '--format', 'sarif'], { cwd: repo.dir });
  assert.equal(sarifRun.code, 1);
  const sarif = JSON.parse(sarifRun.stdout);
  assert.deepEqual(sarifErrors(sarif), []);
  const run = sarif.runs[0];
  assert.deepEqual(run.results.map((r: any) => [r.ruleId, r.locations[0].physicalLocation.artifactLocation.uri, r.baselineState]), [
    ['MSL601', 'models/evil.pkl', 'new'],
    ['MSL101', 'train.py', 'new'],
  ]);
  assert.equal(run.automationDetails.id, 'msl/changed/');
  const evil = run.artifacts.find((a: any) => a.location.uri === 'models/evil.pkl');
  assert.equal(evil.hashes['sha-256'], sha256(path.join(repo.dir, 'models/evil.pkl')));
  assert.match(run.results[0].partialFingerprints['mslFingerprint/v1'], /^[0-9a-f]{64}$/);
  assert.equal(run.invocations[0].executionSuccessful, true);

  const md = await runMsl(['scan', '--changed', '--format', 'markdown'], { cwd: repo.dir });
  assert.equal(md.code, 1);
  assert.match(md.stdout, /\| `models\/evil\.pkl` \| 🔴 Dangerous: do not load this file \| Python pickle \| 1 critical \|/);
  assert.match(md.stdout, /\| `models\/weights\.safetensors` \| ✅ /);
  assert.match(md.stdout, /#### Changes since `main \([0-9a-f]{10}\)`\n\n\*\*2\*\* new finding\(s\), \*\*0\*\* fixed\./);
  assert.match(md.stdout, /🔴 critical 🆕 \| `MSL601`/);
  assert.match(md.stdout, /os\.system\('echo pwned'\)/);
  assert.doesNotMatch(md.stdout, /legacy\.py/);

  const bom = await runMsl(['bom', '--changed-files-are-not-an-option'], { cwd: repo.dir });
  assert.equal(bom.code, 2, 'bom rejects unknown options');
  for (const v of ['1.5', '1.6'] as const) {
    const out = await runMsl(['bom', '--spec-version', v, 'models', 'train.py'], { cwd: repo.dir });
    assert.equal(out.code, 0, out.stderr);
    const doc = JSON.parse(out.stdout);
    assert.deepEqual(cycloneDxErrors(doc, v), [], `CycloneDX ${v}`);
    assert.equal(doc.specVersion, v);
    const byName = new Map(doc.components.map((c: any) => [c.name, c]));
    const model: any = byName.get('models/evil.pkl');
    assert.equal(model.type, 'machine-learning-model');
    assert.equal(model.hashes[0].content, sha256(path.join(repo.dir, 'models/evil.pkl')));
    const props = Object.fromEntries(model.properties.map((p: any) => [p.name, p.value]));
    assert.equal(props['msl:format'], 'pickle');
    assert.equal(props['msl:findings:critical'], '1');
    assert.equal((byName.get('train.py') as any).type, 'file');
    assert.equal((byName.get('models/weights.safetensors') as any).type, 'machine-learning-model');
  }
});

test('--changed: fixed findings, renames keep their identity, SARIF marks absent results', async () => {
  const repo = new TempRepo();
  repo.write({ 'old name.pkl': MALICIOUS_PICKLE_P2, 'train.py': UNSAFE_SCRIPT, 'gone.pkl': MALICIOUS_PICKLE_P0 });
  repo.commit('base');
  repo.git('checkout', '-q', '-b', 'feature');
  repo.git('mv', 'old name.pkl', 'nouveau modèle.pkl');
  repo.git('rm', '-q', 'gone.pkl');
  repo.write({ 'train.py': SAFE_SCRIPT });
  repo.commit('fix the script, rename the model, delete a pickle');

  const md = await runMsl(['scan', '--changed', '--format', 'markdown', '--fail-on', 'none'], { cwd: repo.dir });
  assert.equal(md.code, 0, md.stderr);
  assert.match(md.stdout, /\*\*0\*\* new finding\(s\), \*\*2\*\* fixed\./, 'the renamed pickle is not new; the script and the deleted pickle are fixed');
  assert.match(md.stdout, /\| ✔️ 🟠 high \| `MSL101` \| .* \| `train\.py` \|/);
  assert.match(md.stdout, /\| ✔️ 🔴 critical \| `MSL601` \| .* \| `gone\.pkl` \|/);
  assert.match(md.stdout, /`nouveau modèle\.pkl` \(renamed from `old name\.pkl`\)/);

  const json = JSON.parse((await runMsl(['scan', '--changed', '--format', 'json'], { cwd: repo.dir })).stdout);
  const renamed = json.results.find((r: any) => r.path === 'nouveau modèle.pkl');
  assert.equal(renamed.renamedFrom, 'old name.pkl');
  assert.deepEqual(renamed.states, ['unchanged'], 'the renamed pickle\'s finding was already in BASE');
  assert.equal(json.comparison.new, 0);
  assert.deepEqual(json.comparison.fixed.map((p: any) => [p.ruleId, p.path, p.severity]).sort(), [['MSL101', 'train.py', 'high'], ['MSL601', 'gone.pkl', 'critical']]);

  const text = await runMsl(['scan', '--changed', '--fail-on', 'none'], { cwd: repo.dir });
  assert.match(text.stdout, /CRITICAL \(already in base\) MSL601/);
  assert.match(text.stdout, /: 0 new, 2 fixed\.\n(?=.*fixed HIGH MSL101 .*\(train\.py\))(?=.*fixed CRITICAL MSL601 .*\(gone\.pkl\))/s);

  const sarif = JSON.parse((await runMsl(['scan', '--changed', '--format', 'sarif'], { cwd: repo.dir })).stdout);
  assert.deepEqual(sarifErrors(sarif), []);
  const states = sarif.runs[0].results.map((r: any) => `${r.ruleId} ${decodeURIComponent(r.locations[0].physicalLocation.artifactLocation.uri)} ${r.baselineState}`);
  assert.deepEqual(states.sort(), ['MSL101 train.py absent', 'MSL601 gone.pkl absent', 'MSL601 nouveau modèle.pkl unchanged']);
});

test('--changed: Git LFS pointers are reported, and a fetched object is scanned in its place', async () => {
  const repo = new TempRepo();
  repo.commit('base');
  repo.git('checkout', '-q', '-b', 'feature');
  const pointer = repo.lfsObject(MALICIOUS_PICKLE_P0);
  repo.write({ 'big.pkl': pointer, 'missing.bin': `version https://git-lfs.github.com/spec/v1\noid sha256:${'ab'.repeat(32)}\nsize 123\n` });
  repo.commit('lfs');
  const json = JSON.parse((await runMsl(['scan', '--changed', '--format', 'json', '--fail-on', 'none'], { cwd: repo.dir })).stdout);
  const [big, missing] = json.results;
  assert.equal(big.path, 'big.pkl');
  assert.equal(big.format, 'pickle');
  assert.deepEqual(big.findings.map((f: any) => f.ruleId), ['MSL601']);
  assert.match(big.lfsOid, /^[0-9a-f]{64}$/);
  assert.equal(missing.format, 'git-lfs-pointer');
  assert.deepEqual(missing.findings.map((f: any) => f.ruleId), ['MSL801']);
});

test('--changed: usage errors and a folder that is not a repository', async () => {
  const repo = pullRequestRepo().repo;
  const bad = await runMsl(['scan', '--changed=no-such-branch'], { cwd: repo.dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /'no-such-branch' is not a commit/);
  const both = await runMsl(['scan', '--changed', '--staged'], { cwd: repo.dir });
  assert.equal(both.code, 2);
  const notRepo = await runMsl(['scan', '--changed'], { cwd: fs.mkdtempSync(path.join(repo.dir, '..', 'plain-')) });
  assert.equal(notRepo.code, 2);
  assert.match(notRepo.stderr, /not inside a git working tree/);
  const positional = await runMsl(['scan', '--changed', 'main', '--format', 'json'], { cwd: repo.dir });
  assert.equal(JSON.parse(positional.stdout).results.length, 3, '`--changed BASE` when BASE is not a path');
  const limited = await runMsl(['scan', '--changed', 'models', '--format', 'json', '--fail-on', 'none'], { cwd: repo.dir });
  assert.deepEqual(JSON.parse(limited.stdout).results.map((r: any) => r.path), ['models/evil.pkl', 'models/weights.safetensors']);
});
