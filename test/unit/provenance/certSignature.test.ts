// Certificate-based OpenSSF Model Signing bundles against a trusted root we build ourselves: a
// root CA and intermediate, Fulcio-style leaves, a Rekor-style log, a CT log and a TSA.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkModelFile, loadProvenanceProject, parseProvenanceConfig, serializeManifest, verifyModelSignature, type ManifestEntry, type SignatureTrust,
} from '../../../server/src/core/provenance/index';
import { createPki, issue, newLogKey, OIDC_ISSUER, signModel, SIGNER, T, TestRekor, TRUSTED_ROOT_MEDIA_TYPE } from '../../fixtures/sigstore/index';
import { statement } from './signing';
import { REV, safetensors, sha256Hex, tempProject } from './helpers';

const weights = safetensors(4);
const files = [{ name: 'model.safetensors', sha256: sha256Hex(weights) }];
const pki = createPki();
const signers = [{ identity: SIGNER, issuer: OIDC_ISSUER }];
const trust = (extra: Partial<SignatureTrust> = {}): SignatureTrust => ({ trustedRoot: pki.trustedRoot(), signers, ...extra });

function verify(bundle: string, extra: Partial<SignatureTrust> = {}) {
  return verifyModelSignature(bundle, trust(extra));
}

function reasonOf(r: ReturnType<typeof verifyModelSignature>): string {
  return r.status === 'verified' ? '(verified)' : `${r.status}: ${r.reason}`;
}

describe('certificate-based bundles verify against our trusted root', () => {
  it('a leaf from our intermediate with a Rekor dsse entry (SET + inclusion proof) verifies; the signer is the SAN', () => {
    const r = verify(signModel(pki, statement(files)).bundle);
    assert.deepEqual(r, { status: 'verified', signer: SIGNER, statement: { predicateType: 'https://model_signing/signature/v1.0', files } });
  });

  const variants: [string, Parameters<typeof signModel>[2], Partial<SignatureTrust>][] = [
    ['an intoto 0.0.2 log entry', { tlog: { kind: 'intoto' } }, {}],
    ['an RFC 3161 timestamp from our TSA and no log entry', { tlog: false, tsaTime: T.signed }, {}],
    ['both, when two timestamps and one log entry are required', { tsaTime: T.signed }, { minTimestamps: 2, minTlogEntries: 1 }],
    ['embedded SCTs from our CT log, when one SCT is required', { scts: [pki.ctlog] }, { minCtlogEntries: 1 }],
    ['a v0.2 bundle carrying the chain (x509CertificateChain)', { v02Chain: true }, {}],
  ];
  for (const [label, options, extra] of variants) {
    it(`verifies with ${label}`, () => assert.equal(reasonOf(verify(signModel(pki, statement(files), options).bundle, extra)), '(verified)'));
  }

  it('a leaf issued straight by the root with a URI SAN (a CI workflow identity) verifies', () => {
    const workflow = 'https://github.com/org/models/.github/workflows/sign.yml@refs/heads/main';
    const { bundle } = signModel(pki, statement(files), { issuer: pki.root, san: { uri: workflow } });
    const r = verify(bundle, { signers: [{ identity: workflow, issuer: OIDC_ISSUER }] });
    assert.equal(r.status === 'verified' && r.signer, workflow);
  });
});

