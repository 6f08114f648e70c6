// Byte- and instruction-level mutations of seed streams (generated programs and fixture files).
import { Prng } from './prng';
import { concat } from './emit';
import { OPCODES, splitInstructions } from './opcodes';
import { chaosInstruction } from './chaos';

type Mutation = (r: Prng, ins: Uint8Array[], other: Uint8Array) => Uint8Array[];

const flat = (ins: Uint8Array[]): Uint8Array => concat(ins);

const MUTATIONS: readonly Mutation[] = [
  // Flip one bit.
  (r, ins) => {
    const b = new Uint8Array(flat(ins));
    if (b.length) b[r.int(b.length)]! ^= 1 << r.int(8);
    return [b];
  },
  // Overwrite a byte with an opcode.
  (r, ins) => {
    const b = new Uint8Array(flat(ins));
    if (b.length) b[r.int(b.length)] = r.pick(OPCODES).code;
    return [b];
  },
  // Insert an instruction at an instruction boundary.
  (r, ins) => {
    const out = ins.slice();
    out.splice(r.int(out.length + 1), 0, chaosInstruction(r));
    return out;
  },
  // Delete one instruction.
  (r, ins) => {
    const out = ins.slice();
    out.splice(r.int(out.length), 1);
    return out;
  },
  // Duplicate one instruction.
  (r, ins) => {
    const out = ins.slice();
    const i = r.int(out.length);
    if (out[i]) out.splice(i, 0, out[i]!);
    return out;
  },
  // Swap two adjacent instructions.
  (r, ins) => {
    const out = ins.slice();
    const i = r.int(Math.max(1, out.length - 1));
    if (out[i + 1]) [out[i], out[i + 1]] = [out[i + 1]!, out[i]!];
    return out;
  },
  // Delete a byte range.
  (r, ins) => {
    const b = flat(ins);
    const at = r.int(b.length + 1);
    return [b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + r.int(4)))];
  },
  // Insert random bytes.
  (r, ins) => {
    const b = flat(ins);
    const at = r.int(b.length + 1);
    return [b.subarray(0, at), r.bytes(1 + r.int(4)), b.subarray(at)];
  },
  // Truncate.
  (r, ins) => [flat(ins).subarray(0, r.int(Math.max(1, flat(ins).length)))],
  // Nudge a length/argument byte right after an opcode.
  (r, ins) => {
    const out = ins.slice();
    const i = r.int(out.length);
    const one = out[i] ? new Uint8Array(out[i]!) : undefined; // a copy: seeds may be Buffers, whose slice() is a view
    if (one && one.length > 1) {
      one[1] = (one[1]! + (r.chance(0.5) ? 1 : 255)) & 0xff;
      out[i] = one;
    }
    return out;
  },
  // Splice in part of another seed.
  (r, ins, other) => {
    const b = flat(ins);
    const at = r.int(b.length + 1);
    const from = r.int(other.length + 1);
    return [b.subarray(0, at), other.subarray(from, from + 1 + r.int(64)), b.subarray(at)];
  },
];

/** Applies 1-4 random mutations; `other` is a second seed for splicing. */
export function mutate(r: Prng, seed: Uint8Array, other: Uint8Array): Uint8Array {
  let ins = splitInstructions(seed);
  const rounds = 1 + r.int(4);
  for (let i = 0; i < rounds; i++) ins = r.pick(MUTATIONS)(r, ins, other);
  return flat(ins);
}
