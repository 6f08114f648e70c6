// The vocabulary shared by the scan driver and the formatters: results arrive one at a time,
// in a deterministic order, and a summary closes the run.
import * as path from 'node:path';
import { SEVERITIES, type Severity } from '../core/findings';
import type { LimitName } from '../core/limits';
import type { ScanResult } from '../core/scan';
import type { RunComparison } from './resultExtras';

/** A path the CLI could not scan at all (missing, unreadable folder...): exit code 2. */
export interface ScanError {
  path: string;
  message: string;
}

export type SeverityCounts = Record<Severity, number>;

export interface RunSummary {
  files: number;
  filesWithFindings: number;
  findings: SeverityCounts;
  errors: ScanError[];
  /** Limits hit, per file (for SARIF notifications). */
  limitsHit: { path: string; limits: LimitName[] }[];
}

/** What a formatter sees of the run. */
export interface RunInfo {
  /** Working directory the report's relative paths are relative to. */
  cwd: string;
  /** The arguments the command was run with, for SARIF `invocations`. */
  argv: readonly string[];
  failOn: Severity | 'none';
  /** SARIF `automationDetails.id` (`msl/changed/`, `msl/scan-shard-2-of-8/`...). */
  automationId?: string;
  /** --baseline (or, without it, BASE with --changed): SARIF `baselineState`. */
  comparison?: RunComparison;
  /** --changed: findings new and fixed since BASE (Markdown summary). */
  changes?: RunComparison;
}

/**
 * A formatter. `result` is called once per scanned file in output order; `text` output can be
 * streamed through `write`, structured formats return their document from `end`.
 */
export interface Reporter {
  result(r: ScanResult): void;
  error(e: ScanError): void;
  end(summary: RunSummary): void;
}

export function emptyCounts(): SeverityCounts {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts;
}

export class SummaryBuilder {
  readonly summary: RunSummary = { files: 0, filesWithFindings: 0, findings: emptyCounts(), errors: [], limitsHit: [] };

  add(r: ScanResult): void {
    this.summary.files++;
    if (r.findings.length > 0) this.summary.filesWithFindings++;
    for (const f of r.findings) this.summary.findings[f.severity]++;
    if (r.limitsHit.length > 0) this.summary.limitsHit.push({ path: r.path, limits: [...r.limitsHit] });
  }

  addError(e: ScanError): void {
    this.summary.errors.push(e);
  }
}

/** Paths in reports use `/` on every platform. */
export function displayPath(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}
