// One model file's provenance as the report view shows it: its manifest entry and whether the
// file still matches it, the recorded source (pinned or not, plain HTTP or not), the licence and
// the signature's verdict. The same checks as the MSL8xx findings, as facts instead of problems.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HashCache, type HashOptions } from './hash';
import { COMMIT_SHA, isUrlSource, type ManifestSource } from './manifest';
import { readModelFolder } from './modelFolder';
import { entryPathOf, isModelFormat, type ProvenanceProject } from './project';
import { entrySignature } from './signatureCheck';

/**
 * `no-manifest`: the project has no msl.lock.json; `not-a-model`: scripts, templates, unknown
 * bytes; `no-entry`: unrecorded; `match` / `mismatch`: size and SHA-256 against the entry;
 * `unreadable`: recorded, but the file cannot be read (or is gone).
 */
export type ManifestStatus = 'no-manifest' | 'not-a-model' | 'no-entry' | 'match' | 'mismatch' | 'unreadable';

export type SourceStatus =
  | { kind: 'url'; url: string; /** `http:` or `ftp:`: anyone on the path can swap the bytes. */ plainHttp: boolean }
  | { kind: 'hub'; repo: string; revision: string; /** A 40-hex commit id (a branch or tag can move). */ pinned: boolean };

export type SignatureStatus =
  /** No manifest entry, so no signature to look for. */
  | { status: 'not-applicable' }
  | { status: 'unsigned'; /** The project requires signed models (provenance.requireSignatures). */ required: boolean }
  /** A bundle is recorded but neither a public key nor a trusted root is configured to check it with. */
  | { status: 'not-configured'; bundle: string }
  /** The bundle, key or trusted root cannot be read or used. */
  | { status: 'unusable'; bundle: string; reason: string }
  /** The signature does not verify, or verifies but does not vouch for these bytes. */
  | { status: 'invalid'; bundle: string; reason: string; signer?: string }
  | { status: 'verified'; bundle: string; signer: string; publicKey?: string };

export interface FileProvenanceStatus {
  manifest: ManifestStatus;
  /** Problems of the manifest itself (unreadable entries): an unrecorded file may be one of them. */
  manifestProblems: number;
  /** The file's path inside the manifest (relative to its folder). */
  entryPath?: string;
  recorded?: { size: number; sha256: string; format: string };
  /** The file as it is now (no `sha256` when it could not be read). */
  actual?: { size: number; sha256?: string };
  source?: SourceStatus;
  license?: { id: string; from: 'manifest' | 'model card' };
  /** What the manifest says the project uses the model for. */
  use?: string;
  signature: SignatureStatus;
}

export interface StatusOptions extends Pick<HashOptions, 'signal'> {
  hashes?: HashCache;
}

/** The provenance of `abs` (scanned as `format`) in `project` (undefined: no manifest). Never throws on I/O. */
export async function fileProvenanceStatus(abs: string, format: string, project: ProvenanceProject | undefined, options: StatusOptions = {}): Promise<FileProvenanceStatus> {
  const card = readModelFolder(path.dirname(abs)).cardLicense;
  const cardLicense = card ? { id: card, from: 'model card' as const } : undefined;
  const base = (manifest: ManifestStatus): FileProvenanceStatus => ({
    manifest, manifestProblems: project?.parsed.problems.length ?? 0, signature: { status: 'not-applicable' }, ...(cardLicense ? { license: cardLicense } : {}),
  });
  if (!isModelFormat(format)) return base('not-a-model');
  const rel = project ? entryPathOf(project, abs) : undefined;
  if (!project || rel === undefined) return base('no-manifest');
  const entry = project.byPath.get(rel);
  if (!entry) return { ...base('no-entry'), entryPath: rel };
  const out: FileProvenanceStatus = {
    ...base('unreadable'),
    entryPath: rel,
    recorded: { size: entry.size, sha256: entry.sha256, format: entry.format },
    source: sourceStatus(entry.source),
  };
  if (entry.license) out.license = { id: entry.license, from: 'manifest' };
  if (entry.use) out.use = entry.use;
  let sha256: string;
  try {
    const d = await (options.hashes ?? new HashCache()).digest(abs, options.signal ? { signal: options.signal } : {});
    sha256 = d.sha256;
    out.actual = { size: d.size, sha256 };
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    const size = sizeOf(abs);
    if (size !== undefined) out.actual = { size };
    out.signature = entry.signature ? { status: 'unusable', bundle: entry.signature.bundle, reason: 'the file cannot be read' } : { status: 'unsigned', required: project.config.requireSignatures === true };
    return out;
  }
  out.manifest = sha256 === entry.sha256 && out.actual.size === entry.size ? 'match' : 'mismatch';
  out.signature = signatureStatus(project, entry, sha256);
  return out;
}

export function sourceStatus(s: ManifestSource): SourceStatus {
  if (isUrlSource(s)) {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(s.url)?.[1]?.toLowerCase();
    return { kind: 'url', url: s.url, plainHttp: scheme === 'http' || scheme === 'ftp' };
  }
  return { kind: 'hub', repo: s.hub, revision: s.revision, pinned: COMMIT_SHA.test(s.revision) };
}

function signatureStatus(project: ProvenanceProject, entry: Parameters<typeof entrySignature>[1], sha256: string): SignatureStatus {
  if (!entry.signature) return { status: 'unsigned', required: project.config.requireSignatures === true };
  const bundle = entry.signature.bundle;
  const publicKey = entry.signature.publicKey ?? project.config.publicKey;
  if (publicKey === undefined && project.config.trustedRoot === undefined) return { status: 'not-configured', bundle };
  const s = entrySignature(project, entry, sha256);
  switch (s.kind) {
    case 'unsigned':
      return { status: 'unsigned', required: project.config.requireSignatures === true };
    case 'unusable':
      return { status: 'unusable', bundle, reason: s.reason };
    case 'invalid':
      return { status: 'invalid', bundle, reason: s.reason };
    case 'not-covered':
      return { status: 'invalid', bundle, signer: s.signer, reason: `the signed statement does not list ${s.name}` };
    case 'digest-mismatch':
      return { status: 'invalid', bundle, signer: s.signer, reason: `the signed sha256 is ${s.signedSha256}, the file's is ${sha256}` };
    case 'verified':
      return { status: 'verified', bundle, signer: s.signer, ...(publicKey !== undefined ? { publicKey } : {}) };
  }
}

function sizeOf(abs: string): number | undefined {
  try {
    return fs.statSync(abs).size;
  } catch {
    return undefined;
  }
}
