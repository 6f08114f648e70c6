// fileProvenanceStatus: the report's provenance facts, the cases the LSP tests do not reach.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import {
  checkModelFile, entrySignature, fileProvenanceStatus, HashCache, loadProvenanceProject, serializeManifest, sourceStatus, type ManifestEntry,
} from '../../../server/src/core/provenance/index';
import { REV, safetensors, sha256Hex, tempProject } from './helpers';
import { ecKey, keyBundle, statement } from './signing';

const weights = safetensors(3);
const entry = (over: Partial<ManifestEntry> = {}): ManifestEntry =>
  ({ path: 'm/model.safetensors', size: weights.length, sha256: sha256Hex(weights), format: 'safetensors', source: { hub: 'org/model', revision: REV }, ...over });

function project(entries: ManifestEntry[], config = {}, files: Record<string, string | Buffer> = {}) {
  const p = tempProject();
  const file = p.write('m/model.safetensors', weights);
  for (const [rel, data] of Object.entries(files)) p.write(rel, data);
  p.write('msl.lock.json', serializeManifest({ version: 1, models: entries }));
  return { p, file, proj: loadProvenanceProject(p.root, config)! };
}

describe('fileProvenanceStatus', () => {
  it('no manifest, and files that are not models', async () => {
    const p = tempProject();
    try {
      const file = p.write('m/model.safetensors', weights);
      assert.deepEqual(await fileProvenanceStatus(file, 'safetensors', undefined), { manifest: 'no-manifest', manifestProblems: 0, signature: { status: 'not-applicable' } });
      assert.equal((await fileProvenanceStatus(p.write('a.py', 'x = 1\n'), 'python', undefined)).manifest, 'not-a-model');
    } finally {
      p.cleanup();
    }
  });

  it('unsigned where the project requires signatures, with the hash taken from the shared cache', async () => {
    const { p, file, proj } = project([entry()], { requireSignatures: true });
    try {
      const hashes = new HashCache();
      const s = await fileProvenanceStatus(file, 'safetensors', proj, { hashes });
      assert.equal(s.manifest, 'match');
      assert.deepEqual(s.signature, { status: 'unsigned', required: true });
      assert.equal(hashes.size, 1);
    } finally {
      p.cleanup();
    }
  });

  it('a recorded file that is gone is unreadable; a bundle that is not JSON is unusable', async () => {
    const { p, file, proj } = project([entry({ signature: { bundle: 'm/model.sig' } })], { publicKey: 'k.pem' }, { 'm/model.sig': 'not json', 'k.pem': ecKey().publicKeyPem });
    try {
      const unusable = await fileProvenanceStatus(file, 'safetensors', proj);
      assert.equal(unusable.signature.status, 'unusable');
      assert.match(unusable.signature.status === 'unusable' ? unusable.signature.reason : '', /not a Sigstore bundle/);
      fs.rmSync(file);
      const gone = await fileProvenanceStatus(file, 'safetensors', proj);
      assert.equal(gone.manifest, 'unreadable');
      assert.equal(gone.actual, undefined);
      assert.deepEqual(gone.signature, { status: 'unusable', bundle: 'm/model.sig', reason: 'the file cannot be read' });
    } finally {
      p.cleanup();
    }
  });

  it('a signature that does not list the file is invalid, naming the signer', async () => {
    const key = ecKey();
    const bundle = keyBundle(key, statement([{ name: 'other.safetensors', sha256: sha256Hex(weights) }]));
    const { p, file, proj } = project([entry({ signature: { bundle: 'm/model.sig', publicKey: 'k.pem' } })], {}, { 'm/model.sig': bundle, 'k.pem': key.publicKeyPem });
    try {
      const s = await fileProvenanceStatus(file, 'safetensors', proj);
      assert.deepEqual(s.signature, { status: 'invalid', bundle: 'm/model.sig', signer: 'the configured public key', reason: 'the signed statement does not list model.safetensors' });
      // The findings say the same (MSL812), from the same verification.
      assert.deepEqual((await checkModelFile(file, 'safetensors', proj)).map((f) => f.ruleId), ['MSL812']);
      assert.equal(entrySignature(proj, proj.parsed.manifest.models[0]!, sha256Hex(weights)).kind, 'not-covered');
    } finally {
      p.cleanup();
    }
  });

  it('sourceStatus flags plain HTTP and FTP, and Hub revisions that are not commits', () => {
    assert.deepEqual(sourceStatus({ url: 'HTTP://x.example/m' }), { kind: 'url', url: 'HTTP://x.example/m', plainHttp: true });
    assert.equal((sourceStatus({ url: 'ftp://x.example/m' }) as { plainHttp: boolean }).plainHttp, true);
    assert.equal((sourceStatus({ url: 'https://x.example/m' }) as { plainHttp: boolean }).plainHttp, false);
    assert.deepEqual(sourceStatus({ hub: 'org/m', revision: 'main' }), { kind: 'hub', repo: 'org/m', revision: 'main', pinned: false });
    assert.equal((sourceStatus({ hub: 'org/m', revision: REV }) as { pinned: boolean }).pinned, true);
  });
});
