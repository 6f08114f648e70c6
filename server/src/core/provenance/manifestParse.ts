// Reading `msl.lock.json` without trusting it: every problem is reported with a JSON pointer,
// bad entries are kept out of the model (never thrown on), good ones survive.
import {
  COMMIT_SHA, HUB_REPO_ID, MANIFEST_VERSION, normaliseEntryPath, SHA256_HEX,
  type Manifest, type ManifestEntry, type ManifestSource, type SignatureRef,
} from './manifest';

export interface ManifestProblem {
  /** JSON pointer of the offending value (`/models/3/sha256`). */
  pointer: string;
  message: string;
}

export interface ParsedManifest {
  manifest: Manifest;
  problems: ManifestProblem[];
  /** Entries that could not be read, kept verbatim so `msl lock` never drops them silently. */
  invalidEntries: unknown[];
}

const ENTRY_KEYS = new Set(['path', 'size', 'sha256', 'format', 'source', 'license', 'use', 'signature']);

export function parseManifest(text: string): ParsedManifest {
  const problems: ManifestProblem[] = [];
  const out: ParsedManifest = { manifest: { version: MANIFEST_VERSION, models: [] }, problems, invalidEntries: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    problems.push({ pointer: '', message: `not valid JSON: ${(e as Error).message}` });
    return out;
  }
  if (!isObject(raw)) {
    problems.push({ pointer: '', message: 'the top level must be an object' });
    return out;
  }
  if (typeof raw.$schema === 'string') out.manifest.$schema = raw.$schema;
  if (raw.version !== MANIFEST_VERSION) problems.push({ pointer: '/version', message: `"version" must be ${MANIFEST_VERSION}` });
  for (const key of Object.keys(raw)) {
    if (!['$schema', 'version', 'models'].includes(key)) problems.push({ pointer: `/${key}`, message: `unknown key "${key}"` });
  }
  if (!Array.isArray(raw.models)) {
    problems.push({ pointer: '/models', message: '"models" must be an array' });
    return out;
  }
  const seen = new Set<string>();
  raw.models.forEach((e, i) => {
    const entry = parseEntry(e, `/models/${i}`, problems);
    if (!entry) {
      out.invalidEntries.push(e);
    } else if (seen.has(entry.path)) {
      problems.push({ pointer: `/models/${i}/path`, message: `duplicate entry for "${entry.path}" (the first one is used)` });
    } else {
      seen.add(entry.path);
      out.manifest.models.push(entry);
    }
  });
  return out;
}

function parseEntry(e: unknown, at: string, problems: ManifestProblem[]): ManifestEntry | undefined {
  if (!isObject(e)) {
    problems.push({ pointer: at, message: 'an entry must be an object' });
    return undefined;
  }
  const before = problems.length;
  const bad = (key: string, message: string) => problems.push({ pointer: `${at}/${key}`, message });
  for (const key of Object.keys(e)) if (!ENTRY_KEYS.has(key)) bad(key, `unknown key "${key}"`);
  const entryPath = typeof e.path === 'string' ? normaliseEntryPath(e.path) : undefined;
  if (entryPath === undefined) bad('path', '"path" must be a relative path inside the project (no "..", no leading "/")');
  if (typeof e.size !== 'number' || !Number.isSafeInteger(e.size) || e.size < 0) bad('size', '"size" must be a non-negative integer');
  if (typeof e.sha256 !== 'string' || !SHA256_HEX.test(e.sha256)) bad('sha256', '"sha256" must be 64 lower-case hex digits');
  if (typeof e.format !== 'string' || e.format === '') bad('format', '"format" must be a non-empty string');
  const source = parseSource(e.source, `${at}/source`, problems);
  for (const key of ['license', 'use'] as const) {
    if (e[key] !== undefined && (typeof e[key] !== 'string' || e[key] === '')) bad(key, `"${key}" must be a non-empty string`);
  }
  const signature = e.signature === undefined ? undefined : parseSignature(e.signature, `${at}/signature`, problems);
  if (problems.length > before || !source || entryPath === undefined) return undefined;
  const entry: ManifestEntry = { path: entryPath, size: e.size as number, sha256: e.sha256 as string, format: e.format as string, source };
  if (typeof e.license === 'string') entry.license = e.license;
  if (typeof e.use === 'string') entry.use = e.use;
  if (signature) entry.signature = signature;
  return entry;
}

/**
 * Shapes only. A `http:` URL or a hub revision that is a branch name is kept (it is a finding,
 * MSL805/MSL806, not a syntax error), but must at least be a string.
 */
function parseSource(s: unknown, at: string, problems: ManifestProblem[]): ManifestSource | undefined {
  if (!isObject(s)) {
    problems.push({ pointer: at, message: '"source" must be {"url": ...} or {"hub": "org/name", "revision": ...}' });
    return undefined;
  }
  if (typeof s.url === 'string' && s.hub === undefined) {
    if (!/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(s.url)) problems.push({ pointer: `${at}/url`, message: '"url" must be an absolute URL' });
    else return { url: s.url };
    return undefined;
  }
  if (typeof s.hub === 'string' && s.url === undefined) {
    if (!HUB_REPO_ID.test(s.hub)) problems.push({ pointer: `${at}/hub`, message: '"hub" must be a repository id "org/name"' });
    else if (typeof s.revision !== 'string' || s.revision === '') problems.push({ pointer: `${at}/revision`, message: '"revision" must be a string (a 40-hex commit id)' });
    else return { hub: s.hub, revision: s.revision };
    return undefined;
  }
  problems.push({ pointer: at, message: '"source" must have exactly one of "url" or "hub"' });
  return undefined;
}

function parseSignature(s: unknown, at: string, problems: ManifestProblem[]): SignatureRef | undefined {
  if (!isObject(s) || typeof s.bundle !== 'string' || normaliseEntryPath(s.bundle) === undefined) {
    problems.push({ pointer: at, message: '"signature" must be {"bundle": "<relative path>", "publicKey"?: "<relative path>"}' });
    return undefined;
  }
  if (s.publicKey !== undefined && (typeof s.publicKey !== 'string' || normaliseEntryPath(s.publicKey) === undefined)) {
    problems.push({ pointer: `${at}/publicKey`, message: '"publicKey" must be a relative path' });
    return undefined;
  }
  return { bundle: s.bundle, ...(typeof s.publicKey === 'string' ? { publicKey: s.publicKey } : {}) };
}

export function isCommitRevision(revision: string): boolean {
  return COMMIT_SHA.test(revision);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
