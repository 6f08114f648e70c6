import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkModelFile, loadProvenanceProject, serializeManifest, verifyModelSignature, type ManifestEntry,
} from '../../../server/src/core/provenance/index';
import { ecKey, ed25519Key, keyBundle, statement } from './signing';
import { REV, safetensors, sha256Hex, tempProject } from './helpers';

const weights = safetensors(4);
const files = [{ name: 'model.safetensors', sha256: sha256Hex(weights) }];

describe('verifyModelSignature (offline, @sigstore/verify)', () => {
  for (const [label, make] of [['ECDSA P-256', ecKey], ['Ed25519', ed25519Key]] as const) {
    it(`verifies a key-based bundle (${label}) and lists the signed files`, () => {
      const key = make();
      const r = verifyModelSignature(keyBundle(key, statement(files)), { publicKeyPem: key.publicKeyPem });
      assert.equal(r.status, 'verified');
      assert.deepEqual(r.status === 'verified' && r.statement.files, files);
    });
  }

  it('rejects the wrong key and a statement changed after signing', () => {
    const key = ecKey();
    assert.deepEqual(verifyModelSignature(keyBundle(key, statement(files)), { publicKeyPem: ecKey().publicKeyPem }), { status: 'invalid', reason: 'signature verification failed' });
    const tampered = keyBundle(key, statement(files), { tamperPayload: () => statement([{ name: 'model.safetensors', sha256: 'f'.repeat(64) }]) });
    assert.equal(verifyModelSignature(tampered, { publicKeyPem: key.publicKeyPem }).status, 'invalid');
  });

  it('reports malformed bundles, other payloads and missing trust material as unusable', () => {
    const key = ecKey();
    const cases: [string, string][] = [
      ['not json', 'not a Sigstore bundle'],
      ['{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json"}', 'not a Sigstore bundle'],
      [keyBundle(key, statement(files), { payloadType: 'text/plain' }), 'payload type'],
      [keyBundle(key, { _type: 'https://in-toto.io/Statement/v1', predicateType: 'https://slsa.dev/provenance/v1', subject: [] }), 'predicate type'],
      [keyBundle(key, { hello: 1 }), 'not an in-toto statement'],
    ];
    for (const [text, reason] of cases) {
      const r = verifyModelSignature(text, { publicKeyPem: key.publicKeyPem });
      assert.equal(r.status, 'unusable', text.slice(0, 40));
      assert.match(r.status === 'unusable' ? r.reason : '', new RegExp(reason));
    }
    const noKey = verifyModelSignature(keyBundle(key, statement(files)), {});
    assert.match(noKey.status === 'unusable' ? noKey.reason : '', /no public key is configured/);
    const badKey = verifyModelSignature(keyBundle(key, statement(files)), { publicKeyPem: 'not a key' });
    assert.match(badKey.status === 'unusable' ? badKey.reason : '', /cannot read the public key/);
  });

  it('requires tlog entries when the policy says so (a key-only bundle has none)', () => {
    const key = ecKey();
    const r = verifyModelSignature(keyBundle(key, statement(files)), { publicKeyPem: key.publicKeyPem, minTlogEntries: 1, trustedRoot: { mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1' } });
    assert.equal(r.status, 'invalid');
  });
});

describe('signatures in the manifest', () => {
  function project(options: { sign?: 'good' | 'tampered-file' | 'wrong-key' | 'other-file' | 'none'; requireSignatures?: boolean } = {}) {
    const p = tempProject();
    const key = ecKey();
    p.write('models/model.safetensors', weights);
    p.write('keys/publisher.pem', key.publicKeyPem);
    const signed = options.sign === 'other-file' ? [{ name: 'other.safetensors', sha256: files[0]!.sha256 }]
      : options.sign === 'tampered-file' ? [{ name: 'model.safetensors', sha256: sha256Hex('different bytes') }] : files;
    const signer = options.sign === 'wrong-key' ? ecKey() : key;
    p.write('models/model.sig', keyBundle(signer, statement(signed)));
    const entry: ManifestEntry = { path: 'models/model.safetensors', size: weights.length, sha256: sha256Hex(weights), format: 'safetensors', source: { hub: 'org/model', revision: REV } };
    if (options.sign !== 'none') entry.signature = { bundle: 'models/model.sig', publicKey: 'keys/publisher.pem' };
    p.write('msl.lock.json', serializeManifest({ version: 1, models: [entry] }));
    const proj = loadProvenanceProject(p.root, { ...(options.requireSignatures ? { requireSignatures: true } : {}) })!;
    return { p, proj, file: `${p.root}/models/model.safetensors` };
  }

  const ids = async (o: Parameters<typeof project>[0]) => {
    const { p, proj, file } = project(o);
    try {
      return (await checkModelFile(file, 'safetensors', proj)).map((f) => `${f.ruleId}:${f.severity}`);
    } finally {
      p.cleanup();
    }
  };

  it('a good signature gives no finding', async () => assert.deepEqual(await ids({ sign: 'good' }), []));
  it('a signed digest that differs from the file is critical (MSL811)', async () => assert.deepEqual(await ids({ sign: 'tampered-file' }), ['MSL811:critical']));
  it('a bundle signed by another key is critical (MSL810)', async () => assert.deepEqual(await ids({ sign: 'wrong-key' }), ['MSL810:critical']));
  it('a bundle that does not list the file gives MSL812', async () => assert.deepEqual(await ids({ sign: 'other-file' }), ['MSL812:high']));
  it('no signature is fine unless the project requires signing (MSL813)', async () => {
    assert.deepEqual(await ids({ sign: 'none' }), []);
    assert.deepEqual(await ids({ sign: 'none', requireSignatures: true }), ['MSL813:high']);
  });

  it('a replaced file with a valid signature gives the digest mismatch and the signature mismatch', async () => {
    const { p, proj, file } = project({ sign: 'good' });
    try {
      const other = Buffer.from(weights);
      other[other.length - 1] = 1;
      p.write('models/model.safetensors', other);
      const found = (await checkModelFile(file, 'safetensors', proj)).map((f) => f.ruleId).sort();
      assert.deepEqual(found, ['MSL803', 'MSL811']);
    } finally {
      p.cleanup();
    }
  });

  it('a missing bundle is MSL814', async () => {
    const { p, proj, file } = project({ sign: 'good' });
    try {
      p.write('models/model.sig', '{');
      assert.deepEqual((await checkModelFile(file, 'safetensors', proj)).map((f) => f.ruleId), ['MSL814']);
    } finally {
      p.cleanup();
    }
  });
});
