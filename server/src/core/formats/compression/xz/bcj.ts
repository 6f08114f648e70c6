// BCJ decoders ("branch/call/jump" filters of the xz format): executables compress better when
// the relative addresses in call and branch instructions are made absolute; decoding turns them
// back into relative ones. Each works on its instruction size and returns how many bytes it has
// finished (the rest waits for more data). `pos` is the offset of buf[0] in the block's output
// plus the filter's start offset, modulo 2^32, as in liblzma.

export interface BcjCoder {
  /** Instruction alignment; the start offset must be a multiple of it. */
  readonly align: number;
  /** Converts buf in place from `pos` on; returns the bytes done. */
  code(buf: Uint8Array, pos: number): number;
}

const ALLOWED = [true, true, true, false, true, false, false, false];
const BIT_NUMBER = [0, 1, 2, 2, 3, 3, 3, 3];
const msByte = (b: number): boolean => b === 0 || b === 0xff;

/** x86 (filter 0x04): E8 (call) and E9 (jmp) with a 32-bit displacement, minding recent E8/E9 bytes. */
export class X86Bcj implements BcjCoder {
  readonly align = 1;
  private prevMask = 0;
  private prevPos = -5 >>> 0;

  code(buf: Uint8Array, pos: number): number {
    if (buf.length < 5) return 0;
    let prevMask = this.prevMask;
    let prevPos = this.prevPos;
    if ((pos - prevPos) >>> 0 > 5) prevPos = (pos - 5) >>> 0;
    const last = buf.length - 5;
    let i = 0;
    while (i <= last) {
      const op = buf[i]!;
      if (op !== 0xe8 && op !== 0xe9) {
        i++;
        continue;
      }
      const offset = (pos + i - prevPos) >>> 0;
      prevPos = (pos + i) >>> 0;
      if (offset > 5) prevMask = 0;
      else for (let k = 0; k < offset; k++) prevMask = (prevMask & 0x77) << 1;
      const top = buf[i + 4]!;
      if (msByte(top) && ALLOWED[(prevMask >>> 1) & 7] && prevMask >>> 1 < 0x10) {
        let src = ((top << 24) | (buf[i + 3]! << 16) | (buf[i + 2]! << 8) | buf[i + 1]!) >>> 0;
        let dest: number;
        for (;;) {
          dest = (src - (pos + i + 5)) >>> 0;
          if (prevMask === 0) break;
          const shift = BIT_NUMBER[prevMask >>> 1]! * 8;
          if (!msByte((dest >>> (24 - shift)) & 0xff)) break;
          src = (dest ^ ((1 << (32 - shift)) - 1)) >>> 0;
        }
        buf[i + 4] = (dest >>> 24) & 1 ? 0xff : 0;
        buf[i + 3] = dest >>> 16;
        buf[i + 2] = dest >>> 8;
        buf[i + 1] = dest;
        i += 5;
        prevMask = 0;
      } else {
        i++;
        prevMask |= 1;
        if (msByte(top)) prevMask |= 0x10;
      }
    }
    this.prevMask = prevMask;
    this.prevPos = prevPos;
    return i;
  }
}

/** A stateless filter over aligned instructions. */
function risc(align: number, step: number, width: number, convert: (buf: Uint8Array, i: number, pc: number) => number): BcjCoder {
  return {
    align,
    code(buf, pos) {
      let i = 0;
      for (; i + width <= buf.length; i += step) i += convert(buf, i, (pos + i) >>> 0);
      return i;
    },
  };
}

