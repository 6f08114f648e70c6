// Model-free instructions: any of the 68 opcodes with plausible or deliberately wrong arguments.
import { Prng } from './prng';
import { OPCODES, type OpcodeFact } from './opcodes';
import { concat, le, op, utf8Pass } from './emit';
import { Machine } from './machine';
import { MODULES, NAMES } from './pools';

function counted(r: Prng, fact: OpcodeFact, width: number): Uint8Array {
  const payload = r.chance(0.6) ? utf8Pass(r.pick([...MODULES, ...NAMES])) : r.bytes(r.int(12));
  let declared: number | bigint = payload.length;
  if (r.chance(0.1)) declared = payload.length + r.int(5) - 2;
  if (r.chance(0.03)) declared = width === 8 ? 0xffffffffffffffffn : 2 ** (8 * width) - 1;
  if (typeof declared === 'number' && declared < 0) declared = 0;
  return op(fact.code, le(declared, width), payload);
}

export function chaosInstruction(r: Prng, fact: OpcodeFact = r.pick(OPCODES)): Uint8Array {
  switch (fact.arg) {
    case 'none':
      return op(fact.code);
    case 'uint1':
      return op(fact.code, Uint8Array.of(r.chance(0.5) ? r.int(8) : r.int(256)));
    case 'uint2':
      return op(fact.code, le(r.chance(0.5) ? r.int(8) : r.int(65536), 2));
    case 'uint4':
    case 'int4':
      return op(fact.code, le(r.chance(0.6) ? r.int(8) : r.next(), 4));
    case 'uint8':
      return op(fact.code, le(r.chance(0.7) ? r.int(64) : BigInt(r.next()) * BigInt(r.next()), 8));
    case 'float8':
      return op(fact.code, r.bytes(8));
    case 'line':
      return op(fact.code, chaosLine(r, fact.name));
    case 'line2':
      return concat([op(fact.code), Machine.rawLine(r), Machine.rawLine(r)]);
    case 'len1':
      return counted(r, fact, 1);
    case 'len4':
    case 'slen4':
      return counted(r, fact, 4);
    case 'len8':
      return counted(r, fact, 8);
  }
}

function chaosLine(r: Prng, name: string): Uint8Array {
  const text = r.pick<string>(
    {
      INT: ['0', '1', '00', '01', '-7', '99999999999999999999', 'x', ''],
      LONG: ['0L', '12L', '-3', 'L', '1'.repeat(40)],
      FLOAT: ['1.5', 'nan', '-inf', '1e309', 'x'],
      STRING: ["'os'", '"system"', "'unterminated", 'noquotes', "'\\x41'", "''"],
      UNICODE: ['os', 'system', '\\u0041', '\\', ''],
      GET: ['0', '1', '-1', '7', '4294967296', 'x'],
      PUT: ['0', '1', '-1', '7', '300', 'x'],
      PERSID: ['0', 'storage', '\u00ff'],
    }[name] ?? ['0'],
  );
  return concat([utf8Pass(text), Uint8Array.of(0x0a)]);
}
