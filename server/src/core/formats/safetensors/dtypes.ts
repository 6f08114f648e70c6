// The safetensors dtype table: bits per element (sub-byte types pack several elements per byte).

const BITS: Record<string, number> = {
  BOOL: 8, U8: 8, I8: 8, F8_E5M2: 8, F8_E4M3: 8, F8_E8M0: 8,
  I16: 16, U16: 16, F16: 16, BF16: 16,
  I32: 32, U32: 32, F32: 32,
  I64: 64, U64: 64, F64: 64, C64: 64,
  F4: 4, F6_E2M3: 6, F6_E3M2: 6,
};

/** Bits per element, or undefined for a dtype outside the specification. */
export function dtypeBits(dtype: string): number | undefined {
  return Object.prototype.hasOwnProperty.call(BITS, dtype) ? BITS[dtype] : undefined;
}

export const KNOWN_DTYPES: readonly string[] = Object.keys(BITS);
