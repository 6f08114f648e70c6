// Facts about the 68 pickle opcodes of protocols 0-5 (code byte, argument encoding), used by
// the oracle's generator, mutator and shrinker. Independent of the analyzer under test.

export type ArgKind =
  | 'none'
  | 'uint1' | 'uint2' | 'uint4' | 'int4' | 'uint8' | 'float8'
  | 'line' // one newline-terminated line (INT, LONG, FLOAT, STRING, UNICODE, GET, PUT, PERSID)
  | 'line2' // two lines (GLOBAL, INST)
  | 'len1' | 'len4' | 'len8' // counted payload with a 1/4/8-byte little-endian length
  | 'slen4'; // BINSTRING: signed 4-byte length

export interface OpcodeFact {
  name: string;
  code: number;
  arg: ArgKind;
  proto: number;
}

const TABLE: Array<[string, string, ArgKind, number]> = [
  ['INT', 'I', 'line', 0], ['BININT', 'J', 'int4', 1], ['BININT1', 'K', 'uint1', 1],
  ['BININT2', 'M', 'uint2', 1], ['LONG', 'L', 'line', 0], ['LONG1', '\x8a', 'len1', 2],
  ['LONG4', '\x8b', 'slen4', 2], ['STRING', 'S', 'line', 0], ['BINSTRING', 'T', 'slen4', 1],
  ['SHORT_BINSTRING', 'U', 'len1', 1], ['BINBYTES', 'B', 'len4', 3], ['SHORT_BINBYTES', 'C', 'len1', 3],
  ['BINBYTES8', '\x8e', 'len8', 4], ['BYTEARRAY8', '\x96', 'len8', 5], ['NEXT_BUFFER', '\x97', 'none', 5],
  ['READONLY_BUFFER', '\x98', 'none', 5], ['NONE', 'N', 'none', 0], ['NEWTRUE', '\x88', 'none', 2],
  ['NEWFALSE', '\x89', 'none', 2], ['UNICODE', 'V', 'line', 0], ['SHORT_BINUNICODE', '\x8c', 'len1', 4],
  ['BINUNICODE', 'X', 'len4', 1], ['BINUNICODE8', '\x8d', 'len8', 4], ['FLOAT', 'F', 'line', 0],
  ['BINFLOAT', 'G', 'float8', 1], ['EMPTY_LIST', ']', 'none', 1], ['APPEND', 'a', 'none', 0],
  ['APPENDS', 'e', 'none', 1], ['LIST', 'l', 'none', 0], ['EMPTY_TUPLE', ')', 'none', 1],
  ['TUPLE', 't', 'none', 0], ['TUPLE1', '\x85', 'none', 2], ['TUPLE2', '\x86', 'none', 2],
  ['TUPLE3', '\x87', 'none', 2], ['EMPTY_DICT', '}', 'none', 1], ['DICT', 'd', 'none', 0],
  ['SETITEM', 's', 'none', 0], ['SETITEMS', 'u', 'none', 1], ['EMPTY_SET', '\x8f', 'none', 4],
  ['ADDITEMS', '\x90', 'none', 4], ['FROZENSET', '\x91', 'none', 4], ['POP', '0', 'none', 0],
  ['DUP', '2', 'none', 0], ['MARK', '(', 'none', 0], ['POP_MARK', '1', 'none', 1],
  ['GET', 'g', 'line', 0], ['BINGET', 'h', 'uint1', 1], ['LONG_BINGET', 'j', 'uint4', 1],
  ['PUT', 'p', 'line', 0], ['BINPUT', 'q', 'uint1', 1], ['LONG_BINPUT', 'r', 'uint4', 1],
  ['MEMOIZE', '\x94', 'none', 4], ['EXT1', '\x82', 'uint1', 2], ['EXT2', '\x83', 'uint2', 2],
  ['EXT4', '\x84', 'int4', 2], ['GLOBAL', 'c', 'line2', 0], ['STACK_GLOBAL', '\x93', 'none', 4],
  ['REDUCE', 'R', 'none', 0], ['BUILD', 'b', 'none', 0], ['INST', 'i', 'line2', 0],
  ['OBJ', 'o', 'none', 1], ['NEWOBJ', '\x81', 'none', 2], ['NEWOBJ_EX', '\x92', 'none', 4],
  ['PROTO', '\x80', 'uint1', 2], ['STOP', '.', 'none', 0], ['FRAME', '\x95', 'uint8', 4],
  ['PERSID', 'P', 'line', 0], ['BINPERSID', 'Q', 'none', 1],
];

export const OPCODES: readonly OpcodeFact[] = TABLE.map(([name, code, arg, proto]) => ({
  name,
  code: code.charCodeAt(0),
  arg,
  proto,
}));

export const OP: Readonly<Record<string, number>> = Object.fromEntries(OPCODES.map((o) => [o.name, o.code]));

const BY_CODE = new Map<number, OpcodeFact>(OPCODES.map((o) => [o.code, o]));

export function opcodeByCode(code: number): OpcodeFact | undefined {
  return BY_CODE.get(code);
}

const FIXED: Partial<Record<ArgKind, number>> = {
  none: 0, uint1: 1, uint2: 2, uint4: 4, int4: 4, uint8: 8, float8: 8,
};

/**
 * Length in bytes of the instruction starting at `pos` (opcode byte included), or undefined
 * when it is not an opcode or runs past the end. Used to split streams into instructions for
 * mutation and shrinking; counted lengths are read as CPython reads them (little-endian).
 */
export function instructionLength(bytes: Uint8Array, pos: number): number | undefined {
  const fact = opcodeByCode(bytes[pos]!);
  if (!fact) return undefined;
  const fixed = FIXED[fact.arg];
  let len: number | undefined;
  if (fixed !== undefined) len = 1 + fixed;
  else if (fact.arg === 'line' || fact.arg === 'line2') {
    let p = pos + 1;
    for (let lines = fact.arg === 'line' ? 1 : 2; lines > 0; lines--) {
      const nl = bytes.indexOf(0x0a, p);
      if (nl < 0) return undefined;
      p = nl + 1;
    }
    len = p - pos;
  } else {
    const width = fact.arg === 'len1' ? 1 : fact.arg === 'len8' ? 8 : 4;
    if (pos + 1 + width > bytes.length) return undefined;
    let n = 0;
    for (let i = width - 1; i >= 0; i--) n = n * 256 + bytes[pos + 1 + i]!;
    if (fact.arg === 'slen4' && n >= 2 ** 31) return undefined;
    len = 1 + width + n;
  }
  return pos + len <= bytes.length ? len : undefined;
}

/** Splits a stream into instructions; an undecodable tail becomes one final chunk. */
export function splitInstructions(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const len = instructionLength(bytes, pos);
    if (len === undefined) {
      out.push(bytes.subarray(pos));
      break;
    }
    out.push(bytes.subarray(pos, pos + len));
    pos += len;
  }
  return out;
}
