// The provenance manifest `msl.lock.json`: one entry per model file, with what it is (size,
// SHA-256, format) and where it came from (a URL, or a Hub repository at an immutable commit).
// Pure data and validation here; reading files and planning updates live beside it.

export const MANIFEST_FILE_NAME = 'msl.lock.json';
export const MANIFEST_VERSION = 1;
/** The `$schema` written into new manifests (the file ships with the extension, see package.json `jsonValidation`). */
export const MANIFEST_SCHEMA_ID = 'https://model-security-lint.dev/schemas/msl.lock.schema.json';

export type ManifestSource = { url: string } | { hub: string; revision: string };

export interface SignatureRef {
  /** Path of the Sigstore bundle (OpenSSF Model Signing), relative to the manifest's folder. */
  bundle: string;
  /** PEM public key for key-based signatures (relative path); else the project's `provenance.publicKey`. */
  publicKey?: string;
}

export interface ManifestEntry {
  /** Relative to the manifest's folder, forward slashes, no `..`. */
  path: string;
  size: number;
  sha256: string;
  format: string;
  source: ManifestSource;
  /** SPDX-style licence id (or `other`). */
  license?: string;
  /** What the project uses the model for, checked against the licence (see licenses.ts). */
  use?: string;
  signature?: SignatureRef;
}

export interface Manifest {
  $schema?: string;
  version: number;
  models: ManifestEntry[];
}

export const COMMIT_SHA = /^[0-9a-f]{40}$/i;
export const SHA256_HEX = /^[0-9a-f]{64}$/;
export const HUB_REPO_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

export function isUrlSource(s: ManifestSource): s is { url: string } {
  return 'url' in s;
}

export function describeSource(s: ManifestSource): string {
  return isUrlSource(s) ? s.url : `${s.hub}@${s.revision}`;
}

/** Manifest paths: relative, `/`-separated, nothing that escapes the project. */
export function normaliseEntryPath(p: string): string | undefined {
  const clean = p.replace(/\\/g, '/').replace(/^\.\//, '');
  if (clean === '' || clean.startsWith('/') || /^[A-Za-z]:/.test(clean)) return undefined;
  if (clean.split('/').some((seg) => seg === '..' || seg === '')) return undefined;
  return clean;
}

/** Entries in path order (code-unit order, locale-independent), so diffs of the file stay small. */
export function sortEntries(entries: readonly ManifestEntry[]): ManifestEntry[] {
  return [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The manifest as written: two-space JSON, keys in a fixed order, entries sorted, newline at the
 * end. The same manifest always serialises to the same bytes.
 */
export function serializeManifest(m: Manifest): string {
  const models = sortEntries(m.models).map(orderedEntry);
  return `${JSON.stringify({ $schema: m.$schema ?? MANIFEST_SCHEMA_ID, version: m.version, models }, null, 2)}\n`;
}

function orderedEntry(e: ManifestEntry): ManifestEntry {
  const source: ManifestSource = isUrlSource(e.source) ? { url: e.source.url } : { hub: e.source.hub, revision: e.source.revision };
  const out: ManifestEntry = { path: e.path, size: e.size, sha256: e.sha256, format: e.format, source };
  if (e.license !== undefined) out.license = e.license;
  if (e.use !== undefined) out.use = e.use;
  if (e.signature !== undefined) {
    out.signature = { bundle: e.signature.bundle, ...(e.signature.publicKey !== undefined ? { publicKey: e.signature.publicKey } : {}) };
  }
  return out;
}
