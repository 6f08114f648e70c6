import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import {
  checkManifest, checkModelFile, hubPinsOf, loadProvenanceProject, serializeManifest, type ManifestEntry,
} from '../../../server/src/core/provenance/index';
import { REV, safetensors, sha256Hex, tempProject } from './helpers';

const weights = safetensors();
const base: ManifestEntry = { path: 'm/a.safetensors', size: weights.length, sha256: sha256Hex(weights), format: 'safetensors', source: { url: 'https://x.test/a' } };

function setup(entries: ManifestEntry[], config = {}) {
  const p = tempProject();
  p.write('m/a.safetensors', weights);
  p.write('m/b.safetensors', weights);
  p.write('msl.lock.json', serializeManifest({ version: 1, models: entries }));
  return { p, project: loadProvenanceProject(p.root, config)! };
}

describe('checkModelFile', () => {
  it('no manifest: only folder checks, nothing about provenance', async () => {
    const p = tempProject();
    try {
      const f = p.write('a.safetensors', weights);
      assert.equal(loadProvenanceProject(p.root), undefined);
      assert.deepEqual(await checkModelFile(f, 'safetensors', undefined), []);
    } finally {
      p.cleanup();
    }
  });

  it('unlisted model: MSL802 at the configured severity, or nothing when off; scripts are never model files', async () => {
    for (const [config, expected] of [[{}, ['MSL802:low']], [{ unlisted: 'medium' }, ['MSL802:medium']], [{ unlisted: 'off' }, []]] as const) {
      const { p, project } = setup([base], config);
      try {
        const found = await checkModelFile(`${p.root}/m/b.safetensors`, 'safetensors', project);
        assert.deepEqual(found.map((f) => `${f.ruleId}:${f.severity}`), expected);
        assert.deepEqual(await checkModelFile(`${p.root}/m/b.safetensors`, 'python', project), []);
      } finally {
        p.cleanup();
      }
    }
  });

  it('a genuine file passes; a same-size tampered file is MSL803 by digest, a resized one by size', async () => {
    const { p, project } = setup([base]);
    try {
      const file = `${p.root}/m/a.safetensors`;
      assert.deepEqual(await checkModelFile(file, 'safetensors', project), []);
      const tampered = Buffer.from(weights);
      tampered[tampered.length - 1] ^= 0xff;
      fs.writeFileSync(file, tampered);
      const t = new Date(Date.now() + 10_000);
      fs.utimesSync(file, t, t);
      const byDigest = await checkModelFile(file, 'safetensors', project);
      assert.deepEqual(byDigest.map((f) => `${f.ruleId}:${f.severity}`), ['MSL803:high']);
      assert.match(byDigest[0]!.message, new RegExp(`recorded ${base.sha256}`));
      fs.appendFileSync(file, 'x');
      assert.match((await checkModelFile(file, 'safetensors', project))[0]!.evidence!, /^size /);
    } finally {
      p.cleanup();
    }
  });

  it('sources: plain http (MSL805), unpinned hub (MSL806), typo-squat (MSL830), licence vs use (MSL824)', async () => {
    const entries: ManifestEntry[] = [
      { ...base, source: { url: 'http://x.test/a' }, license: 'cc-by-nc-4.0', use: 'commercial' },
      { ...base, path: 'm/b.safetensors', source: { hub: 'meta-llamma/Llama-3', revision: 'main' } },
    ];
    const { p, project } = setup(entries);
    try {
      const a = await checkModelFile(`${p.root}/m/a.safetensors`, 'safetensors', project);
      assert.deepEqual(a.map((f) => f.ruleId).sort(), ['MSL805', 'MSL824']);
      const b = await checkModelFile(`${p.root}/m/b.safetensors`, 'safetensors', project);
      assert.deepEqual(b.map((f) => f.ruleId).sort(), ['MSL806', 'MSL830']);
      assert.match(b.find((f) => f.ruleId === 'MSL830')!.message, /meta-llama/);
    } finally {
      p.cleanup();
    }
  });
});

describe('checkManifest and Hub pins', () => {
  it('reports entries whose file is missing and unreadable entries', () => {
    const p = tempProject();
    try {
      p.write('msl.lock.json', JSON.stringify({ version: 1, models: [base, { path: 'x', size: -1 }] }));
      const project = loadProvenanceProject(p.root)!;
      const found = checkManifest(project);
      assert.deepEqual(found.map((f) => f.ruleId).sort(), ['MSL804', 'MSL807', 'MSL807', 'MSL807', 'MSL807']);
      assert.deepEqual(found.find((f) => f.ruleId === 'MSL804')!.location, { kind: 'pointer', pointer: '/models/0' });
    } finally {
      p.cleanup();
    }
  });

  it('pins only commit revisions, dropping repositories recorded at two commits', () => {
    const pins = hubPinsOf({
      version: 1,
      models: [
        { ...base, source: { hub: 'Org/One', revision: REV } },
        { ...base, path: 'b', source: { hub: 'org/two', revision: 'main' } },
        { ...base, path: 'c', source: { hub: 'org/three', revision: REV } },
        { ...base, path: 'd', source: { hub: 'org/three', revision: 'f'.repeat(40) } },
      ],
    });
    assert.deepEqual([...pins], [['org/one', REV]]);
  });
});
