// GGUF facts: metadata value types, ggml tensor types (block size and bytes per block), and the
// `general.file_type` names. Layouts are from the GGUF specification and ggml's type table.

export const VALUE_TYPES = ['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'f32', 'bool', 'string', 'array', 'u64', 'i64', 'f64'] as const;
export type ValueTypeName = (typeof VALUE_TYPES)[number];
export const T_STRING = 8;
export const T_ARRAY = 9;

/** Byte size of fixed-size value types; undefined for string, array and unknown types. */
export function fixedSize(type: number): number | undefined {
  switch (type) {
    case 0: case 1: case 7: return 1;
    case 2: case 3: return 2;
    case 4: case 5: case 6: return 4;
    case 10: case 11: case 12: return 8;
    default: return undefined;
  }
}

export function valueTypeName(type: number): string {
  return VALUE_TYPES[type] ?? `type ${type}`;
}

export interface GgmlType {
  name: string;
  /** Elements per block. */
  block: number;
  /** Bytes per block. */
  bytes: number;
}

/** Indexed by ggml type id. Ids 4 and 5 were removed from ggml before GGUF existed. */
const GGML: Record<number, GgmlType> = {};
const def = (id: number, name: string, block: number, bytes: number): void => {
  GGML[id] = { name, block, bytes };
};
def(0, 'F32', 1, 4); def(1, 'F16', 1, 2); def(2, 'Q4_0', 32, 18); def(3, 'Q4_1', 32, 20);
def(6, 'Q5_0', 32, 22); def(7, 'Q5_1', 32, 24); def(8, 'Q8_0', 32, 34); def(9, 'Q8_1', 32, 36);
def(10, 'Q2_K', 256, 84); def(11, 'Q3_K', 256, 110); def(12, 'Q4_K', 256, 144); def(13, 'Q5_K', 256, 176);
def(14, 'Q6_K', 256, 210); def(15, 'Q8_K', 256, 292); def(16, 'IQ2_XXS', 256, 66); def(17, 'IQ2_XS', 256, 74);
def(18, 'IQ3_XXS', 256, 98); def(19, 'IQ1_S', 256, 50); def(20, 'IQ4_NL', 32, 18); def(21, 'IQ3_S', 256, 110);
def(22, 'IQ2_S', 256, 82); def(23, 'IQ4_XS', 256, 136); def(24, 'I8', 1, 1); def(25, 'I16', 1, 2);
def(26, 'I32', 1, 4); def(27, 'I64', 1, 8); def(28, 'F64', 1, 8); def(29, 'IQ1_M', 256, 56);
def(30, 'BF16', 1, 2); def(31, 'Q4_0_4_4', 32, 18); def(32, 'Q4_0_4_8', 32, 18); def(33, 'Q4_0_8_8', 32, 18);
def(34, 'TQ1_0', 256, 54); def(35, 'TQ2_0', 256, 66); def(36, 'IQ4_NL_4_4', 32, 18); def(37, 'IQ4_NL_4_8', 32, 18);
def(38, 'IQ4_NL_8_8', 32, 18); def(39, 'MXFP4', 32, 17);

export function ggmlType(id: number): GgmlType | undefined {
  return Object.prototype.hasOwnProperty.call(GGML, id) ? GGML[id] : undefined;
}

const FILE_TYPES: Record<number, string> = {
  0: 'ALL_F32', 1: 'MOSTLY_F16', 2: 'MOSTLY_Q4_0', 3: 'MOSTLY_Q4_1', 7: 'MOSTLY_Q8_0', 8: 'MOSTLY_Q5_0', 9: 'MOSTLY_Q5_1',
  10: 'MOSTLY_Q2_K', 11: 'MOSTLY_Q3_K_S', 12: 'MOSTLY_Q3_K_M', 13: 'MOSTLY_Q3_K_L', 14: 'MOSTLY_Q4_K_S', 15: 'MOSTLY_Q4_K_M',
  16: 'MOSTLY_Q5_K_S', 17: 'MOSTLY_Q5_K_M', 18: 'MOSTLY_Q6_K', 19: 'MOSTLY_IQ2_XXS', 20: 'MOSTLY_IQ2_XS', 21: 'MOSTLY_Q2_K_S',
  22: 'MOSTLY_IQ3_XS', 23: 'MOSTLY_IQ3_XXS', 24: 'MOSTLY_IQ1_S', 25: 'MOSTLY_IQ4_NL', 26: 'MOSTLY_IQ3_S', 27: 'MOSTLY_IQ3_M',
  28: 'MOSTLY_IQ2_S', 29: 'MOSTLY_IQ2_M', 30: 'MOSTLY_IQ4_XS', 31: 'MOSTLY_IQ1_M', 32: 'MOSTLY_BF16', 36: 'MOSTLY_TQ1_0',
  37: 'MOSTLY_TQ2_0', 38: 'MOSTLY_MXFP4_MOE',
};

export function fileTypeName(id: number): string {
  return FILE_TYPES[id] ?? `file type ${id}`;
}

export const DEFAULT_ALIGNMENT = 32;
/** ggml's GGML_MAX_DIMS. */
export const MAX_DIMS = 4;
