// Shared test helpers for container tests.
import { scanBytes, type ScanResult } from '../../../server/src/core/scan';
import type { ScanLimits } from '../../../server/src/core/limits';
import type { Finding } from '../../../server/src/core/findings';

export async function scan(bytes: Uint8Array, name: string, limits?: Partial<ScanLimits>): Promise<ScanResult> {
  return scanBytes(bytes, name, limits ? { limits } : {});
}

export function byRule(r: ScanResult, ruleId: string): Finding[] {
  return r.findings.filter((f) => f.ruleId === ruleId);
}

/** Rule ids with severities, sorted, for whole-result assertions. */
export function ruleSummary(r: ScanResult): string[] {
  return r.findings.map((f) => `${f.ruleId}:${f.severity}`).sort();
}

export function one(r: ScanResult, ruleId: string): Finding {
  const found = byRule(r, ruleId);
  if (found.length !== 1) throw new Error(`expected one ${ruleId}, got ${found.length}: ${JSON.stringify(r.findings.map((f) => [f.ruleId, f.message]), null, 1)}`);
  return found[0]!;
}
