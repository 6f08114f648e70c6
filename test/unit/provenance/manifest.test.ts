import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parseManifest, planLock, serializeManifest, upsertEntry, type Manifest, type ManifestEntry } from '../../../server/src/core/provenance/index';
import { REV } from './helpers';

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'schemas', 'msl.lock.schema.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

const entry = (p: string, sha = 'a'.repeat(64), size = 10): ManifestEntry => ({ path: p, size, sha256: sha, format: 'safetensors', source: { hub: 'org/model', revision: REV } });

describe('manifest parse and serialise', () => {
  it('round-trips with sorted entries and fixed key order, and the output validates against the schema', () => {
    const m: Manifest = { version: 1, models: [{ ...entry('z.bin'), license: 'mit', signature: { bundle: 'z.sig' } }, { ...entry('a.pt'), source: { url: 'https://x.test/a.pt' } }] };
    const text = serializeManifest(m);
    assert.ok(text.endsWith('\n'));
    const parsed = parseManifest(text);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.manifest.models.map((e) => e.path), ['a.pt', 'z.bin']);
    assert.equal(serializeManifest(parsed.manifest), text, 'stable bytes');
    assert.deepEqual(Object.keys(JSON.parse(text).models[1]), ['path', 'size', 'sha256', 'format', 'source', 'license', 'signature']);
    assert.equal(validate(JSON.parse(text)), true, JSON.stringify(validate.errors));
  });

  it('reports bad entries with pointers, keeps the good ones, and the schema rejects the same', () => {
    const raw = {
      version: 1,
      models: [
        entry('ok.bin'),
        { ...entry('../escape.bin') },
        { ...entry('short.bin'), sha256: 'abc' },
        { ...entry('both.bin'), source: { url: 'https://a', hub: 'o/n', revision: REV } },
        { ...entry('extra.bin'), colour: 'red' },
        entry('ok.bin'),
      ],
    };
    const parsed = parseManifest(JSON.stringify(raw));
    assert.deepEqual(parsed.manifest.models.map((e) => e.path), ['ok.bin']);
    assert.equal(parsed.invalidEntries.length, 4);
    const pointers = parsed.problems.map((p) => p.pointer);
    assert.ok(pointers.includes('/models/1/path'));
    assert.ok(pointers.includes('/models/2/sha256'));
    assert.ok(pointers.includes('/models/3/source'));
    assert.ok(pointers.includes('/models/4/colour'));
    assert.ok(pointers.includes('/models/5/path'), 'duplicate');
    for (const i of [1, 2, 3, 4]) assert.equal(validate({ version: 1, models: [raw.models[i]] }), false, `schema rejects entry ${i}`);
    assert.equal(validate({ version: 1, models: [raw.models[0]] }), true);
  });

  it('never throws on garbage', () => {
    for (const t of ['', 'null', '[]', '{"version":2}', '{"version":1,"models":{}}', '{"version":1,"models":[1,"x",null]}']) {
      const p = parseManifest(t);
      assert.ok(p.problems.length > 0, t);
      assert.deepEqual(p.manifest.models, []);
    }
  });

  it('keeps http sources and branch revisions (they are findings, not syntax errors)', () => {
    const p = parseManifest(JSON.stringify({ version: 1, models: [{ ...entry('a'), source: { url: 'http://x.test/a' } }, { ...entry('b'), source: { hub: 'o/n', revision: 'main' } }] }));
    assert.deepEqual(p.problems, []);
    assert.equal(p.manifest.models.length, 2);
  });
});

describe('planLock', () => {
  const existing: Manifest = { version: 1, models: [entry('a.bin', 'a'.repeat(64)), entry('b.bin', 'b'.repeat(64)), entry('gone.bin'), entry('other/x.bin')] };
  const observed = [
    { path: 'a.bin', size: 10, sha256: 'a'.repeat(64), format: 'safetensors' },
    { path: 'b.bin', size: 11, sha256: 'c'.repeat(64), format: 'safetensors' },
    { path: 'new.bin', size: 5, sha256: 'd'.repeat(64), format: 'onnx' },
  ];
  const base = { existing, observed, inScope: (p: string) => !p.startsWith('other/'), exists: () => false, prune: false };

  it('diffs added / changed / unchanged / missing and keeps out-of-scope and missing entries', () => {
    const plan = planLock({ ...base, source: { url: 'https://x.test/new.bin' } });
    assert.deepEqual(plan.diff.added, ['new.bin']);
    assert.deepEqual(plan.diff.changed.map((c) => [c.path, c.before.sha256[0], c.after.sha256[0], c.after.size]), [['b.bin', 'b', 'c', 11]]);
    assert.deepEqual(plan.diff.unchanged, ['a.bin']);
    assert.deepEqual(plan.diff.missing, ['gone.bin']);
    assert.deepEqual(plan.manifest.models.map((e) => e.path), ['a.bin', 'b.bin', 'gone.bin', 'new.bin', 'other/x.bin']);
    assert.deepEqual(plan.manifest.models.find((e) => e.path === 'b.bin')!.source, { hub: 'org/model', revision: REV }, 'a changed entry keeps its source');
    assert.equal(plan.changed, true);
  });

  it('prunes only when asked, and never adds a file without a source', () => {
    const plan = planLock({ ...base, prune: true });
    assert.deepEqual(plan.diff.pruned, ['gone.bin']);
    assert.deepEqual(plan.diff.unsourced, ['new.bin']);
    assert.equal(plan.manifest.models.some((e) => e.path === 'gone.bin' || e.path === 'new.bin'), false);
  });

  it('reports no change when nothing changed', () => {
    const plan = planLock({ existing, observed: [observed[0]!], inScope: (p) => p === 'a.bin', exists: () => true, prune: false });
    assert.equal(plan.changed, false);
    assert.deepEqual(plan.diff.unchanged, ['a.bin']);
  });

  it('upsertEntry replaces in place and keeps order', () => {
    const { manifest, replaced } = upsertEntry(existing, { ...entry('b.bin', 'e'.repeat(64)), license: 'mit' });
    assert.equal(replaced?.sha256, 'b'.repeat(64));
    assert.equal(manifest.models.length, 4);
    assert.equal(manifest.models[1]!.sha256, 'e'.repeat(64));
  });
});
