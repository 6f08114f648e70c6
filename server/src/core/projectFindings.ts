// What a project's msl.config.json changes in what is reported, in one place so that the CLI
// and the language server give the same answer for the same file: `ignore` globs silence a file
// whatever asked for it (folder walk, explicit path, open editor), and `severityOverrides`
// re-grade or drop rules.
import * as path from 'node:path';
import { applySeverityOverrides, isIgnoredPath, type ProjectConfig } from './config';
import type { Finding } from './findings';

export interface ProjectScope {
  /** Absolute folder the config's globs are relative to (the workspace folder, or the CLI's project root). */
  root: string;
  config: ProjectConfig;
}

/** True when `absolutePath` lies under the project root and matches one of its `ignore` globs. */
export function isIgnoredFile(absolutePath: string, scope: ProjectScope): boolean {
  const relative = path.relative(scope.root, absolutePath);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return false;
  return isIgnoredPath(relative.split(path.sep).join('/'), scope.config);
}

/**
 * The findings of `absolutePath` as the project wants them reported: none when the file is
 * ignored, otherwise with the severity overrides applied (`off` rules dropped).
 */
export function projectFindings(absolutePath: string, findings: readonly Finding[], scope: ProjectScope | undefined): Finding[] {
  if (!scope) return [...findings];
  if (isIgnoredFile(absolutePath, scope)) return [];
  return applySeverityOverrides(findings, scope.config.severityOverrides);
}
