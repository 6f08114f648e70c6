// The part of a ScanResult the oracle compares, small enough to post between threads.
import type { ScanResult } from '../../server/src/core/scan';
import type { PickleStreamInfo } from '../../server/src/core/summary';

export const SCAN_NAME = 'x.pkl';

export interface ScanView {
  format: string;
  limitsHit: string[];
  findings: Array<{ ruleId: string }>;
  summary: { pickles?: PickleStreamInfo[] };
  /** Set when the analyzer threw, hung or killed its thread on this case. */
  failure?: string;
}

export function toView(r: ScanResult): ScanView {
  return {
    format: r.format,
    limitsHit: [...r.limitsHit],
    findings: r.findings.map((f) => ({ ruleId: f.ruleId })),
    summary: r.summary.pickles ? { pickles: r.summary.pickles } : {},
  };
}
