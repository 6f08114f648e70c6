// Little-endian field access on byte arrays that may be shorter than a hostile header claims.
// Reads past the end return 0 (callers check lengths where it matters).

export function u16(b: Uint8Array, at: number): number {
  return at + 2 <= b.length ? b[at]! | (b[at + 1]! << 8) : 0;
}

export function u32(b: Uint8Array, at: number): number {
  return at + 4 <= b.length ? (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 0x1000000 : 0;
}

/** 64-bit value as a number; values beyond 2^53 come back as Infinity (never a real offset). */
export function u64(b: Uint8Array, at: number): number {
  const lo = u32(b, at);
  const hi = u32(b, at + 4);
  const v = hi * 0x100000000 + lo;
  return v > Number.MAX_SAFE_INTEGER ? Infinity : v;
}

/** Zip names: UTF-8 when flagged or valid, otherwise Latin-1 so every byte stays visible. */
export function decodeName(b: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return Buffer.from(b).toString('latin1');
  }
}

export function startsWith(b: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (b.length < at + prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (b[at + i] !== prefix[i]) return false;
  return true;
}
