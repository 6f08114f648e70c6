// The CI recipes run: the pre-commit entry point on a temporary repository (blocks a malicious
// pickle, lets a benign safetensors file through, scans the index version), and the composite
// action's shell steps (setup-node and upload-sarif need GitHub; their structure is checked).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { benignSafetensors } from '../fixtures/safetensors/writer';
import { BENIGN_PICKLE, MALICIOUS_PICKLE_P0, UNSAFE_SCRIPT } from './fixtures';
import { GIT_ENV, TempRepo } from './gitRepo';
import { BIN, REPO, ensureBuilt } from './helpers';
import { sarifErrors } from './schemas';

/* eslint-disable @typescript-eslint/no-explicit-any -- YAML and reports are walked as plain data */

// js-yaml comes with the dev tooling (eslint's config loader); it ships no types of its own.
const yaml = createRequire(__filename)('js-yaml') as { load(text: string): unknown };

interface Hook { id: string; entry: string; language: string; pass_filenames: boolean; files: string }

const hooks = yaml.load(fs.readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

/** Runs a hook's entry as pre-commit would (no file names), with `msl` being the built CLI. */
function runHook(hook: Hook, cwd: string): { code: number | null; stdout: string; stderr: string } {
  ensureBuilt();
  const words = hook.entry.split(/\s+/);
  const at = words.indexOf('msl');
  assert.ok(at >= 0, hook.entry);
  const r = spawnSync(process.execPath, [BIN, ...words.slice(at + 1)], { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('.pre-commit-hooks.yaml: entries scan staged files without file names', () => {
  assert.deepEqual(hooks.map((h) => [h.id, h.language]), [['msl', 'node'], ['msl-system', 'system']]);
  for (const h of hooks) {
    assert.match(h.entry, /\bmsl scan --staged\b/);
    assert.equal(h.pass_filenames, false);
    const files = new RegExp(h.files.replace('(?i)', ''), 'i');
    for (const name of ['a.pkl', 'x/model.SAFETENSORS', 'train.py', 'm.pt', 'n.ipynb', 'w.gguf']) assert.match(name, files);
    assert.doesNotMatch('README.md', files);
  }
});

test('pre-commit entry: a staged malicious pickle blocks the commit; a benign safetensors passes', () => {
  const hook = hooks[0]!;
  const repo = new TempRepo();
  repo.write({ 'README.md': '# r\n' }).commit('first');
  repo.write({ 'model.pkl': MALICIOUS_PICKLE_P0 });
  repo.git('add', 'model.pkl');
  const blocked = runHook(hook, repo.dir);
  assert.equal(blocked.code, 1, blocked.stderr);
  assert.match(blocked.stdout, /model\.pkl.*\n {2}CRITICAL MSL601/);
  assert.match(blocked.stderr, /--staged: 1 staged model file and script \(the index versions\)/);

  // The index is what gets committed: a benign working-tree copy does not unblock it...
  repo.write({ 'model.pkl': BENIGN_PICKLE });
  assert.equal(runHook(hook, repo.dir).code, 1, 'the staged (index) version is scanned');
  // ...re-staging the benign version does.
  repo.git('add', 'model.pkl');
  assert.equal(runHook(hook, repo.dir).code, 0);

  repo.git('rm', '-q', '--cached', 'model.pkl');
  fs.rmSync(path.join(repo.dir, 'model.pkl'));
  repo.write({ 'weights.safetensors': benignSafetensors(), 'notes.txt': 'x' });
  repo.git('add', '-A');
  const passed = runHook(hook, repo.dir);
  assert.equal(passed.code, 0, passed.stdout + passed.stderr);
  assert.match(passed.stdout, /Scanned 1 file: 0 critical/);

  // Before the first commit (no HEAD) the index is compared with the empty tree.
  const fresh = new TempRepo();
  fresh.write({ 'train.py': UNSAFE_SCRIPT });
  fresh.git('add', 'train.py');
  assert.equal(runHook(hook, fresh.dir).code, 1);
});

test('action.yml: a composite action that scans --changed to SARIF, summarises in Markdown, uploads, gates', () => {
  const action = yaml.load(fs.readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as any;
  assert.equal(action.runs.using, 'composite');
  const steps: any[] = action.runs.steps;
  assert.ok(steps.some((s) => s.uses === 'actions/setup-node@v4'));
  const upload = steps.find((s) => typeof s.uses === 'string' && s.uses.startsWith('github/codeql-action/upload-sarif@'));
  assert.equal(upload.with.sarif_file, '${{ inputs.sarif-file }}');
  for (const s of steps.filter((x) => x.run)) {
    assert.equal(s.shell, 'bash');
    assert.doesNotMatch(s.run, /\$\{\{/, `inputs reach "${s.name}" through env only`);
  }
  assert.match(steps.find((s) => s.id === 'scan').run, /scan --format sarif --output "\$MSL_SARIF"/);
  assert.deepEqual(Object.keys(action.inputs).sort(), ['base', 'baseline', 'category', 'fail-on', 'sarif-file', 'upload-sarif']);
});

test('action.yml: its shell steps run on a pull-request repository', () => {
  ensureBuilt();
  const action = yaml.load(fs.readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as any;
  const repo = new TempRepo();
  repo.write({ 'README.md': '# r\n' });
  const base = repo.commit('base');
  repo.git('checkout', '-q', '-b', 'feature');
  repo.write({ 'evil.pkl': MALICIOUS_PICKLE_P0, 'weights.safetensors': benignSafetensors() });
  repo.commit('pr');
  const summary = path.join(repo.dir, '..', `${path.basename(repo.dir)}-summary.md`);
  const env: NodeJS.ProcessEnv = {
    ...process.env, ...GIT_ENV, MSL_HOME: REPO, MSL_BASE: base, MSL_BASELINE: '', MSL_SARIF: 'msl.sarif', MSL_FAIL_ON: 'high', GITHUB_STEP_SUMMARY: summary,
  };
  // `node` in the steps is the node running these tests.
  env.PATH = `${path.dirname(process.execPath)}${path.delimiter}${env.PATH ?? ''}`;
  const codes: Record<string, number | null> = {};
  for (const step of action.runs.steps as any[]) {
    if (!step.run || step.name === 'Install msl') continue;
    const r = spawnSync('bash', ['-c', step.run], { cwd: repo.dir, env, encoding: 'utf8' });
    codes[step.name] = r.status;
  }
  assert.deepEqual(Object.values(codes), [0, 0, 1], JSON.stringify(codes));
  const sarif = JSON.parse(fs.readFileSync(path.join(repo.dir, 'msl.sarif'), 'utf8'));
  assert.deepEqual(sarifErrors(sarif), []);
  assert.deepEqual(sarif.runs[0].results.map((r: any) => r.ruleId), ['MSL601']);
  assert.match(fs.readFileSync(summary, 'utf8'), /\| `evil\.pkl` \| 🔴 Dangerous/);
});