describe('certificate-based bundles fail where they should', () => {
  const invalid = (bundle: string, reason: RegExp, extra: Partial<SignatureTrust> = {}) => {
    const r = verify(bundle, extra);
    assert.equal(r.status, 'invalid', reasonOf(r));
    assert.match(reasonOf(r), reason);
  };

  it('a leaf from a CA that is not in the trusted root', () => {
    const other = createPki();
    invalid(signModel(other, statement(files)).bundle, /^invalid: Failed to verify certificate chain: no valid certificate path found$/);
  });

  it('a leaf naming our intermediate as issuer but signed by another key', () => {
    const forger = issue({ notBefore: T.caStart, notAfter: T.caEnd, ca: {} });
    const forged = { ...pki.intermediate, privateKey: forger.privateKey };
    invalid(signModel(pki, statement(files), { issuer: forged }).bundle, /Failed to verify certificate chain: no valid certificate path found/);
  });

  it('a certificate expired (or not yet valid) at the log entry\'s integrated time', () => {
    invalid(signModel(pki, statement(files), { tlog: { integratedTime: T.late } }).bundle, /Failed to verify certificate chain: certificate is not valid or expired at the specified date/);
    invalid(signModel(pki, statement(files), { tlog: { integratedTime: new Date(T.certStart.getTime() - 60_000) } }).bundle, /certificate is not valid or expired at the specified date/);
  });

  it('a certificate expired at the TSA\'s time', () => {
    invalid(signModel(pki, statement(files), { tlog: false, tsaTime: T.late }).bundle, /certificate is not valid or expired at the specified date/);
  });

  it('a statement changed after signing, or an envelope signed by another key than the certificate\'s', () => {
    const tampered = statement([{ name: 'model.safetensors', sha256: 'f'.repeat(64) }]);
    // The log entry records the original payload's digest, so the log catches it first ...
    invalid(signModel(pki, statement(files), { tamperedStatement: tampered }).bundle, /^invalid: DSSE payload hash mismatch$/);
    // ... and with a TSA timestamp only, the signature check does.
    invalid(signModel(pki, statement(files), { tlog: false, tsaTime: T.signed, tamperedStatement: tampered }).bundle, /^invalid: signature verification failed$/);
    invalid(signModel(pki, statement(files), { wrongKey: true }).bundle, /^invalid: signature verification failed$/);
  });

  it('a log entry whose SET comes from a log that is not in the trusted root', () => {
    const unknown = new TestRekor(newLogKey('rogue-log.test'));
    invalid(signModel(pki, statement(files), { tlog: { log: unknown } }).bundle, /^invalid: inclusion promise could not be verified$/);
  });

  it('a log entry for another envelope, or with a broken inclusion proof', () => {
    const other = JSON.parse(signModel(pki, statement(files)).bundle) as { verificationMaterial: { tlogEntries: { canonicalizedBody: string }[] } };
    const otherBody = JSON.parse(Buffer.from(other.verificationMaterial.tlogEntries[0]!.canonicalizedBody, 'base64').toString()) as object;
    invalid(signModel(pki, statement(files), { tlog: { body: otherBody } }).bundle, /^invalid: tlog entry signature mismatch$/);

    const b = JSON.parse(signModel(pki, statement(files)).bundle) as { verificationMaterial: { tlogEntries: { inclusionProof: { hashes: string[] } }[] } };
    b.verificationMaterial.tlogEntries[0]!.inclusionProof.hashes[0] = Buffer.alloc(32, 7).toString('base64');
    invalid(JSON.stringify(b), /^invalid: calculated root hash does not match inclusion proof$/);
  });

  it('no signing time at all: no log entry and no timestamp, or a log entry without a SET', () => {
    const none = /^invalid: the bundle has no signing time to check the certificate at/;
    invalid(signModel(pki, statement(files), { tlog: false }).bundle, none);
    invalid(signModel(pki, statement(files), { tlog: { inclusionPromise: false } }).bundle, none);
  });

  it('a timestamp from a TSA that is not in the trusted root', () => {
    const noTsa = pki.trustedRoot({ timestampAuthorities: [] });
    invalid(signModel(pki, statement(files), { tlog: false, tsaTime: T.signed }).bundle, /^invalid: timestamp could not be verified$/, { trustedRoot: noTsa });
  });

  it('SCTs: required but absent, or from a CT log that is not in the trusted root', () => {
    invalid(signModel(pki, statement(files)).bundle, /^invalid: expected 1 SCTs, got 0$/, { minCtlogEntries: 1 });
    invalid(signModel(pki, statement(files), { scts: [newLogKey('rogue-ct.test')] }).bundle, /^invalid: SCT verification failed$/);
  });

  it('a valid certificate of someone who is not an accepted signer, or from another OIDC issuer', () => {
    const { bundle } = signModel(pki, statement(files), { san: { email: 'mallory@msl.test' } });
    invalid(bundle, /^invalid: signed by mallory@msl\.test \(OIDC issuer https:\/\/issuer\.msl\.test\), which is not an accepted signer/);
    invalid(signModel(pki, statement(files)).bundle, /not an accepted signer/, { signers: [{ identity: SIGNER, issuer: 'https://other-issuer.test' }] });
    assert.equal(verify(signModel(pki, statement(files)).bundle, { signers: [{ identity: SIGNER }] }).status, 'verified', 'issuer not compared when not given');
  });
});

