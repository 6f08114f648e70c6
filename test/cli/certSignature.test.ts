// `msl verify` with a certificate-based OpenSSF Model Signing bundle: our own CA, log and
// trusted root, configured through msl.config.json (provenance.trustedRoot, provenance.signers).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createPki, OIDC_ISSUER, signModel, SIGNER } from '../fixtures/sigstore/index';
import { statement } from '../unit/provenance/signing';
import { safetensors } from './fixtures';
import { runMsl } from './helpers';

const REV = '0123456789abcdef0123456789abcdef01234567';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('msl verify with a certificate-based signature', () => {
  let dir: string;
  const pki = createPki();
  const weights = safetensors(5);
  const write = (rel: string, data: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), data);
  };

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msl-certsig-'));
    write('models/model.safetensors', weights);
    write('models/model.sigstore.json', signModel(pki, statement([{ name: 'model.safetensors', sha256: sha256(weights) }])).bundle);
    write('trust/trusted_root.json', JSON.stringify(pki.trustedRoot(), null, 2));
    write('msl.config.json', JSON.stringify({ provenance: { trustedRoot: 'trust/trusted_root.json', signers: [{ identity: SIGNER, issuer: OIDC_ISSUER }] } }));
    write('msl.lock.json', JSON.stringify({
      version: 1,
      models: [{
        path: 'models/model.safetensors', size: weights.length, sha256: sha256(weights), format: 'safetensors',
        source: { hub: 'org/model', revision: REV }, signature: { bundle: 'models/model.sigstore.json' },
      }],
    }));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('passes when the certificate chains to the configured root and the signed digest matches', async () => {
    const r = await runMsl(['verify', '-f', 'json'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const out = JSON.parse(r.stdout) as { results: { path: string; findings: unknown[] }[] };
    assert.deepEqual(out.results.map((x) => [x.path, x.findings.length]), [['msl.lock.json', 0], ['models/model.safetensors', 0]]);
  });

  it('fails (exit 1, MSL811 critical) when the file was replaced and the manifest updated to match', async () => {
    const other = safetensors(6);
    write('models/model.safetensors', other);
    const lock = JSON.parse(fs.readFileSync(path.join(dir, 'msl.lock.json'), 'utf8')) as { models: { sha256: string }[] };
    lock.models[0]!.sha256 = sha256(other);
    write('msl.lock.json', JSON.stringify(lock));
    const r = await runMsl(['verify', '-f', 'sarif'], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    const results = (JSON.parse(r.stdout) as { runs: { results: { ruleId: string; level: string; message: { text: string } }[] }[] }).runs[0]!.results;
    assert.deepEqual(results.map((x) => [x.ruleId, x.level]), [['MSL811', 'error']]);
    assert.match(results[0]!.message.text, new RegExp(`signed sha256 ${sha256(weights)}, file sha256 ${sha256(other)}`));
  });

  it('reports a signer the project does not accept as MSL810', async () => {
    write('msl.config.json', JSON.stringify({ provenance: { trustedRoot: 'trust/trusted_root.json', signers: [{ identity: 'release@msl.test', issuer: OIDC_ISSUER }] } }));
    const r = await runMsl(['verify'], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /MSL810/);
    assert.match(r.stdout, /signed by alice@msl\.test \(OIDC issuer https:\/\/issuer\.msl\.test\), which is not an accepted signer/);
  });
});
