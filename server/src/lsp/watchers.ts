// File watching is the client's job: the server registers, per workspace folder, watchers for
// the globs its settings cover (plus the project config file, the provenance manifest and the
// signature files they name, which the client never syncs as documents) and re-registers when
// they change.
import * as path from 'node:path';
import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type Disposable,
  type FileEvent,
  type FileSystemWatcher,
} from 'vscode-languageserver';
import { CONFIG_FILE_NAME } from '../core/config';
import { MANIFEST_FILE_NAME } from '../core/provenance/manifest';
import type { DiskScanner } from './diskScanner';
import { walkOptions } from './fileFilter';
import type { Folder } from './folders';
import { configDiagnostics, configFileUri, isProjectConfigPath } from './projectConfigs';
import { provenanceOf } from './provenance';
import { onSignatureFilesChanged, signatureWatchers } from './signatureFiles';
import type { ServerState } from './state';
import { uriToPath } from './uris';

export class Watchers {
  private registration: Disposable | undefined;
  private registered = '';

  constructor(private readonly state: ServerState) {}

  /** (Re-)registers the watchers for the current folders and settings; a no-op when nothing changed. */
  async update(): Promise<void> {
    if (!this.state.support.dynamicWatchers) return;
    const watchers = await this.wanted();
    const key = JSON.stringify(watchers);
    if (key === this.registered) return;
    this.registered = key;
    const previous = this.registration;
    this.registration = undefined;
    previous?.dispose();
    try {
      this.registration = await this.state.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers });
    } catch (e) {
      this.registered = '';
      this.state.warn(`Could not register file watchers: ${(e as Error).message}`);
    }
  }

  private async wanted(): Promise<FileSystemWatcher[]> {
    const out: FileSystemWatcher[] = [];
    for (const folder of this.state.folders.all()) {
      const settings = await this.state.settings.get(folder.uri);
      const globs = [...walkOptions(settings, this.state.configs.get(folder.path).config).include, CONFIG_FILE_NAME, MANIFEST_FILE_NAME];
      for (const pattern of globs) {
        out.push({ globPattern: this.state.support.relativePatterns ? { baseUri: folder.uri, pattern } : absoluteGlob(folder, pattern) });
      }
      for (const w of signatureWatchers(this.state, folder)) {
        if (!out.some((o) => JSON.stringify(o) === JSON.stringify(w))) out.push(w);
      }
    }
    return out;
  }
}

/** Without relative-pattern support the client matches against absolute paths. */
function absoluteGlob(folder: Folder, pattern: string): string {
  return `${folder.path.split('\\').join('/').replace(/\/$/, '')}/${pattern}`;
}

/**
 * Reacts to `workspace/didChangeWatchedFiles`: rescans changed files, clears deleted ones, hands
 * msl.config.json and msl.lock.json changes to their handlers (once per folder and batch), and
 * re-checks the signatures of entries whose bundle, key or trusted root changed.
 */
export async function onFileEvents(
  state: ServerState,
  disk: DiskScanner,
  changes: readonly FileEvent[],
  rescanFolder: (folder: Folder) => void,
  manifestChanged: (folder: Folder) => void = () => undefined,
): Promise<void> {
  const configFolders = new Set<Folder>();
  const manifestFolders = new Set<Folder>();
  /** Folders where files came or went: their manifest's missing-file diagnostics may change. */
  const comeOrGone = new Set<Folder>();
  const changedPaths = new Set<string>();
  for (const change of changes) {
    const fsPath = uriToPath(change.uri);
    if (!fsPath) continue;
    changedPaths.add(fsPath);
    const folder = state.folders.folderFor(fsPath);
    if (folder && isProjectConfigPath(fsPath) && fsPath === path.join(folder.path, CONFIG_FILE_NAME)) {
      configFolders.add(folder);
      continue;
    }
    if (folder && fsPath === path.join(folder.path, MANIFEST_FILE_NAME)) {
      manifestFolders.add(folder);
      continue;
    }
    if (folder && change.type !== FileChangeType.Changed) comeOrGone.add(folder);
    if (state.openDocumentKeys.has(fsPath)) continue; // the editor buffer is the truth
    if (change.type === FileChangeType.Deleted) {
      disk.clearUnder(fsPath);
    } else if (await disk.isCovered(fsPath)) {
      void disk.scan(fsPath);
    }
  }
  for (const folder of configFolders) {
    publishConfigProblems(state, folder, true);
    rescanFolder(folder);
  }
  for (const folder of manifestFolders) manifestChanged(folder);
  for (const folder of comeOrGone) if (!manifestFolders.has(folder)) provenanceOf(state).republishManifest(folder.path);
  await Promise.all(onSignatureFilesChanged(state, disk, changedPaths));
}

export function publishConfigProblems(state: ServerState, folder: Folder, reload: boolean): void {
  const loaded = reload ? state.configs.reload(folder.path) : state.configs.get(folder.path);
  for (const problem of loaded.problems) state.warn(problem);
  void state.connection.sendDiagnostics({ uri: configFileUri(folder.path), diagnostics: configDiagnostics(loaded) }).catch(() => undefined);
}