describe('trust configuration for certificate bundles', () => {
  const bundle = signModel(pki, statement(files)).bundle;
  const unusable = (extra: Partial<SignatureTrust>, reason: RegExp) => {
    const r = verify(bundle, extra);
    assert.equal(r.status, 'unusable', reasonOf(r));
    assert.match(reasonOf(r), reason);
  };

  it('needs a trusted root and at least one accepted signer', () => {
    unusable({ trustedRoot: undefined }, /no trusted root is configured/);
    unusable({ signers: [] }, /no accepted signer is configured \(provenance\.signers\)/);
    unusable({ trustedRoot: pki.trustedRoot({ certificateAuthorities: [] }) }, /lists no certificate authority/);
  });

  it('a malformed trusted root is unusable with the reason, never a throw', () => {
    const good = pki.trustedRoot() as Record<string, unknown>;
    const ca = (good.certificateAuthorities as Record<string, unknown>[])[0]!;
    const log = (good.tlogs as Record<string, unknown>[])[0]!;
    const cases: [unknown, RegExp][] = [
      [null, /it is not a JSON object/],
      [[], /it is not a JSON object/],
      ['trusted', /it is not a JSON object/],
      [{ ...good, mediaType: undefined }, /mediaType null is not a Sigstore trusted root/],
      [{ ...good, mediaType: 'application/json' }, /mediaType "application\/json" is not a Sigstore trusted root/],
      [{ ...good, certificateAuthorities: 'ca.pem' }, /certificateAuthorities is not an array/],
      [{ ...good, certificateAuthorities: [42] }, /certificateAuthorities\[0\] is not an object/],
      [{ ...good, certificateAuthorities: [{ ...ca, certChain: {} }] }, /certificateAuthorities\[0\] has no certChain\.certificates/],
      [{ ...good, certificateAuthorities: [{ ...ca, certChain: { certificates: [{ rawBytes: 'AAAA' }] } }] }, /certificateAuthorities\[0\] certificate 0 is not a DER X\.509 certificate/],
      [{ ...good, certificateAuthorities: [{ ...ca, validFor: { start: 'last year' } }] }, /certificateAuthorities\[0\] validFor\.start is not a date/],
      [{ ...good, tlogs: [{ ...log, publicKey: { rawBytes: 'AAAA' } }] }, /tlogs\[0\] publicKey is not a DER public key/],
      [{ ...good, tlogs: [{ ...log, logId: undefined }] }, /tlogs\[0\] has no base64 logId\.keyId/],
      [{ ...good, timestampAuthorities: [{}] }, /timestampAuthorities\[0\] has no certChain\.certificates/],
    ];
    for (const [root, reason] of cases) {
      const r = verify(bundle, { trustedRoot: root });
      assert.equal(r.status, 'unusable', `${JSON.stringify(root).slice(0, 60)}: ${reasonOf(r)}`);
      assert.match(reasonOf(r), /^unusable: the trusted root is malformed: /);
      assert.match(reasonOf(r), reason);
    }
  });

  it('the v0.2 media type form of a trusted root is accepted', () => {
    const root = { ...(pki.trustedRoot() as object), mediaType: 'application/vnd.dev.sigstore.trustedroot.v0.2+json' };
    assert.equal(verify(bundle, { trustedRoot: root }).status, 'verified');
    assert.equal((pki.trustedRoot() as { mediaType: string }).mediaType, TRUSTED_ROOT_MEDIA_TYPE);
  });

  it('provenance.signers is read from msl.config.json and checked', () => {
    const problems: string[] = [];
    const c = parseProvenanceConfig({ trustedRoot: 'root.json', signers: [{ identity: SIGNER, issuer: OIDC_ISSUER }, { identity: 'ci@msl.test' }] }, 'msl.config.json', problems);
    assert.deepEqual(problems, []);
    assert.deepEqual(c.signers, [{ identity: SIGNER, issuer: OIDC_ISSUER }, { identity: 'ci@msl.test' }]);
    const bad: string[] = [];
    parseProvenanceConfig({ signers: [{ identity: '' }, { identity: 'x', issuer: 3, extra: 1 }, 'x'] }, 'c.json', bad);
    assert.deepEqual(bad, [
      'c.json: provenance.signers[0].identity must be a non-empty string',
      'c.json: provenance.signers[1]: unknown key "extra"',
      'c.json: provenance.signers[1].issuer must be a non-empty string',
      'c.json: provenance.signers[2] must be an object',
    ]);
    const notList: string[] = [];
    parseProvenanceConfig({ signers: SIGNER }, 'c.json', notList);
    assert.match(notList[0]!, /provenance\.signers must be an array/);
  });
});

