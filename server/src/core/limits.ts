// Explicit resource limits. Every one is configurable and, when hit, reported as an MSL001
// finding naming the limit; nothing beyond a limit is skipped silently.

export interface ScanLimits {
  /** Pickle opcodes executed symbolically per stream. */
  maxPickleOpcodes: number;
  /** Pickle memo entries. */
  maxPickleMemo: number;
  /** Pickle stack depth (items on the stack plus mark stack). */
  maxPickleStack: number;
  /** Bytes of a single pickle stream read into memory. */
  maxPickleBytes: number;
  /** Recursion through containers and nested pickles. */
  maxNestingDepth: number;
  /** Total bytes decompressed while scanning one file. */
  maxDecompressedBytes: number;
  /** Largest allowed ratio decompressed : compressed for one member. */
  maxCompressionRatio: number;
  /** Entries read from one archive's directory. */
  maxArchiveEntries: number;
  /** Bytes of a format header (safetensors JSON, GGUF metadata, zip central directory...). */
  maxHeaderBytes: number;
  /** Wall-clock budget for one file. */
  maxWallTimeMs: number;
}

export type LimitName = keyof ScanLimits;

export const DEFAULT_LIMITS: Readonly<ScanLimits> = Object.freeze({
  maxPickleOpcodes: 100_000_000,
  maxPickleMemo: 10_000_000,
  maxPickleStack: 10_000_000,
  maxPickleBytes: 2 * 1024 ** 3,
  maxNestingDepth: 8,
  maxDecompressedBytes: 1024 ** 3,
  maxCompressionRatio: 1000,
  maxArchiveEntries: 200_000,
  maxHeaderBytes: 256 * 1024 ** 2,
  maxWallTimeMs: 120_000,
});

export const LIMIT_DESCRIPTIONS: Record<LimitName, string> = {
  maxPickleOpcodes: 'pickle opcodes per stream',
  maxPickleMemo: 'pickle memo entries',
  maxPickleStack: 'pickle stack depth',
  maxPickleBytes: 'bytes of one pickle stream',
  maxNestingDepth: 'nesting depth of containers and nested pickles',
  maxDecompressedBytes: 'decompressed bytes per file',
  maxCompressionRatio: 'compression ratio of one member',
  maxArchiveEntries: 'archive entries',
  maxHeaderBytes: 'bytes of a format header',
  maxWallTimeMs: 'milliseconds of wall time per file',
};

export function resolveLimits(overrides: Partial<ScanLimits> | undefined): ScanLimits {
  const out: ScanLimits = { ...DEFAULT_LIMITS };
  if (!overrides) return out;
  for (const key of Object.keys(DEFAULT_LIMITS) as LimitName[]) {
    const v = overrides[key];
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) out[key] = v;
  }
  return out;
}
