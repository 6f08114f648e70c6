// The JSON report (schema documented in docs/json-format.md). Deterministic: results in scan
// order, no timings, so two runs over the same files produce the same bytes.
import type { ScanResult } from '../../core/scan';
import { displayPath, type Reporter, type RunSummary, type ScanError } from '../report';
import type { BaselineState, CliScanResult, PriorFinding, RunComparison } from '../resultExtras';

export const JSON_SCHEMA_VERSION = 1;
/** Per-file cap on listed archive members and pickle streams: the rest is counted, not listed. */
export const MAX_LISTED = 1000;

export type JsonResult = Omit<ScanResult, 'timings'> & { omitted?: { members?: number; pickles?: number }; renamedFrom?: string; lfsOid?: string; states?: BaselineState[] };

/** --changed / --baseline: what the run is compared with, and what disappeared since. */
export interface JsonComparison {
  kind: RunComparison['kind'];
  label: string;
  new: number;
  fixed: PriorFinding[];
}

export interface JsonReport {
  tool: { name: string; version: string };
  schemaVersion: number;
  results: JsonResult[];
  comparison?: JsonComparison;
  summary: {
    files: number;
    filesWithFindings: number;
    findings: RunSummary['findings'] & { total: number };
    errors: ScanError[];
  };
}

export function createJsonReporter(tool: { name: string; version: string }, emit: (doc: string) => void, comparison?: RunComparison): Reporter {
  const results: JsonResult[] = [];
  return {
    result(r) {
      const out = toJsonResult(r);
      const states = (r as CliScanResult).states;
      if (comparison && states) out.states = states;
      results.push(out);
    },
    error() {
      // Collected in the run summary.
    },
    end(s) {
      const total = Object.values(s.findings).reduce((a, b) => a + b, 0);
      const report: JsonReport = {
        tool,
        schemaVersion: JSON_SCHEMA_VERSION,
        results,
        ...(comparison ? { comparison: toJsonComparison(comparison) } : {}),
        summary: {
          files: s.files,
          filesWithFindings: s.filesWithFindings,
          findings: { ...s.findings, total },
          errors: s.errors.map((e) => ({ path: displayPath(e.path), message: e.message })),
        },
      };
      emit(`${JSON.stringify(report, null, 2)}\n`);
    },
  };
}

function toJsonComparison(c: RunComparison): JsonComparison {
  const fixed = c.absent().map((p) => ({ ...p, path: displayPath(p.path) }));
  return { kind: c.kind, label: c.label, new: c.newCount(), fixed };
}

export function toJsonResult(r: ScanResult): JsonResult {
  // Rebuilt key by key: a fixed key order, and no timings.
  const out: JsonResult = {
    path: displayPath(r.path),
    format: r.format,
    detectedBy: r.detectedBy,
    size: r.size,
    findings: r.findings,
    summary: r.summary,
    limitsHit: r.limitsHit,
  };
  if (r.error !== undefined) out.error = r.error;
  const git = r as CliScanResult;
  if (git.renamedFrom !== undefined) out.renamedFrom = displayPath(git.renamedFrom);
  if (git.lfsOid !== undefined) out.lfsOid = git.lfsOid;
  const omitted: NonNullable<JsonResult['omitted']> = {};
  const { members, pickles } = r.summary;
  if (members && members.length > MAX_LISTED) {
    out.summary = { ...out.summary, members: members.slice(0, MAX_LISTED) };
    omitted.members = members.length - MAX_LISTED;
  }
  if (pickles && pickles.length > MAX_LISTED) {
    out.summary = { ...out.summary, pickles: pickles.slice(0, MAX_LISTED) };
    omitted.pickles = pickles.length - MAX_LISTED;
  }
  if (omitted.members !== undefined || omitted.pickles !== undefined) out.omitted = omitted;
  return out;
}
