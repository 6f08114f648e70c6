// Shared pieces of the safetensors / GGUF / chat-template fuzzers: byte mutations and the checks
// every result must pass (no analyzer crash, rule ids from the table, well-formed findings).
import { Prng } from '../../oracle/prng';
import { ruleById } from '../../../server/src/core/rules/index';
import { isSeverity, type Finding } from '../../../server/src/core/findings';
import { scanBytes } from '../../../server/src/core/scan';

export { Prng };

export interface FuzzStats {
  cases: number;
  findings: number;
  maxMs: number;
  /** Problems found: empty when every case passed. */
  failures: string[];
}

export function mutate(rng: Prng, input: Uint8Array): Uint8Array {
  const out = Array.from(input);
  const edits = 1 + rng.int(4);
  for (let e = 0; e < edits; e++) {
    const at = rng.int(out.length + 1);
    switch (rng.int(6)) {
      case 0: if (out.length) out[at % out.length] = rng.int(256); break;
      case 1: if (out.length) out[at % out.length]! ^= 1 << rng.int(8); break;
      case 2: out.splice(at, 1 + rng.int(8)); break;
      case 3: out.splice(at, 0, ...Array.from({ length: 1 + rng.int(8) }, () => rng.int(256))); break;
      case 4: out.length = Math.min(out.length, at); break;
      default: // a "big" little-endian integer somewhere: lengths and counts are where parsers break
        for (let i = 0; i < 8 && at + i < out.length; i++) out[at + i] = i < 7 ? rng.pick([0, 0xff, rng.int(256)]) : rng.pick([0, 0x7f, 0xff]);
    }
  }
  return Uint8Array.from(out);
}

export function checkFindings(findings: readonly Finding[], label: string, failures: string[]): void {
  for (const f of findings) {
    if (f.ruleId === 'MSL003') failures.push(`${label}: analyzer crashed: ${f.message} ${f.evidence ?? ''}`);
    if (!ruleById(f.ruleId)) failures.push(`${label}: unknown rule ${f.ruleId}`);
    if (!isSeverity(f.severity) || !f.message || !f.location) failures.push(`${label}: malformed finding ${JSON.stringify(f)}`);
  }
}

/** Scans every generated input as `fileName` and checks the results. */
export async function fuzzScan(fileName: string, cases: number, seed: number, generate: (rng: Prng, i: number) => Uint8Array): Promise<FuzzStats> {
  const stats: FuzzStats = { cases: 0, findings: 0, maxMs: 0, failures: [] };
  for (let i = 0; i < cases; i++) {
    const rng = new Prng(seed * 1_000_003 + i);
    const input = generate(rng, i);
    const t = performance.now();
    let findings: Finding[];
    try {
      findings = (await scanBytes(input, fileName)).findings;
    } catch (e) {
      stats.failures.push(`case ${i} (seed ${seed}): threw ${(e as Error).stack}`);
      continue;
    }
    stats.maxMs = Math.max(stats.maxMs, performance.now() - t);
    stats.cases++;
    stats.findings += findings.length;
    checkFindings(findings, `case ${i} (seed ${seed})`, stats.failures);
  }
  return stats;
}
