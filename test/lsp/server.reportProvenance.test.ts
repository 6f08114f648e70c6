// The report's provenance section over real JSON-RPC: manifest status, source, licence and the
// signature's verdict, computed by the server from msl.lock.json with our own key and bundle.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ReportRequest } from '../../server/src/protocol/report';
import { ecKey, keyBundle, statement } from '../unit/provenance/signing';
import { TestClient } from './helpers/lspClient';
import { benignPickle } from './helpers/pickles';
import { makeWorkspace, removeWorkspace, writeFile } from './helpers/workspace';

const REV = 'fedcba9876543210fedcba9876543210fedcba98';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('language server: provenance in the report', () => {
  const good = benignPickle();
  /** The same pickle with another value ({'a': 2}): a replaced file of the same size. */
  const other = Buffer.from(good);
  other[other.indexOf(0x4b) + 1] = 2; // BININT1 1 -> 2
  const key = ecKey();
  let root: string;
  let client: TestClient;

  before(async () => {
    const signed = [{ name: 'signed.pkl', sha256: sha(good) }, { name: 'tampered.pkl', sha256: sha(good) }];
    const base = { size: good.length, sha256: sha(good), format: 'pickle' };
    root = makeWorkspace({
      'models/signed.pkl': good,
      'models/tampered.pkl': other,
      'models/nokey.pkl': good,
      'cards/unlisted.pkl': good,
      'cards/README.md': '---\nlicense: mit\nbase_model: org/base\n---\n# A card\n',
      'models/model.sig': keyBundle(key, statement(signed)),
      'keys/publisher.pem': key.publicKeyPem,
      'msl.lock.json': JSON.stringify({
        version: 1,
        models: [
          { path: 'models/signed.pkl', ...base, source: { hub: 'org/model', revision: REV }, license: 'apache-2.0', signature: { bundle: 'models/model.sig', publicKey: 'keys/publisher.pem' } },
          { path: 'models/tampered.pkl', ...base, source: { url: 'http://models.example/tampered.pkl' }, signature: { bundle: 'models/model.sig', publicKey: 'keys/publisher.pem' } },
          { path: 'models/nokey.pkl', ...base, source: { hub: 'org/model', revision: 'v1.0' }, use: 'research', signature: { bundle: 'models/model.sig' } },
        ],
      }, null, 2),
    });
    client = await TestClient.start({ root });
  });

  after(() => {
    client?.kill();
    if (root) removeWorkspace(root);
  });

  const report = (rel: string) => client.connection.sendRequest(ReportRequest, { uri: client.uri(rel) });

  it('a recorded, matching, signed file: entry, pinned Hub source, licence, verified signer', async () => {
    const r = await report('models/signed.pkl');
    assert.deepEqual(r.provenance, {
      manifest: 'match',
      manifestProblems: 0,
      entryPath: 'models/signed.pkl',
      recorded: { size: good.length, sha256: sha(good), format: 'pickle' },
      actual: { size: good.length, sha256: sha(good) },
      source: { kind: 'hub', repo: 'org/model', revision: REV, pinned: true },
      license: { id: 'apache-2.0', from: 'manifest' },
      signature: { status: 'verified', bundle: 'models/model.sig', signer: 'the configured public key', publicKey: 'keys/publisher.pem' },
    });
    assert.deepEqual(r.findings.filter((f) => f.ruleId.startsWith('MSL8')), []);
  });

  it('a replaced file: mismatch with both digests, plain-HTTP source, signature invalid with the reason', async () => {
    const r = await report('models/tampered.pkl');
    const p = r.provenance!;
    assert.equal(p.manifest, 'mismatch');
    assert.deepEqual(p.actual, { size: other.length, sha256: sha(other) });
    assert.equal(p.recorded?.sha256, sha(good));
    assert.deepEqual(p.source, { kind: 'url', url: 'http://models.example/tampered.pkl', plainHttp: true });
    assert.deepEqual(p.signature, {
      status: 'invalid', bundle: 'models/model.sig', signer: 'the configured public key',
      reason: `the signed sha256 is ${sha(good)}, the file's is ${sha(other)}`,
    });
    // The report's findings are the Problems panel's: the MSL8xx ones are there too.
    assert.deepEqual(r.findings.map((f) => f.ruleId).filter((id) => id.startsWith('MSL8')).sort(), ['MSL803', 'MSL805', 'MSL811']);
  });

  it('an unpinned revision and a bundle nobody configured a key for', async () => {
    const p = (await report('models/nokey.pkl')).provenance!;
    assert.equal(p.manifest, 'match');
    assert.deepEqual(p.source, { kind: 'hub', repo: 'org/model', revision: 'v1.0', pinned: false });
    assert.equal(p.use, 'research');
    assert.deepEqual(p.signature, { status: 'not-configured', bundle: 'models/model.sig' });
  });

  it('an unrecorded file: no entry, licence from its model card, no signature to check', async () => {
    const p = (await report('cards/unlisted.pkl')).provenance!;
    assert.deepEqual(p, {
      manifest: 'no-entry', manifestProblems: 0, entryPath: 'cards/unlisted.pkl',
      license: { id: 'mit', from: 'model card' }, signature: { status: 'not-applicable' },
    });
  });

  it('follows the manifest on disk: an unreadable manifest is counted, a deleted one is "no-manifest"', async () => {
    writeFile(root, 'msl.lock.json', '{"version": 1, "models": [{"path": "models/signed.pkl"}]}');
    const broken = (await report('models/signed.pkl')).provenance!;
    assert.equal(broken.manifest, 'no-entry');
    assert.ok(broken.manifestProblems > 0);
    fs.rmSync(path.join(root, 'msl.lock.json'));
    const none = (await report('models/signed.pkl')).provenance!;
    assert.deepEqual(none, { manifest: 'no-manifest', manifestProblems: 0, signature: { status: 'not-applicable' } });
  });
});
