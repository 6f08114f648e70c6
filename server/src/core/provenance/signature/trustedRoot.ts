// A user-supplied Sigstore trusted root, read strictly. `TrustedRoot.fromJSON` fills whatever is
// missing or mistyped with empty defaults, so a malformed file would silently trust nothing and
// every certificate bundle would then fail as an invalid signature (critical) instead of being
// reported as unusable configuration. Here each authority and log is checked before use.
import { createPublicKey } from 'node:crypto';
import { X509Certificate } from '@sigstore/core';
import { TrustedRoot } from '@sigstore/protobuf-specs';

/** `...trustedroot+json;version=0.1` and the later `...trustedroot.v0.2+json` forms. */
const MEDIA_TYPE = /^application\/vnd\.dev\.sigstore\.trustedroot(\.v0\.\d+)?\+json(;version=0\.\d+)?$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

export type TrustedRootRead = { root: TrustedRoot } | { problem: string };

export function readTrustedRoot(json: unknown): TrustedRootRead {
  if (!isObject(json)) return { problem: 'it is not a JSON object' };
  if (typeof json.mediaType !== 'string' || !MEDIA_TYPE.test(json.mediaType)) {
    return { problem: `mediaType ${JSON.stringify(json.mediaType ?? null)} is not a Sigstore trusted root (application/vnd.dev.sigstore.trustedroot+json;version=0.1)` };
  }
  const problem = listProblem(json, 'certificateAuthorities', authorityProblem)
    ?? listProblem(json, 'timestampAuthorities', authorityProblem)
    ?? listProblem(json, 'tlogs', logProblem)
    ?? listProblem(json, 'ctlogs', logProblem);
  if (problem) return { problem };
  try {
    return { root: TrustedRoot.fromJSON(json) };
  } catch (e) {
    return { problem: (e as Error).message };
  }
}

function listProblem(json: Record<string, unknown>, key: string, check: (item: Record<string, unknown>) => string | undefined): string | undefined {
  const list = json[key];
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) return `${key} is not an array`;
  for (let i = 0; i < list.length; i++) {
    const item: unknown = list[i];
    const p = isObject(item) ? check(item) : 'is not an object';
    if (p) return `${key}[${i}] ${p}`;
  }
  return undefined;
}

function authorityProblem(ca: Record<string, unknown>): string | undefined {
  const certs = isObject(ca.certChain) ? ca.certChain.certificates : undefined;
  if (!Array.isArray(certs) || certs.length === 0) return 'has no certChain.certificates';
  for (let i = 0; i < certs.length; i++) {
    const raw: unknown = isObject(certs[i]) ? (certs[i] as Record<string, unknown>).rawBytes : undefined;
    if (typeof raw !== 'string' || !BASE64.test(raw)) return `certificate ${i} has no base64 rawBytes`;
    try {
      X509Certificate.parse(Buffer.from(raw, 'base64')).notAfter.getTime();
    } catch (e) {
      return `certificate ${i} is not a DER X.509 certificate (${(e as Error).message})`;
    }
  }
  return validForProblem(ca.validFor);
}

function logProblem(log: Record<string, unknown>): string | undefined {
  const key = isObject(log.publicKey) ? log.publicKey : undefined;
  if (typeof key?.rawBytes !== 'string' || !BASE64.test(key.rawBytes)) return 'has no base64 publicKey.rawBytes';
  if (!isPublicKey(Buffer.from(key.rawBytes, 'base64'))) return 'publicKey is not a DER public key (SubjectPublicKeyInfo or PKCS #1)';
  const id: unknown = isObject(log.logId) ? log.logId.keyId : undefined;
  if (typeof id !== 'string' || !BASE64.test(id)) return 'has no base64 logId.keyId';
  return validForProblem(key.validFor);
}

function isPublicKey(der: Buffer): boolean {
  for (const type of ['spki', 'pkcs1'] as const) {
    try {
      createPublicKey({ key: der, format: 'der', type });
      return true;
    } catch {
      // try the next encoding
    }
  }
  return false;
}

function validForProblem(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v)) return 'validFor is not an object';
  for (const k of ['start', 'end'] as const) {
    if (v[k] !== undefined && (typeof v[k] !== 'string' || Number.isNaN(Date.parse(v[k])))) return `validFor.${k} is not a date`;
  }
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
