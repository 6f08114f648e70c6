// Signature bundles, public keys and trusted roots are read by the MSL810-MSL814 checks but are
// neither model files nor synced documents: the server asks the client to watch exactly the files
// the manifest and msl.config.json name (re-registered when either changes), and when one changes,
// comes or goes, re-runs the provenance checks of the entries that read it (engine findings and
// digests are reused; the verification cache is keyed by the files' contents).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileSystemWatcher } from 'vscode-languageserver';
import { absolutePathOf, MANIFEST_FILE_NAME, signatureFiles, type ProvenanceProject } from '../core/provenance/index';
import type { DiskScanner } from './diskScanner';
import { isInside, relativeGlobPath, type Folder } from './folders';
import { provenanceOf } from './provenance';
import type { ServerState } from './state';
import { pathToUri } from './uris';

/** Per folder; distinct bundles are few (the shards of a model share one), so this is generous. */
export const MAX_SIGNATURE_WATCHERS = 100;

/** Watchers for the signature files of the folder's project (none without a manifest). */
export function signatureWatchers(state: ServerState, folder: Folder): FileSystemWatcher[] {
  const project = projectOf(state, folder);
  if (!project) return [];
  let files = [...signatureFiles(project).keys()].sort();
  if (files.length > MAX_SIGNATURE_WATCHERS) {
    state.warn(`${folder.path}: ${files.length} signature files are referenced; only the first ${MAX_SIGNATURE_WATCHERS} are watched (the others are re-checked on the next scan).`);
    files = files.slice(0, MAX_SIGNATURE_WATCHERS);
  }
  return files.map((abs) => ({ globPattern: fileGlob(state, folder, abs) }));
}

/** A pattern matching just `abs`: relative to the folder when inside it, else to the file's own folder. */
function fileGlob(state: ServerState, folder: Folder, abs: string): FileSystemWatcher['globPattern'] {
  if (!state.support.relativePatterns) return escapeGlob(abs.split('\\').join('/'));
  if (isInside(abs, folder.path)) return { baseUri: folder.uri, pattern: escapeGlob(relativeGlobPath(folder.path, abs)) };
  return { baseUri: pathToUri(path.dirname(abs)), pattern: escapeGlob(path.basename(abs)) };
}

/**
 * Glob syntax has no portable escape: a special character becomes `?` (any one character). A
 * wider match only costs an event that `onSignatureFilesChanged` ignores.
 */
export function escapeGlob(p: string): string {
  return p.replace(/[*?[\]{}]/g, '?');
}

/**
 * Some watched files changed: every stored model file whose entry reads one of them gets its
 * provenance checks again. Returns the rescans (resolved once published).
 */
export function onSignatureFilesChanged(state: ServerState, disk: DiskScanner, changed: ReadonlySet<string>): Promise<unknown>[] {
  const service = provenanceOf(state);
  const scans: Promise<unknown>[] = [];
  const queued = new Set<string>();
  for (const folder of state.folders.all()) {
    const project = projectOf(state, folder);
    if (!project) continue;
    const files = signatureFiles(project);
    for (const file of changed) {
      for (const entryPath of files.get(file) ?? []) {
        const model = absolutePathOf(project, entryPath);
        if (queued.has(model) || !state.store.get(model) || state.openDocumentKeys.has(model)) continue;
        if (service.projectFor(model) !== project) continue; // a nested folder's manifest owns it
        queued.add(model);
        scans.push(disk.scan(model, { explicit: false, provenanceOnly: true }));
      }
    }
  }
  return scans;
}

/** The folder's project; without a manifest, undefined without loading (nor publishing) anything. */
function projectOf(state: ServerState, folder: Folder): ProvenanceProject | undefined {
  const manifest = path.join(folder.path, MANIFEST_FILE_NAME);
  return fs.existsSync(manifest) ? provenanceOf(state).projectFor(manifest) : undefined;
}
