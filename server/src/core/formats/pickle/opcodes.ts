// The 68 opcodes of pickle protocols 0-5: code byte, name, argument encoding and the protocol
// that introduced them. Facts only (they match CPython's pickletools); behaviour lives in machine.ts.

/** How an opcode's argument is encoded in the stream. */
export type ArgKind =
  | 'none'
  | 'uint1' | 'uint2' | 'int4' | 'uint4' | 'uint8'
  | 'float8'             // big-endian IEEE double
  | 'long1' | 'long4'    // length (uint1 / int4) + little-endian two's complement
  | 'string1' | 'string4' // length (uint1 / int4) + 8-bit string (Python 2 str)
  | 'bytes1' | 'bytes4' | 'bytes8' | 'bytearray8'
  | 'unicode1' | 'unicode4' | 'unicode8' // length + UTF-8 (surrogatepass)
  | 'decimalnl'          // INT / GET / PUT: a decimal line
  | 'longnl'             // LONG: a decimal line with an optional trailing L
  | 'floatnl'            // FLOAT: a float repr line
  | 'stringnl'           // STRING: a quoted, escaped line
  | 'unicodenl'          // UNICODE: a raw-unicode-escape line
  | 'linenl'             // PERSID: one raw line
  | 'line2nl';           // GLOBAL / INST: two lines, module and name

export interface OpcodeInfo {
  code: number;
  name: string;
  arg: ArgKind;
  proto: number;
}

