// Shared fuzz machinery for the protobuf-based parsers: a seeded PRNG, byte mutations, and a
// runner that calls an analyzer through a real AnalysisContext and checks the contract (never
// throws, finishes within a hang bound, every finding's rule id exists).
import { BufferByteSource, type ByteSource } from '../../../server/src/core/io/byteSource';
import { createContext, type AnalysisContext, type ScanState } from '../../../server/src/core/context';
import { resolveLimits } from '../../../server/src/core/limits';
import { ruleById } from '../../../server/src/core/rules/index';
import { isSeverity } from '../../../server/src/core/findings';

export class Prng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  next(): number {
    // xorshift32
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s / 0x100000000;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  bytes(n: number): Uint8Array {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = this.int(256);
    return b;
  }
}

/** One random structural mutation: flips, truncation, insertion, deletion, splice, varint havoc. */
export function mutate(input: Uint8Array, rng: Prng): Uint8Array {
  const b = Uint8Array.from(input);
  if (b.length === 0) return rng.bytes(rng.int(64));
  switch (rng.int(7)) {
    case 0: {
      for (let i = 0, n = 1 + rng.int(8); i < n; i++) b[rng.int(b.length)] ^= 1 << rng.int(8);
      return b;
    }
    case 1: return b.subarray(0, rng.int(b.length));
    case 2: {
      const at = rng.int(b.length);
      const ins = rng.bytes(1 + rng.int(16));
      return Uint8Array.from([...b.subarray(0, at), ...ins, ...b.subarray(at)]);
    }
    case 3: {
      const at = rng.int(b.length);
      return Uint8Array.from([...b.subarray(0, at), ...b.subarray(Math.min(b.length, at + 1 + rng.int(32)))]);
    }
    case 4: {
      // Copy a chunk over another place: duplicates fields, breaks lengths.
      const from = rng.int(b.length);
      const len = Math.min(1 + rng.int(64), b.length - from);
      const to = rng.int(b.length);
      b.set(b.subarray(from, from + len).slice(0, b.length - to), to);
      return b;
    }
    case 5: {
      // Varint havoc: replace a byte with a continuation-heavy value.
      const at = rng.int(b.length);
      b[at] = rng.pick([0xff, 0x80, 0x7f, 0x00, 0x0a, 0x12, 0x08, 0x3a]);
      return b;
    }
    default: {
      const at = rng.int(b.length);
      b.fill(rng.int(256), at, Math.min(b.length, at + rng.int(16)));
      return b;
    }
  }
}

export interface FuzzReport {
  cases: number;
  failures: string[];
  maxMs: number;
  findings: number;
}

/** Wall-clock bound per input that counts as a hang (generous: this is a hang detector). */
export const HANG_MS = 5000;

type Analyze = (src: ByteSource, ctx: AnalysisContext) => void | Promise<void>;

export async function runCase(analyze: Analyze, bytes: Uint8Array, label: string, report: FuzzReport): Promise<void> {
  const limits = resolveLimits({ maxWallTimeMs: 2000 });
  const state: ScanState = { findings: [], summary: {}, limitsHit: new Set(), deadline: Date.now() + limits.maxWallTimeMs, decompressedBytes: 0, format: 'unknown' };
  const ctx = createContext(state, limits, {}, [], 0, async () => 'unknown');
  const t = performance.now();
  try {
    await analyze(new BufferByteSource(bytes), ctx);
  } catch (e) {
    report.failures.push(`${label}: threw ${(e as Error).stack ?? e}`);
    return;
  }
  const ms = performance.now() - t;
  report.maxMs = Math.max(report.maxMs, ms);
  if (ms > HANG_MS) report.failures.push(`${label}: took ${ms.toFixed(0)} ms`);
  for (const f of state.findings) {
    report.findings++;
    if (!ruleById(f.ruleId)) report.failures.push(`${label}: unknown rule ${f.ruleId}`);
    if (!isSeverity(f.severity) || !f.message || !f.location) report.failures.push(`${label}: malformed finding ${JSON.stringify(f)}`);
  }
}

export function newReport(): FuzzReport {
  return { cases: 0, failures: [], maxMs: 0, findings: 0 };
}
