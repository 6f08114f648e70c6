// `msl scan` and msl.config.json `ignore` / `severityOverrides`, through the same rules as the
// language server (core/projectFindings.ts). The project root the globs are relative to is the
// folder of the configuration file: the working directory, or the folder of `--config FILE`.
import * as path from 'node:path';
import type { LoadedConfig } from '../core/config';
import { compareFindings } from '../core/findings';
import { isIgnoredFile, projectFindings, type ProjectScope } from '../core/projectFindings';
import type { ScanResult } from '../core/scan';

export class ProjectPolicy {
  readonly scope: ProjectScope;

  constructor(loaded: LoadedConfig, cwd: string) {
    this.scope = { root: loaded.file ? path.dirname(loaded.file) : path.resolve(cwd), config: loaded.config };
  }

  /** True for files whose findings are never reported (they are not scanned at all). */
  ignores(absolute: string): boolean {
    return isIgnoredFile(absolute, this.scope);
  }

  /** The result with the project's severity overrides applied (rules set to `off` dropped), worst first again. */
  apply(absolute: string, result: ScanResult): ScanResult {
    const findings = projectFindings(absolute, result.findings, this.scope);
    if (this.scope.config.severityOverrides) findings.sort(compareFindings);
    return { ...result, findings };
  }
}
