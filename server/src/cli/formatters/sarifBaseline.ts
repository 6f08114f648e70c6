// SARIF for pull requests: `baselineState` on every result when a comparison exists, accepted
// baseline findings as suppressed results (kind `external`, with the justification), and results
// that disappeared (`absent`), so code scanning can close them. Digests go on the artifacts.
import type { RunComparison, PriorFinding, CliScanResult } from '../resultExtras';
import type { Severity } from '../../core/findings';
import { SARIF_LEVEL } from './sarifRules';
import { artifactLocation } from './sarifLocations';

export interface SarifSuppression {
  kind: 'external';
  status: 'accepted';
  justification?: string;
}

/** A result that was there before and is gone now: no location beyond its file. */
export function absentResult(p: PriorFinding, ruleIndex: number, ruleSeverity: Severity, cwd: string, fingerprintKey: string) {
  const severity = p.severity ?? ruleSeverity;
  return {
    ruleId: p.ruleId,
    ruleIndex,
    level: SARIF_LEVEL[severity],
    message: { text: `No longer found: ${p.title}${/[.!?]$/.test(p.title) ? '' : '.'}` },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(p.path, cwd) } }],
    partialFingerprints: { [fingerprintKey]: p.fingerprint },
    properties: { severity, confidence: 'high' },
    baselineState: 'absent' as const,
  };
}

export function suppressionFor(justification: string): SarifSuppression[] {
  const s: SarifSuppression = { kind: 'external', status: 'accepted' };
  if (justification !== '') s.justification = justification;
  return [s];
}

/** `hashes` for an artifact, when the CLI computed the file's digest. */
export function artifactHashes(r: CliScanResult): { hashes: Record<string, string> } | Record<string, never> {
  return r.sha256 ? { hashes: { 'sha-256': r.sha256 } } : {};
}

export function stateOf(r: CliScanResult, k: number, comparison: RunComparison | undefined): 'new' | 'unchanged' | undefined {
  if (!comparison) return undefined;
  const s = r.states?.[k];
  return s === 'unchanged' ? 'unchanged' : 'new';
}
