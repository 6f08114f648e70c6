// `msl lock` as a pure function: the manifest as it is, the files as they are now, and what the
// user asked for -> the new manifest and a diff. Entries are never dropped silently: an entry
// whose file is gone stays (reported as missing) unless pruning was asked for.
import { sortEntries, type Manifest, type ManifestEntry, type ManifestSource } from './manifest';

/** A model file as found on disk now. */
export interface ObservedFile {
  path: string;
  size: number;
  sha256: string;
  format: string;
}

export interface LockRequest {
  existing: Manifest | undefined;
  /** Model files found under the paths being locked. */
  observed: readonly ObservedFile[];
  /** True for manifest paths this run is about (under a PATH argument); others are kept as they are. */
  inScope: (entryPath: string) => boolean;
  /** True when the entry's file exists (anything in scope and not observed is checked with this). */
  exists: (entryPath: string) => boolean;
  /** Source recorded for files not yet in the manifest; without one they are not added. */
  source?: ManifestSource;
  license?: string;
  prune: boolean;
}

export interface ChangedEntry {
  path: string;
  before: { size: number; sha256: string; format: string };
  after: { size: number; sha256: string; format: string };
}

export interface LockDiff {
  added: string[];
  changed: ChangedEntry[];
  unchanged: string[];
  /** In the manifest, file gone, entry kept. */
  missing: string[];
  /** In the manifest, file gone, entry removed (`--prune`). */
  pruned: string[];
  /** New model files left out because no source was given for them. */
  unsourced: string[];
  /** Entries whose file exists but is no longer a model file (e.g. replaced by a Git LFS pointer); kept. */
  notModels: string[];
}

export interface LockPlan {
  manifest: Manifest;
  diff: LockDiff;
  /** False when the new manifest equals the old one (nothing to write). */
  changed: boolean;
}

export function planLock(req: LockRequest): LockPlan {
  const diff: LockDiff = { added: [], changed: [], unchanged: [], missing: [], pruned: [], unsourced: [], notModels: [] };
  const observed = new Map(req.observed.map((f) => [f.path, f]));
  const out: ManifestEntry[] = [];
  const existing = req.existing?.models ?? [];
  const known = new Set(existing.map((e) => e.path));
  for (const entry of existing) {
    if (!req.inScope(entry.path)) {
      out.push(entry);
      continue;
    }
    const now = observed.get(entry.path);
    if (now) {
      const same = now.size === entry.size && now.sha256 === entry.sha256 && now.format === entry.format;
      if (same) diff.unchanged.push(entry.path);
      else diff.changed.push({ path: entry.path, before: pick(entry), after: pick(now) });
      out.push(same ? entry : { ...entry, size: now.size, sha256: now.sha256, format: now.format });
    } else if (req.exists(entry.path)) {
      diff.notModels.push(entry.path);
      out.push(entry);
    } else if (req.prune) {
      diff.pruned.push(entry.path);
    } else {
      diff.missing.push(entry.path);
      out.push(entry);
    }
  }
  for (const f of req.observed) {
    if (known.has(f.path)) continue;
    if (!req.source) {
      diff.unsourced.push(f.path);
      continue;
    }
    const entry: ManifestEntry = { path: f.path, size: f.size, sha256: f.sha256, format: f.format, source: req.source };
    if (req.license !== undefined) entry.license = req.license;
    out.push(entry);
    diff.added.push(f.path);
  }
  for (const list of [diff.added, diff.unchanged, diff.missing, diff.pruned, diff.unsourced, diff.notModels]) list.sort();
  diff.changed.sort((a, b) => (a.path < b.path ? -1 : 1));
  const manifest: Manifest = { ...(req.existing?.$schema ? { $schema: req.existing.$schema } : {}), version: 1, models: sortEntries(out) };
  const changed = !req.existing || diff.added.length > 0 || diff.changed.length > 0 || diff.pruned.length > 0;
  return { manifest, diff, changed };
}

/** Adds or replaces one entry (the editor's "Record Provenance for This File"). */
export function upsertEntry(existing: Manifest | undefined, entry: ManifestEntry): { manifest: Manifest; replaced?: ManifestEntry } {
  const models = [...(existing?.models ?? [])];
  const i = models.findIndex((e) => e.path === entry.path);
  const replaced = i >= 0 ? models[i] : undefined;
  if (i >= 0) models[i] = { ...models[i]!, ...entry };
  else models.push(entry);
  const manifest: Manifest = { ...(existing?.$schema ? { $schema: existing.$schema } : {}), version: 1, models: sortEntries(models) };
  return replaced ? { manifest, replaced } : { manifest };
}

function pick(e: { size: number; sha256: string; format: string }): { size: number; sha256: string; format: string } {
  return { size: e.size, sha256: e.sha256, format: e.format };
}
