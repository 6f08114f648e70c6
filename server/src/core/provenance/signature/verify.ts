// Offline verification of an OpenSSF Model Signing bundle with @sigstore/verify. No network.
//
// Policy (documented in docs/provenance.md):
// - Key-based bundles (verification material `publicKey`): the DSSE signature must verify with
//   the project's public key (PEM). Transparency-log entries and timestamps are checked only when
//   a trusted root is configured; `minTlogEntries` / `minTimestamps` (default 0) can require them.
// - Certificate-based bundles: the certificate must chain to a CA of the user's trusted root at
//   a verified signing time (a tlog entry with a signed entry timestamp, or an RFC 3161 timestamp
//   from a TSA of the trusted root: at least one is required), SCTs are checked when present and
//   required per `minCtlogEntries` (default 0), the signature must verify with the certificate's
//   key, and the certificate's identity must be one of `signers`.
// - Either way the signed payload must be an in-toto statement with a model-signing predicate.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { bundleFromJSON, type Bundle } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toSignedEntity, toTrustMaterial, Verifier, type SignedEntity, type TrustMaterial } from '@sigstore/verify';
import { signerProblem, type SignerIdentity } from './signers';
import { IN_TOTO_PAYLOAD_TYPE, parseStatement, type SignedStatement } from './statement';
import { readTrustedRoot } from './trustedRoot';

export interface SignatureTrust {
  /** PEM (SPKI) public key for key-based bundles. */
  publicKeyPem?: string;
  /** A Sigstore trusted root (JSON) for certificate-based bundles and for checking tlog entries. */
  trustedRoot?: unknown;
  /** Identities whose certificates are accepted (certificate-based bundles need at least one). */
  signers?: SignerIdentity[];
  minTlogEntries?: number;
  minTimestamps?: number;
  minCtlogEntries?: number;
}

export type SignatureCheck =
  | { status: 'verified'; statement: SignedStatement; signer: string }
  | { status: 'invalid'; reason: string }
  | { status: 'unusable'; reason: string };

const EMPTY_ROOT = { mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1' };

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
  if (!keyBased && !trust.signers?.length) {
    return { status: 'unusable', reason: 'the bundle carries a certificate and no accepted signer is configured (provenance.signers): the trusted root says who signed, not who may sign' };
  }

  let root: TrustedRoot;
  if (trust.trustedRoot === undefined) {
    root = TrustedRoot.fromJSON(EMPTY_ROOT);
  } else {
    const read = readTrustedRoot(trust.trustedRoot);
    if ('problem' in read) return { status: 'unusable', reason: `the trusted root is malformed: ${read.problem}` };
    root = read.root;
  }
  if (!keyBased && root.certificateAuthorities.length === 0) return { status: 'unusable', reason: 'the trusted root lists no certificate authority (certificateAuthorities)' };
  let publicKey: KeyObject | undefined;
  if (keyBased) {
    try {
      publicKey = createPublicKey(trust.publicKeyPem!);
    } catch (e) {
      return { status: 'unusable', reason: `cannot read the public key: ${(e as Error).message}` };
    }
  }
  let material: TrustMaterial;
  try {
    material = toTrustMaterial(root, publicKey ? () => ({ publicKey, validFor: () => true }) : undefined);
  } catch (e) {
    return { status: 'unusable', reason: `cannot use the trusted root: ${(e as Error).message}` };
  }
  let entity: SignedEntity;
  try {
    entity = toSignedEntity(bundle);
  } catch (e) {
    return { status: 'unusable', reason: `cannot use the bundle: ${(e as Error).message}` };
  }
  // Without a trusted root, log entries and timestamps cannot be checked: they are not evidence then.
  if (keyBased && trust.trustedRoot === undefined) entity = { ...entity, tlogEntries: [], timestamps: [] };
  if (!keyBased && !hasSigningTime(entity)) {
    return { status: 'invalid', reason: 'the bundle has no signing time to check the certificate at: it needs a transparency-log entry with a signed entry timestamp (inclusion promise) or an RFC 3161 timestamp' };
  }
  const verifier = new Verifier(material, {
    tlogThreshold: trust.minTlogEntries ?? 0,
    timestampThreshold: keyBased ? trust.minTimestamps ?? 0 : Math.max(1, trust.minTimestamps ?? 1),
    ctlogThreshold: trust.minCtlogEntries ?? 0,
  });
  let signer: ReturnType<Verifier['verify']>;
  try {
    signer = verifier.verify(entity);
  } catch (e) {
    return { status: 'invalid', reason: describe(e) };
  }
  if (keyBased) return { status: 'verified', statement: parsed.statement, signer: 'the configured public key' };
  const san = signer.identity?.subjectAlternativeName;
  const problem = signerProblem(san, signer.identity?.extensions?.issuer, trust.signers!);
  if (problem) return { status: 'invalid', reason: problem };
  return { status: 'verified', statement: parsed.statement, signer: san! };
}

/** Evidence that can date the signature: an RFC 3161 timestamp, or a log entry with a signed entry timestamp. */
function hasSigningTime(entity: SignedEntity): boolean {
  return entity.timestamps.some((t) => t.$case === 'timestamp-authority' || t.tlogEntry.inclusionPromise !== undefined);
}

/** The error's message with its causes (the chain verifier wraps the reason a certificate failed). */
function describe(e: unknown): string {
  const parts: string[] = [];
  for (let c: unknown = e; c instanceof Error && parts.length < 4; c = (c as { cause?: unknown }).cause) {
    if (!parts.includes(c.message)) parts.push(c.message);
  }
  return parts.length > 0 ? parts.join(': ') : String(e);
}
