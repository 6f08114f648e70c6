// Runs cases through CPython (one oracle process per call) and through our scanBytes (in a
// pool of worker threads, so a hanging or crashing analyzer is a reported failure of one case).
import type { OracleCase } from './generate';
import { runOracle, type OracleBatch, type OracleCaseResult } from './pythonOracle';
import { findDivergences, type Divergence } from './compare';
import { sharedPool } from './scanPool';
import type { ScanView } from './scanView';

export { SCAN_NAME } from './scanView';

export interface CaseOutcome {
  case: OracleCase;
  oracle: OracleCaseResult;
  scan: ScanView;
  divergences: Divergence[];
}

export interface CheckResult {
  outcomes: CaseOutcome[];
  batch: OracleBatch;
}

export async function checkCases(cases: readonly OracleCase[]): Promise<CheckResult> {
  const pool = sharedPool();
  const scans = Promise.all(cases.map((c) => pool.scan(c.bytes)));
  const batch = await runOracle(cases.map((c) => c.bytes));
  const views = await scans;
  const outcomes = cases.map((c, i) => {
    const oracle = batch.results[i]!;
    const scan = views[i]!;
    return { case: c, oracle, scan, divergences: findDivergences(oracle, scan) };
  });
  return { outcomes, batch };
}

/** True for each candidate that still misses one of `targets` (`module\0name`). */
export async function stillMisses(candidates: readonly Uint8Array[], targets: ReadonlySet<string>): Promise<boolean[]> {
  const { outcomes } = await checkCases(candidates.map((bytes, i) => ({ id: `shrink:${i}`, kind: 'shrink', bytes })));
  return outcomes.map((o) => o.divergences.some((d) => targets.has(`${d.pair.module}\u0000${d.pair.name}`)));
}