/** PowerPC (0x05): big-endian `bl` (opcode 18 with AA = 0, LK = 1). */
export const powerPcBcj = (): BcjCoder =>
  risc(4, 4, 4, (b, i, pc) => {
    if (b[i]! >>> 2 !== 0x12 || (b[i + 3]! & 3) !== 1) return 0;
    const src = (((b[i]! & 3) << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | (b[i + 3]! & 0xfc)) >>> 0;
    const dest = (src - pc) >>> 0;
    b[i] = 0x48 | ((dest >>> 24) & 3);
    b[i + 1] = dest >>> 16;
    b[i + 2] = dest >>> 8;
    b[i + 3] = (b[i + 3]! & 3) | (dest & 0xff);
    return 0;
  });

/** ARM (0x07): little-endian `bl` (condition "always", byte 3 = 0xEB), word offset from pc + 8. */
export const armBcj = (): BcjCoder =>
  risc(4, 4, 4, (b, i, pc) => {
    if (b[i + 3] !== 0xeb) return 0;
    const src = ((b[i + 2]! << 16) | (b[i + 1]! << 8) | b[i]!) * 4;
    const dest = ((src - (pc + 8)) >>> 0) >>> 2;
    b[i + 2] = dest >>> 16;
    b[i + 1] = dest >>> 8;
    b[i] = dest;
    return 0;
  });

/** ARM-Thumb (0x08): the two halfwords of a Thumb `bl`, halfword offset from pc + 4. */
export const armThumbBcj = (): BcjCoder =>
  risc(2, 2, 4, (b, i, pc) => {
    if ((b[i + 1]! & 0xf8) !== 0xf0 || (b[i + 3]! & 0xf8) !== 0xf8) return 0;
    const src = (((b[i + 1]! & 7) << 19) | (b[i]! << 11) | ((b[i + 3]! & 7) << 8) | b[i + 2]!) * 2;
    const dest = ((src - (pc + 4)) >>> 0) >>> 1;
    b[i + 1] = 0xf0 | ((dest >>> 19) & 7);
    b[i] = dest >>> 11;
    b[i + 3] = 0xf8 | ((dest >>> 8) & 7);
    b[i + 2] = dest;
    return 2; // the second halfword was part of this instruction
  });

/** SPARC (0x09): `call` (0x40 or 0x7F with the sign in the next bits), big-endian word offset. */
export const sparcBcj = (): BcjCoder =>
  risc(4, 4, 4, (b, i, pc) => {
    if (!((b[i] === 0x40 && (b[i + 1]! & 0xc0) === 0) || (b[i] === 0x7f && (b[i + 1]! & 0xc0) === 0xc0))) return 0;
    const src = (((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) << 2) >>> 0;
    let dest = ((src - pc) >>> 0) >>> 2;
    dest = ((((0 - ((dest >>> 22) & 1)) << 22) & 0x3fffffff) | (dest & 0x3fffff) | 0x40000000) >>> 0;
    b[i] = dest >>> 24;
    b[i + 1] = dest >>> 16;
    b[i + 2] = dest >>> 8;
    b[i + 3] = dest;
    return 0;
  });

/** ARM64 (0x0A): `bl` (26-bit word offset) and `adrp` within +/-512 MiB (page offset), little-endian. */
export const arm64Bcj = (): BcjCoder =>
  risc(4, 4, 4, (b, i, pc) => {
    const view = new DataView(b.buffer, b.byteOffset + i, 4);
    const instr = view.getUint32(0, true);
    if (instr >>> 26 === 0x25) {
      view.setUint32(0, (0x94000000 | ((instr - (pc >>> 2)) & 0x03ffffff)) >>> 0, true);
    } else if ((instr & 0x9f000000) >>> 0 === 0x90000000) {
      const src = ((instr >>> 29) & 3) | ((instr >>> 3) & 0x001ffffc);
      if ((src + 0x00020000) & 0x001c0000) return 0;
      const dest = (src - (pc >>> 12)) >>> 0;
      const out = (instr & 0x9000001f) | ((dest & 3) << 29) | ((dest & 0x0003fffc) << 3) | ((0 - (dest & 0x00020000)) & 0x00e00000);
      view.setUint32(0, out >>> 0, true);
    }
    return 0;
  });

/** Which of the three 41-bit slots of an IA-64 bundle hold branches, by the bundle's 5-bit template. */
const IA64_BRANCH_SLOTS = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 4, 6, 6, 0, 0, 7, 7, 4, 4, 0, 0, 4, 4, 0, 0];

/** IA-64 (0x06): 16-byte bundles; branch slots with a 21-bit bundle offset. 48-bit fields in BigInt. */
export const ia64Bcj = (): BcjCoder =>
  risc(16, 16, 16, (b, i, pc) => {
    const mask = IA64_BRANCH_SLOTS[b[i]! & 0x1f]!;
    for (let slot = 0, bitPos = 5; slot < 3; slot++, bitPos += 41) {
      if (((mask >>> slot) & 1) === 0) continue;
      const at = i + (bitPos >>> 3);
      const shift = BigInt(bitPos & 7);
      let instr = 0n;
      for (let j = 0; j < 6; j++) instr |= BigInt(b[at + j]!) << BigInt(8 * j);
      let norm = instr >> shift;
      if (((norm >> 37n) & 0xfn) !== 5n || ((norm >> 9n) & 7n) !== 0n) continue;
      const src = (Number((norm >> 13n) & 0xfffffn) | (Number((norm >> 36n) & 1n) << 20)) * 16;
      const dest = ((src - pc) >>> 0) >>> 4;
      norm &= ~(0x8fffffn << 13n);
      norm |= BigInt(dest & 0xfffff) << 13n;
      norm |= BigInt(dest & 0x100000) << 16n;
      instr = (instr & ((1n << shift) - 1n)) | (norm << shift);
      for (let j = 0; j < 6; j++) b[at + j] = Number((instr >> BigInt(8 * j)) & 0xffn);
    }
    return 0;
  });
