// `msl lock` / `msl verify` / `msl scan` with a manifest, on a folder of genuine and tampered files.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { safetensors } from './fixtures';
import { runMsl } from './helpers';

const REV = '0123456789abcdef0123456789abcdef01234567';

describe('msl lock and msl verify', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msl-lock-'));
    fs.mkdirSync(path.join(dir, 'models', 'sub'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'models', 'a.safetensors'), safetensors(1));
    fs.writeFileSync(path.join(dir, 'models', 'sub', 'b.safetensors'), safetensors(2));
    fs.writeFileSync(path.join(dir, 'models', 'notes.py'), 'print(1)\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const manifest = () => JSON.parse(fs.readFileSync(path.join(dir, 'msl.lock.json'), 'utf8')) as { models: { path: string; sha256: string; source: unknown }[] };

  it('refuses to record files without a source (exit 1, nothing written)', async () => {
    const r = await runMsl(['lock', 'models'], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /2 without source/);
    assert.equal(fs.existsSync(path.join(dir, 'msl.lock.json')), false);
  });

  it('records model files (not scripts) with the source, sorted; a second run is unchanged', async () => {
    const r = await runMsl(['lock', 'models', '--hub', 'org/model', '--revision', REV], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^msl\.lock\.json: 2 added, 0 changed, 0 unchanged, 0 missing \(written\)/);
    assert.deepEqual(manifest().models.map((m) => m.path), ['models/a.safetensors', 'models/sub/b.safetensors']);
    assert.deepEqual(manifest().models[0]!.source, { hub: 'org/model', revision: REV });
    const again = await runMsl(['lock', '--format', 'json'], { cwd: dir });
    const out = JSON.parse(again.stdout) as { written: boolean; diff: { unchanged: string[] } };
    assert.equal(out.written, false);
    assert.deepEqual(out.diff.unchanged, ['models/a.safetensors', 'models/sub/b.safetensors']);
  });

  it('verify passes on genuine files and fails (exit 1) on a tampered one, in text, json and sarif', async () => {
    const ok = await runMsl(['verify'], { cwd: dir });
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    fs.writeFileSync(path.join(dir, 'models', 'a.safetensors'), safetensors(9));
    const bad = await runMsl(['verify'], { cwd: dir });
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /MSL803/);
    assert.match(bad.stdout, /models\/a\.safetensors does not match msl\.lock\.json/);
    const json = JSON.parse((await runMsl(['verify', '-f', 'json'], { cwd: dir })).stdout) as { results: { path: string; findings: { ruleId: string }[] }[] };
    assert.deepEqual(json.results.filter((r) => r.findings.length > 0).map((r) => [r.path, r.findings.map((f) => f.ruleId)]), [['models/a.safetensors', ['MSL803']]]);
    const sarif = JSON.parse((await runMsl(['verify', '-f', 'sarif'], { cwd: dir })).stdout) as { runs: { results: { ruleId: string; level: string }[] }[] };
    assert.deepEqual(sarif.runs[0]!.results.map((r) => [r.ruleId, r.level]), [['MSL803', 'error']]);
    assert.equal((await runMsl(['verify', '--fail-on', 'critical'], { cwd: dir })).code, 0);
  });

  it('lock reports the change; a vanished file is kept as missing until --prune', async () => {
    const changed = await runMsl(['lock', 'models'], { cwd: dir });
    assert.match(changed.stdout, /1 changed/);
    assert.match(changed.stdout, /~ models\/a\.safetensors {2}changed: sha256/);
    fs.rmSync(path.join(dir, 'models', 'sub', 'b.safetensors'));
    const missing = await runMsl(['lock'], { cwd: dir });
    assert.match(missing.stdout, /1 missing/);
    assert.equal(manifest().models.length, 2, 'kept');
    const verify = await runMsl(['verify', '--fail-on', 'medium', '-f', 'json'], { cwd: dir });
    assert.equal(verify.code, 1);
    assert.match(verify.stdout, /MSL804/);
    const pruned = await runMsl(['lock', '--prune'], { cwd: dir });
    assert.match(pruned.stdout, /1 pruned/);
    assert.deepEqual(manifest().models.map((m) => m.path), ['models/a.safetensors']);
  });

  it('msl scan adds MSL8xx findings when the working directory has a manifest', async () => {
    fs.writeFileSync(path.join(dir, 'models', 'c.safetensors'), safetensors(3));
    fs.writeFileSync(path.join(dir, 'models', 'a.safetensors'), safetensors(7));
    const r = await runMsl(['scan', '.', '-f', 'sarif', '--fail-on', 'none'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const results = (JSON.parse(r.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }).runs[0]!.results;
    const got = results.map((x) => `${x.ruleId} ${x.locations[0]!.physicalLocation.artifactLocation.uri}`).sort();
    assert.deepEqual(got, ['MSL802 models/c.safetensors', 'MSL803 models/a.safetensors']);
  });

  it('refuses to rewrite a manifest with unreadable entries', async () => {
    fs.writeFileSync(path.join(dir, 'msl.lock.json'), JSON.stringify({ version: 1, models: [{ path: 'x' }] }));
    const r = await runMsl(['lock', 'models', '--source', 'https://x.test/m'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /refusing to rewrite/);
    assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'msl.lock.json'), 'utf8')).models.length, 1);
  });

  it('usage errors: --hub without a commit, verify without a manifest', async () => {
    const r = await runMsl(['lock', 'models', '--hub', 'org/model', '--revision', 'main'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /40-hex commit/);
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'msl-empty-'));
    try {
      const v = await runMsl(['verify'], { cwd: empty });
      assert.equal(v.code, 2);
      assert.match(v.stderr, /no msl\.lock\.json/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
