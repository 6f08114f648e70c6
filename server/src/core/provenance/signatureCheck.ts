// A manifest entry's signature, checked against the file: bundle and key read from the project,
// verified offline, then the signed digest compared with the file's. Verification results are
// cached per (bundle, key, trusted root) contents, since every shard of a model shares one bundle.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createFinding, type Finding, type Location } from '../findings';
import {
  NOT_COVERED_BY_SIGNATURE, SIGNATURE_INVALID, SIGNATURE_UNUSABLE, SIGNED_DIGEST_MISMATCH, UNSIGNED_WHERE_REQUIRED,
} from '../rules/modelProvenance';
import { MANIFEST_FILE_NAME, type ManifestEntry } from './manifest';
import { absolutePathOf, type ProvenanceProject } from './project';
import { trustFilePath } from './signatureFiles';
import { signedDigestFor } from './signature/statement';
import { verifyModelSignature, type SignatureCheck, type SignatureTrust } from './signature/verify';

const MAX_BUNDLE_BYTES = 16 * 1024 * 1024;
const verified = new Map<string, SignatureCheck>();

/** What an entry's signature says about the file whose digest is `sha256` now. */
export type EntrySignature =
  | { kind: 'unsigned' }
  /** The bundle, key or trusted root cannot be read, or the bundle cannot be verified at all. */
  | { kind: 'unusable'; reason: string; what: 'bundle' | 'trust' | 'check' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'not-covered'; signer: string; name: string; listed: string[] }
  | { kind: 'digest-mismatch'; signer: string; signedSha256: string }
  | { kind: 'verified'; signer: string };

/** Verifies the entry's bundle (cached by contents) and matches the signed digest with the file's. */
export function entrySignature(project: ProvenanceProject, entry: ManifestEntry, sha256: string): EntrySignature {
  if (!entry.signature) return { kind: 'unsigned' };
  const bundle = readText(absolutePathOf(project, entry.signature.bundle), MAX_BUNDLE_BYTES);
  if (bundle.error !== undefined) return { kind: 'unusable', what: 'bundle', reason: bundle.error };
  const trust = trustFor(project, entry);
  if ('error' in trust) return { kind: 'unusable', what: 'trust', reason: trust.error };
  const key = createHash('sha256').update(bundle.text!).update('\0').update(JSON.stringify(trust)).digest('hex');
  let check = verified.get(key);
  if (!check) {
    check = verifyModelSignature(bundle.text!, trust);
    if (verified.size > 1000) verified.clear();
    verified.set(key, check);
  }
  if (check.status === 'unusable') return { kind: 'unusable', what: 'check', reason: check.reason };
  if (check.status === 'invalid') return { kind: 'invalid', reason: check.reason };
  const bundleDir = path.posix.dirname(entry.signature.bundle);
  const relToBundle = bundleDir === '.' ? entry.path : path.posix.relative(bundleDir, entry.path);
  const signed = signedDigestFor(check.statement, [relToBundle, entry.path, path.posix.basename(entry.path)]);
  if (!signed) return { kind: 'not-covered', signer: check.signer, name: relToBundle, listed: check.statement.files.slice(0, 5).map((f) => f.name) };
  if (signed.sha256 !== sha256) return { kind: 'digest-mismatch', signer: check.signer, signedSha256: signed.sha256 };
  return { kind: 'verified', signer: check.signer };
}

/** Findings about the entry's signature; `sha256` is the file's digest now. */
export function signatureFindings(project: ProvenanceProject, entry: ManifestEntry, sha256: string): Finding[] {
  const at: Location = { kind: 'pointer', pointer: `${MANIFEST_FILE_NAME}#${entry.path}/signature` };
  const s = entrySignature(project, entry, sha256);
  const bundle = entry.signature?.bundle ?? '';
  switch (s.kind) {
    case 'unsigned':
      if (!project.config.requireSignatures) return [];
      return [createFinding(UNSIGNED_WHERE_REQUIRED, { message: `${entry.path} has no signature and the project requires signed models (provenance.requireSignatures).`, location: at })];
    case 'unusable':
      if (s.what === 'bundle') return [createFinding(SIGNATURE_UNUSABLE, { message: `The signature bundle ${bundle} of ${entry.path} cannot be read: ${s.reason}`, location: at })];
      if (s.what === 'trust') return [createFinding(SIGNATURE_UNUSABLE, { message: `${entry.path}: ${s.reason}`, location: at })];
      return [createFinding(SIGNATURE_UNUSABLE, { message: `The signature of ${entry.path} cannot be checked: ${s.reason}.`, location: at, evidence: bundle })];
    case 'invalid':
      return [createFinding(SIGNATURE_INVALID, { message: `The signature of ${entry.path} (${bundle}) does not verify: ${s.reason}.`, location: at, evidence: bundle })];
    case 'not-covered':
      return [createFinding(NOT_COVERED_BY_SIGNATURE, {
        message: `The signature ${bundle} verifies (signed by ${s.signer}) but does not list ${s.name}.`,
        location: at,
        evidence: s.listed.join(', '),
      })];
    case 'digest-mismatch':
      return [createFinding(SIGNED_DIGEST_MISMATCH, {
        message: `${entry.path} does not match its signature: signed sha256 ${s.signedSha256}, file sha256 ${sha256}.`,
        location: at,
        evidence: `signed ${s.signedSha256} / file ${sha256}`,
      })];
    case 'verified':
      return [];
  }
}

function trustFor(project: ProvenanceProject, entry: ManifestEntry): SignatureTrust | { error: string } {
  const c = project.config;
  const trust: SignatureTrust = {};
  const keyPath = entry.signature?.publicKey ?? c.publicKey;
  if (keyPath !== undefined) {
    const key = readText(trustFilePath(project, keyPath), 1024 * 1024);
    if (key.error !== undefined) return { error: `cannot read the public key ${keyPath}: ${key.error}` };
    trust.publicKeyPem = key.text!;
  }
  if (c.trustedRoot !== undefined) {
    const root = readText(trustFilePath(project, c.trustedRoot), MAX_BUNDLE_BYTES);
    if (root.error !== undefined) return { error: `cannot read the trusted root ${c.trustedRoot}: ${root.error}` };
    try {
      trust.trustedRoot = JSON.parse(root.text!);
    } catch (e) {
      return { error: `the trusted root ${c.trustedRoot} is not JSON: ${(e as Error).message}` };
    }
  }
  if (c.minTlogEntries !== undefined) trust.minTlogEntries = c.minTlogEntries;
  if (c.minTimestamps !== undefined) trust.minTimestamps = c.minTimestamps;
  if (c.minCtlogEntries !== undefined) trust.minCtlogEntries = c.minCtlogEntries;
  if (c.signers !== undefined) trust.signers = c.signers;
  return trust;
}

function readText(file: string, max: number): { text?: string; error?: string } {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return { error: 'not a regular file' };
    if (st.size > max) return { error: `larger than ${max} bytes` };
    return { text: fs.readFileSync(file, 'utf8') };
  } catch (e) {
    return { error: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message };
  }
}
