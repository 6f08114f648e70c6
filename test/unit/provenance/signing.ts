// Our own OpenSSF Model Signing bundles for tests: keys from node:crypto, an in-toto statement
// with the model-signing v1.0 predicate, a DSSE envelope signed over its PAE, a Sigstore bundle.
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export interface TestKey {
  privateKey: KeyObject;
  publicKeyPem: string;
}

export function ecKey(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

export function ed25519Key(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** DSSE pre-authentication encoding: "DSSEv1" SP len(type) SP type SP len(body) SP body. */
export function pae(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload]);
}

export function statement(files: { name: string; sha256: string }[], predicateType = 'https://model_signing/signature/v1.0'): object {
  const rootDigest = sha256(files.map((f) => f.sha256).join(''));
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'model', digest: { sha256: rootDigest } }],
    predicateType,
    predicate: {
      serialization: { method: 'files', hash_type: 'sha256', allow_symlinks: false, ignore_paths: [] },
      resources: files.map((f) => ({ name: f.name, algorithm: 'sha256', digest: f.sha256 })),
    },
  };
}

export interface BundleOptions {
  /** Replaces the signed payload after signing (a tampered statement). */
  tamperPayload?: (payload: object) => object;
  payloadType?: string;
}

export function keyBundle(key: TestKey, stmt: object, options: BundleOptions = {}): string {
  const payloadType = options.payloadType ?? 'application/vnd.in-toto+json';
  const payload = Buffer.from(JSON.stringify(stmt));
  const sig = sign(key.privateKey.asymmetricKeyType === 'ed25519' ? null : 'sha256', pae(payloadType, payload), key.privateKey);
  const shipped = options.tamperPayload ? Buffer.from(JSON.stringify(options.tamperPayload(stmt))) : payload;
  return JSON.stringify({
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: { publicKey: { hint: 'test-key' }, tlogEntries: [] },
    dsseEnvelope: { payload: shipped.toString('base64'), payloadType, signatures: [{ sig: sig.toString('base64'), keyid: '' }] },
  });
}
