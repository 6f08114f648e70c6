// `msl.config.json` at each workspace folder's root: limits and allowlist for scans, and its own
// problems published as diagnostics on the config file (never dropped silently).
import * as path from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { CONFIG_FILE_NAME, loadProjectConfig, type LoadedConfig } from '../core/config';
import { DIAGNOSTIC_SOURCE } from '../protocol/messages';
import { pathToUri } from './uris';

export class ProjectConfigs {
  private readonly byFolder = new Map<string, LoadedConfig>();

  /** The config of a folder (read once, then cached until `reload`). Undefined folder: no config. */
  get(folderPath: string | undefined): LoadedConfig {
    if (folderPath === undefined) return { config: {}, problems: [] };
    let hit = this.byFolder.get(folderPath);
    if (!hit) {
      hit = loadProjectConfig(folderPath);
      this.byFolder.set(folderPath, hit);
    }
    return hit;
  }

  reload(folderPath: string): LoadedConfig {
    this.byFolder.delete(folderPath);
    return this.get(folderPath);
  }

  forget(folderPath: string): void {
    this.byFolder.delete(folderPath);
  }
}

export function isProjectConfigPath(fsPath: string): boolean {
  return path.basename(fsPath) === CONFIG_FILE_NAME;
}

export function configFileUri(folderPath: string): string {
  return pathToUri(path.join(folderPath, CONFIG_FILE_NAME));
}

/** One warning per problem, at the top of the file (the parser reports no positions). */
export function configDiagnostics(loaded: LoadedConfig): Diagnostic[] {
  return loaded.problems.map((p) => ({
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Warning,
    source: DIAGNOSTIC_SOURCE,
    message: loaded.file && p.startsWith(`${loaded.file}: `) ? p.slice(loaded.file.length + 2) : p,
  }));
}
