// msl.lock.json was saved, created or deleted: re-run what depends on it and nothing else. Model
// files whose entry appeared, vanished or changed get their provenance checks again (the engine's
// findings are reused when the file itself is unchanged; digests come from the hash cache), the
// manifest republishes its own diagnostics, and scripts that mention a Hub repository whose
// recorded revision changed are re-analysed (the pin quick fix depends on it). A created or
// deleted manifest affects every model file of its folder.
import * as fs from 'node:fs';
import { entryPathOf, hubPinsOf, type ManifestEntry, type ProvenanceProject } from '../core/provenance/index';
import type { DiskScanner } from './diskScanner';
import type { Folder } from './folders';
import { provenanceOf } from './provenance';
import type { ServerState } from './state';

/** Scripts on disk are read (to look for a changed repository id) only up to this size. */
const MAX_SCRIPT_BYTES = 4 * 1024 * 1024;
const SCRIPT_FILE = /\.(py|pyi|ipynb)$/i;

export interface ManifestDependents {
  disk: DiskScanner;
  /** Re-analyses open scripts and notebooks that mention one of these Hub ids (lower case). */
  reanalyseOpenScripts(ids: ReadonlySet<string>): void;
}

export async function onManifestChanged(state: ServerState, folder: Folder, deps: ManifestDependents): Promise<void> {
  const { before, after } = provenanceOf(state).reload(folder.path);
  const entries = changedEntries(before, after);
  const ids = changedHubIds(before, after);
  const scans: Promise<unknown>[] = [];
  for (const key of state.store.keysUnder(folder.path)) {
    if (state.openDocumentKeys.has(key)) continue; // open scripts are analysed from their buffer
    if (SCRIPT_FILE.test(key)) {
      if (ids.size > 0 && fileMentions(key, ids)) scans.push(deps.disk.scan(key));
      continue;
    }
    const rel = entryPathOf({ root: folder.path }, key);
    if (entries === 'all' || (rel !== undefined && entries.has(rel))) scans.push(deps.disk.scan(key, { explicit: false, provenanceOnly: true }));
  }
  if (ids.size > 0) deps.reanalyseOpenScripts(ids);
  await Promise.all(scans);
}

/** Entry paths whose provenance may read differently now; `all` when the manifest came or went. */
export function changedEntries(before: ProvenanceProject | undefined, after: ProvenanceProject | undefined): 'all' | Set<string> {
  if (!before && !after) return new Set();
  if (!before || !after) return 'all';
  const out = new Set<string>();
  for (const p of new Set([...before.byPath.keys(), ...after.byPath.keys()])) {
    const a = before.byPath.get(p);
    const b = after.byPath.get(p);
    if (!a || !b || canonical(a) !== canonical(b)) out.add(p);
  }
  return out;
}

/** Lower-cased Hub ids whose pinned revision was added, removed or changed. */
export function changedHubIds(before: ProvenanceProject | undefined, after: ProvenanceProject | undefined): Set<string> {
  const a = before ? hubPinsOf(before.parsed.manifest) : new Map<string, string>();
  const b = after ? hubPinsOf(after.parsed.manifest) : new Map<string, string>();
  const out = new Set<string>();
  for (const id of new Set([...a.keys(), ...b.keys()])) if (a.get(id) !== b.get(id)) out.add(id);
  return out;
}

/** True when the text mentions one of the (lower-case) ids, case-insensitively. */
export function textMentions(text: string, ids: ReadonlySet<string>): boolean {
  const lower = text.toLowerCase();
  for (const id of ids) if (lower.includes(id)) return true;
  return false;
}

function fileMentions(fsPath: string, ids: ReadonlySet<string>): boolean {
  try {
    if (fs.statSync(fsPath).size > MAX_SCRIPT_BYTES) return true; // too big to look at: rescan it
    return textMentions(fs.readFileSync(fsPath, 'utf8'), ids);
  } catch {
    return false;
  }
}

/** The entry with its keys in a fixed order, so reordering keys in the file changes nothing. */
function canonical(e: ManifestEntry): string {
  const sorted = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])]))
      : v;
  return JSON.stringify(sorted(e));
}
