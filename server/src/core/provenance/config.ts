// The `provenance` section of msl.config.json (parsed here; core/config.ts delegates to it).
import { isSeverity, type Severity } from '../findings';
import { parseSigners, type SignerIdentity } from './signature/signers';

export interface ProvenanceConfig {
  /** Severity of MSL802 (model file with no manifest entry), or `off`. Default `low`. */
  unlisted?: Severity | 'off';
  /** MSL813 for every manifest entry without a `signature`. Default false. */
  requireSignatures?: boolean;
  /** PEM public key (path relative to the project root) for key-based signature bundles. */
  publicKey?: string;
  /** Sigstore trusted root JSON (path relative to the project root) for certificate-based bundles. */
  trustedRoot?: string;
  /** Identities (certificate SAN and OIDC issuer) whose certificate-based signatures are accepted. */
  signers?: SignerIdentity[];
  /** Transparency-log entries / timestamps / SCTs a bundle must carry (verified against `trustedRoot`). Default 0. */
  minTlogEntries?: number;
  minTimestamps?: number;
  minCtlogEntries?: number;
}

const KEYS = ['unlisted', 'requireSignatures', 'publicKey', 'trustedRoot', 'signers', 'minTlogEntries', 'minTimestamps', 'minCtlogEntries'];

export function parseProvenanceConfig(v: unknown, label: string, problems: string[]): ProvenanceConfig {
  const out: ProvenanceConfig = {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    problems.push(`${label}: "provenance" must be an object`);
    return out;
  }
  const raw = v as Record<string, unknown>;
  for (const key of Object.keys(raw)) if (!KEYS.includes(key)) problems.push(`${label}: provenance: unknown key "${key}"`);
  if (raw.unlisted !== undefined) {
    if (raw.unlisted === 'off' || isSeverity(raw.unlisted)) out.unlisted = raw.unlisted;
    else problems.push(`${label}: provenance.unlisted must be one of critical, high, medium, low, info, off`);
  }
  if (raw.requireSignatures !== undefined) {
    if (typeof raw.requireSignatures === 'boolean') out.requireSignatures = raw.requireSignatures;
    else problems.push(`${label}: provenance.requireSignatures must be true or false`);
  }
  for (const key of ['publicKey', 'trustedRoot'] as const) {
    if (raw[key] === undefined) continue;
    if (typeof raw[key] === 'string' && raw[key] !== '') out[key] = raw[key];
    else problems.push(`${label}: provenance.${key} must be a file path`);
  }
  if (raw.signers !== undefined) {
    const signers = parseSigners(raw.signers, label, problems);
    if (signers) out.signers = signers;
  }
  for (const key of ['minTlogEntries', 'minTimestamps', 'minCtlogEntries'] as const) {
    const n = raw[key];
    if (n === undefined) continue;
    if (typeof n === 'number' && Number.isInteger(n) && n >= 0) out[key] = n;
    else problems.push(`${label}: provenance.${key} must be a non-negative integer`);
  }
  return out;
}