describe('certificate-based signatures in the manifest (the provenance check)', () => {
  type Sign = 'good' | 'tampered-file' | 'tampered-statement' | 'no-evidence' | 'other-signer' | 'bad-root' | 'root-not-json';
  async function findings(sign: Sign): Promise<string[]> {
    const p = tempProject();
    try {
      p.write('models/model.safetensors', weights);
      const signed = sign === 'tampered-file' ? [{ name: 'model.safetensors', sha256: sha256Hex('other bytes') }] : files;
      const options: Parameters<typeof signModel>[2] = sign === 'no-evidence' ? { tlog: false }
        : sign === 'other-signer' ? { san: { email: 'mallory@msl.test' } }
        : sign === 'tampered-statement' ? { tlog: false, tsaTime: T.signed, tamperedStatement: statement([{ name: 'model.safetensors', sha256: 'e'.repeat(64) }]) } : {};
      p.write('models/model.sigstore.json', signModel(pki, statement(signed), options).bundle);
      p.write('trust/trusted_root.json', sign === 'root-not-json' ? '{ not json' : JSON.stringify(sign === 'bad-root' ? { mediaType: 'x' } : pki.trustedRoot()));
      const entry: ManifestEntry = {
        path: 'models/model.safetensors', size: weights.length, sha256: sha256Hex(weights), format: 'safetensors',
        source: { hub: 'org/model', revision: REV }, signature: { bundle: 'models/model.sigstore.json' },
      };
      p.write('msl.lock.json', serializeManifest({ version: 1, models: [entry] }));
      const project = loadProvenanceProject(p.root, { trustedRoot: 'trust/trusted_root.json', signers })!;
      return (await checkModelFile(`${p.root}/models/model.safetensors`, 'safetensors', project)).map((f) => `${f.ruleId}:${f.severity}:${f.message}`);
    } finally {
      p.cleanup();
    }
  }

  it('a good certificate-based signature gives no finding', async () => assert.deepEqual(await findings('good'), []));

  it('a signed digest that differs from the file is critical (MSL811)', async () => {
    const [f, ...rest] = await findings('tampered-file');
    assert.deepEqual(rest, []);
    assert.match(f!, /^MSL811:critical:models\/model\.safetensors does not match its signature: signed sha256 [0-9a-f]{64}, file sha256 /);
  });

  it('a statement changed after signing, no signing time, or an unaccepted signer is critical (MSL810)', async () => {
    assert.match((await findings('tampered-statement')).join('\n'), /^MSL810:critical:.*does not verify: signature verification failed\.$/);
    assert.match((await findings('no-evidence')).join('\n'), /^MSL810:critical:.*does not verify: the bundle has no signing time/);
    assert.match((await findings('other-signer')).join('\n'), /^MSL810:critical:.*signed by mallory@msl\.test .*not an accepted signer/);
  });

  it('a malformed or unreadable trusted root is MSL814 with the reason', async () => {
    assert.match((await findings('bad-root')).join('\n'), /^MSL814:high:.*cannot be checked: the trusted root is malformed: mediaType "x" is not a Sigstore trusted root/);
    assert.match((await findings('root-not-json')).join('\n'), /^MSL814:high:.*the trusted root trust\/trusted_root\.json is not JSON/);
  });
});