const TABLE: readonly OpcodeInfo[] = [
  // protocol 0
  { code: 0x28, name: 'MARK', arg: 'none', proto: 0 },
  { code: 0x2e, name: 'STOP', arg: 'none', proto: 0 },
  { code: 0x30, name: 'POP', arg: 'none', proto: 0 },
  { code: 0x31, name: 'POP_MARK', arg: 'none', proto: 1 },
  { code: 0x32, name: 'DUP', arg: 'none', proto: 0 },
  { code: 0x46, name: 'FLOAT', arg: 'floatnl', proto: 0 },
  { code: 0x49, name: 'INT', arg: 'decimalnl', proto: 0 },
  { code: 0x4c, name: 'LONG', arg: 'longnl', proto: 0 },
  { code: 0x4e, name: 'NONE', arg: 'none', proto: 0 },
  { code: 0x50, name: 'PERSID', arg: 'linenl', proto: 0 },
  { code: 0x52, name: 'REDUCE', arg: 'none', proto: 0 },
  { code: 0x53, name: 'STRING', arg: 'stringnl', proto: 0 },
  { code: 0x56, name: 'UNICODE', arg: 'unicodenl', proto: 0 },
  { code: 0x61, name: 'APPEND', arg: 'none', proto: 0 },
  { code: 0x62, name: 'BUILD', arg: 'none', proto: 0 },
  { code: 0x63, name: 'GLOBAL', arg: 'line2nl', proto: 0 },
  { code: 0x64, name: 'DICT', arg: 'none', proto: 0 },
  { code: 0x67, name: 'GET', arg: 'decimalnl', proto: 0 },
  { code: 0x69, name: 'INST', arg: 'line2nl', proto: 0 },
  { code: 0x6c, name: 'LIST', arg: 'none', proto: 0 },
  { code: 0x70, name: 'PUT', arg: 'decimalnl', proto: 0 },
  { code: 0x73, name: 'SETITEM', arg: 'none', proto: 0 },
  { code: 0x74, name: 'TUPLE', arg: 'none', proto: 0 },
  // protocol 1
  { code: 0x29, name: 'EMPTY_TUPLE', arg: 'none', proto: 1 },
  { code: 0x47, name: 'BINFLOAT', arg: 'float8', proto: 1 },
  { code: 0x4a, name: 'BININT', arg: 'int4', proto: 1 },
  { code: 0x4b, name: 'BININT1', arg: 'uint1', proto: 1 },
  { code: 0x4d, name: 'BININT2', arg: 'uint2', proto: 1 },
  { code: 0x51, name: 'BINPERSID', arg: 'none', proto: 1 },
  { code: 0x54, name: 'BINSTRING', arg: 'string4', proto: 1 },
  { code: 0x55, name: 'SHORT_BINSTRING', arg: 'string1', proto: 1 },
  { code: 0x58, name: 'BINUNICODE', arg: 'unicode4', proto: 1 },
  { code: 0x5d, name: 'EMPTY_LIST', arg: 'none', proto: 1 },
  { code: 0x65, name: 'APPENDS', arg: 'none', proto: 1 },
  { code: 0x68, name: 'BINGET', arg: 'uint1', proto: 1 },
  { code: 0x6a, name: 'LONG_BINGET', arg: 'uint4', proto: 1 },
  { code: 0x6f, name: 'OBJ', arg: 'none', proto: 1 },
  { code: 0x71, name: 'BINPUT', arg: 'uint1', proto: 1 },
  { code: 0x72, name: 'LONG_BINPUT', arg: 'uint4', proto: 1 },
  { code: 0x75, name: 'SETITEMS', arg: 'none', proto: 1 },
  { code: 0x7d, name: 'EMPTY_DICT', arg: 'none', proto: 1 },
  // protocol 2
  { code: 0x80, name: 'PROTO', arg: 'uint1', proto: 2 },
  { code: 0x81, name: 'NEWOBJ', arg: 'none', proto: 2 },
  { code: 0x82, name: 'EXT1', arg: 'uint1', proto: 2 },
  { code: 0x83, name: 'EXT2', arg: 'uint2', proto: 2 },
  { code: 0x84, name: 'EXT4', arg: 'int4', proto: 2 },
  { code: 0x85, name: 'TUPLE1', arg: 'none', proto: 2 },
  { code: 0x86, name: 'TUPLE2', arg: 'none', proto: 2 },
  { code: 0x87, name: 'TUPLE3', arg: 'none', proto: 2 },
  { code: 0x88, name: 'NEWTRUE', arg: 'none', proto: 2 },
  { code: 0x89, name: 'NEWFALSE', arg: 'none', proto: 2 },
  { code: 0x8a, name: 'LONG1', arg: 'long1', proto: 2 },
  { code: 0x8b, name: 'LONG4', arg: 'long4', proto: 2 },
  // protocol 3
  { code: 0x42, name: 'BINBYTES', arg: 'bytes4', proto: 3 },
  { code: 0x43, name: 'SHORT_BINBYTES', arg: 'bytes1', proto: 3 },
  // protocol 4
  { code: 0x8c, name: 'SHORT_BINUNICODE', arg: 'unicode1', proto: 4 },
  { code: 0x8d, name: 'BINUNICODE8', arg: 'unicode8', proto: 4 },
  { code: 0x8e, name: 'BINBYTES8', arg: 'bytes8', proto: 4 },
  { code: 0x8f, name: 'EMPTY_SET', arg: 'none', proto: 4 },
  { code: 0x90, name: 'ADDITEMS', arg: 'none', proto: 4 },
  { code: 0x91, name: 'FROZENSET', arg: 'none', proto: 4 },
  { code: 0x92, name: 'NEWOBJ_EX', arg: 'none', proto: 4 },
  { code: 0x93, name: 'STACK_GLOBAL', arg: 'none', proto: 4 },
  { code: 0x94, name: 'MEMOIZE', arg: 'none', proto: 4 },
  { code: 0x95, name: 'FRAME', arg: 'uint8', proto: 4 },
  // protocol 5
  { code: 0x96, name: 'BYTEARRAY8', arg: 'bytearray8', proto: 5 },
  { code: 0x97, name: 'NEXT_BUFFER', arg: 'none', proto: 5 },
  { code: 0x98, name: 'READONLY_BUFFER', arg: 'none', proto: 5 },
];

export const OPCODES: readonly OpcodeInfo[] = TABLE;

/** Highest protocol CPython 3.11 reads. */
export const HIGHEST_PROTOCOL = 5;

/** Opcode info by code byte; undefined for the 188 bytes that are not opcodes. */
export const OPCODE_BY_CODE: ReadonlyArray<OpcodeInfo | undefined> = (() => {
  const out: Array<OpcodeInfo | undefined> = new Array(256).fill(undefined);
  for (const op of TABLE) out[op.code] = op;
  return out;
})();

/** Protocol that introduced each code byte, -1 for non-opcodes (a Int8Array for the hot loop). */
export const OPCODE_PROTO: Int8Array = (() => {
  const out = new Int8Array(256).fill(-1);
  for (const op of TABLE) out[op.code] = op.proto;
  return out;
})();

export function opcodeName(code: number): string {
  return OPCODE_BY_CODE[code]?.name ?? `<0x${code.toString(16).padStart(2, '0')}>`;
}
