// The server's side of msl.config.json `ignore` and `severityOverrides`: the project of a file is
// its workspace folder (the folder whose msl.config.json is read), and the rules themselves live
// in core/projectFindings.ts, shared with `msl scan`.
import type { Finding } from '../core/findings';
import { isIgnoredFile, projectFindings, type ProjectScope } from '../core/projectFindings';
import type { ServerState } from './state';

export function projectScopeFor(state: ServerState, fsPath: string | undefined): ProjectScope | undefined {
  const folder = fsPath ? state.folders.folderFor(fsPath) : undefined;
  return folder ? { root: folder.path, config: state.configs.get(folder.path).config } : undefined;
}

/** The findings of the file at `fsPath` as its project wants them reported (no path: unchanged). */
export function reportedFindings(state: ServerState, fsPath: string | undefined, findings: readonly Finding[]): Finding[] {
  return fsPath ? projectFindings(fsPath, findings, projectScopeFor(state, fsPath)) : [...findings];
}

export function isIgnoredByProject(state: ServerState, fsPath: string | undefined): boolean {
  const scope = projectScopeFor(state, fsPath);
  return fsPath !== undefined && scope !== undefined && isIgnoredFile(fsPath, scope);
}
