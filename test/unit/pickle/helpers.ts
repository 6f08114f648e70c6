// Runs the pickle analyzer alone (no format detection) and collects what it reports.
import { createContext, type ScanState } from '../../../server/src/core/context';
import type { Finding } from '../../../server/src/core/findings';
import { BufferByteSource, type ByteSource } from '../../../server/src/core/io/byteSource';
import { resolveLimits, type ScanLimits } from '../../../server/src/core/limits';
import { analyzePickleFile } from '../../../server/src/core/formats/pickle/analyzer';
import type { PolicyOptions } from '../../../server/src/core/policy/types';
import type { ModelSummary } from '../../../server/src/core/summary';
import type { FormatId } from '../../../server/src/core/formats/types';

export interface PickleScan {
  findings: Finding[];
  summary: ModelSummary;
  format: FormatId;
  limitsHit: string[];
}

export async function analyzePickleBytes(bytes: Uint8Array, options: { limits?: Partial<ScanLimits>; policy?: PolicyOptions } = {}): Promise<PickleScan> {
  const limits = resolveLimits(options.limits);
  const state: ScanState = {
    findings: [], summary: {}, limitsHit: new Set(), deadline: Date.now() + limits.maxWallTimeMs, decompressedBytes: 0, format: 'pickle',
  } as ScanState;
  const route = async (src: ByteSource, ctx: Parameters<typeof analyzePickleFile>[1]): Promise<FormatId> => {
    await analyzePickleFile(src, ctx);
    return 'pickle';
  };
  const ctx = createContext(state, limits, options.policy ?? {}, [], 0, route);
  await analyzePickleFile(new BufferByteSource(bytes), ctx);
  return { findings: state.findings, summary: state.summary, format: state.format, limitsHit: [...state.limitsHit] };
}

export function rules(s: PickleScan): string[] {
  return [...new Set(s.findings.map((f) => f.ruleId))].sort();
}

export function importsOf(s: PickleScan): string[] {
  return (s.summary.pickles ?? []).flatMap((p) => p.imports.map((i) => `${i.module}.${i.name}`));
}

export function finding(s: PickleScan, ruleId: string, evidence?: RegExp): Finding | undefined {
  return s.findings.find((f) => f.ruleId === ruleId && (!evidence || evidence.test(f.evidence ?? '')));
}

/** Severity ranks above low: critical, high, medium. */
export function aboveLow(s: PickleScan): Finding[] {
  return s.findings.filter((f) => f.severity === 'critical' || f.severity === 'high' || f.severity === 'medium');
}
