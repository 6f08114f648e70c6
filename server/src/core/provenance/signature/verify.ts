// Offline verification of an OpenSSF Model Signing bundle with @sigstore/verify. No network.
//
// Policy (documented in docs and ARCHITECTURE):
// - Key-based bundles (verification material `publicKey`): the DSSE signature must verify with
//   the project's public key (PEM). Transparency-log entries and timestamps are checked only when
//   a trusted root is configured; `minTlogEntries` / `minTimestamps` (default 0) can require them.
// - Certificate-based bundles: the certificate must chain to a CA of the user's trusted root at
//   a verified time (a tlog entry or RFC 3161 timestamp, so at least one is required), SCTs per
//   `minCtlogEntries` (default 0), and the signature must verify with the certificate's key.
// - Either way the signed payload must be an in-toto statement with a model-signing predicate.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { bundleFromJSON, type Bundle } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toSignedEntity, toTrustMaterial, Verifier, type SignedEntity, type TrustMaterial } from '@sigstore/verify';
import { IN_TOTO_PAYLOAD_TYPE, parseStatement, type SignedStatement } from './statement';

export interface SignatureTrust {
  /** PEM (SPKI) public key for key-based bundles. */
  publicKeyPem?: string;
  /** A Sigstore trusted root (JSON) for certificate-based bundles and for checking tlog entries. */
  trustedRoot?: unknown;
  minTlogEntries?: number;
  minTimestamps?: number;
  minCtlogEntries?: number;
}

export type SignatureCheck =
  | { status: 'verified'; statement: SignedStatement; signer: string }
  | { status: 'invalid'; reason: string }
  | { status: 'unusable'; reason: string };

export function verifyModelSignature(bundleText: string, trust: SignatureTrust): SignatureCheck {
  let bundle: Bundle;
  try {
    bundle = bundleFromJSON(JSON.parse(bundleText));
  } catch (e) {
    return { status: 'unusable', reason: `not a Sigstore bundle: ${(e as Error).message}` };
  }
  if (bundle.content.$case !== 'dsseEnvelope') return { status: 'unusable', reason: 'the bundle signs a message, not a DSSE envelope with an in-toto statement' };
  const envelope = bundle.content.dsseEnvelope;
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) return { status: 'unusable', reason: `the DSSE payload type is ${envelope.payloadType}, not ${IN_TOTO_PAYLOAD_TYPE}` };
  if (envelope.signatures.length !== 1) return { status: 'unusable', reason: `the envelope has ${envelope.signatures.length} signatures; exactly one is supported` };
  const parsed = parseStatement(Buffer.from(envelope.payload));
  if (!parsed.statement) return { status: 'unusable', reason: parsed.problem! };

  const keyBased = bundle.verificationMaterial.content.$case === 'publicKey';
  if (keyBased && !trust.publicKeyPem) return { status: 'unusable', reason: 'the bundle is key-based and no public key is configured (signature.publicKey or provenance.publicKey)' };
  if (!keyBased && trust.trustedRoot === undefined) return { status: 'unusable', reason: 'the bundle carries a certificate and no trusted root is configured (provenance.trustedRoot)' };

  let root: TrustedRoot;
  let publicKey: KeyObject | undefined;
  try {
    root = TrustedRoot.fromJSON(trust.trustedRoot ?? { mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1' });
    if (keyBased) publicKey = createPublicKey(trust.publicKeyPem!);
  } catch (e) {
    return { status: 'unusable', reason: `cannot read the ${keyBased ? 'public key' : 'trusted root'}: ${(e as Error).message}` };
  }
  let entity: SignedEntity;
  let material: TrustMaterial;
  try {
    entity = toSignedEntity(bundle);
    material = toTrustMaterial(root, publicKey ? () => ({ publicKey, validFor: () => true }) : undefined);
  } catch (e) {
    return { status: 'unusable', reason: `cannot use the bundle: ${(e as Error).message}` };
  }
  // Without a trusted root, log entries and timestamps cannot be checked: they are not evidence then.
  if (keyBased && trust.trustedRoot === undefined) entity = { ...entity, tlogEntries: [], timestamps: [] };
  const verifier = new Verifier(material, {
    tlogThreshold: trust.minTlogEntries ?? 0,
    timestampThreshold: keyBased ? trust.minTimestamps ?? 0 : Math.max(1, trust.minTimestamps ?? 1),
    ctlogThreshold: trust.minCtlogEntries ?? 0,
  });
  try {
    const signer = verifier.verify(entity);
    const who = signer.identity?.subjectAlternativeName ?? (keyBased ? 'the configured public key' : 'a certificate from the trusted root');
    return { status: 'verified', statement: parsed.statement, signer: who };
  } catch (e) {
    return { status: 'invalid', reason: (e as Error).message };
  }
}
