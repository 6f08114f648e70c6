// The integrity check an xz stream stores after every block, over the block's uncompressed data:
// its type is the low 4 bits of the stream flags. Types 0 (none), 1 (CRC32), 4 (CRC64, the xz
// default) and 10 (SHA-256) are defined; the others have a size fixed by their number, so a reader
// can skip them unverified (liblzma does, and so does CPython's lzma).
import * as crypto from 'node:crypto';
import * as zlib from 'node:zlib';

export const CHECK_NONE = 0;
export const CHECK_CRC32 = 1;
export const CHECK_CRC64 = 4;
export const CHECK_SHA256 = 10;

/** Stored size in bytes of each check type 0-15. */
const SIZES = [0, 4, 4, 4, 8, 8, 8, 16, 16, 16, 32, 32, 32, 64, 64, 64];
const NAMES: Record<number, string> = { [CHECK_NONE]: 'no', [CHECK_CRC32]: 'CRC32', [CHECK_CRC64]: 'CRC64', [CHECK_SHA256]: 'SHA-256' };

export function checkSize(id: number): number {
  return SIZES[id & 15]!;
}

export function checkName(id: number): string {
  return NAMES[id] ?? `reserved check type ${id}`;
}

/** A running check; `digest` gives the bytes as stored in the stream. */
export interface Check {
  update(chunk: Uint8Array): void;
  digest(): Uint8Array;
}

/** The check of type `id`, or undefined when nothing is verified (none, reserved types). */
export function newCheck(id: number): Check | undefined {
  if (id === CHECK_CRC32) return new Crc32Check();
  if (id === CHECK_CRC64) return new Crc64();
  if (id === CHECK_SHA256) {
    const h = crypto.createHash('sha256');
    return { update: (c) => h.update(c), digest: () => new Uint8Array(h.digest()) };
  }
  return undefined;
}

class Crc32Check implements Check {
  private crc = 0;
  update(chunk: Uint8Array): void {
    // Node's crc32 returns 0 for an empty view of an empty buffer, whatever the running value.
    if (chunk.length > 0) this.crc = zlib.crc32(chunk, this.crc);
  }
  digest(): Uint8Array {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, this.crc, true);
    return out;
  }
}

/** CRC-64 with the ECMA-182 polynomial, reflected (0xC96C5795D7870F42), in two 32-bit halves. */
const TABLE_LO = new Uint32Array(256);
const TABLE_HI = new Uint32Array(256);
for (let i = 0; i < 256; i++) {
  let lo = i;
  let hi = 0;
  for (let k = 0; k < 8; k++) {
    const odd = lo & 1;
    lo = ((lo >>> 1) | (hi << 31)) >>> 0;
    hi >>>= 1;
    if (odd) {
      lo = (lo ^ 0xd7870f42) >>> 0;
      hi = (hi ^ 0xc96c5795) >>> 0;
    }
  }
  TABLE_LO[i] = lo;
  TABLE_HI[i] = hi;
}

export class Crc64 implements Check {
  private lo = 0xffffffff;
  private hi = 0xffffffff;
  update(chunk: Uint8Array): void {
    let lo = this.lo;
    let hi = this.hi;
    for (let i = 0; i < chunk.length; i++) {
      const t = (lo ^ chunk[i]!) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ TABLE_LO[t]!;
      hi = (hi >>> 8) ^ TABLE_HI[t]!;
    }
    this.lo = lo;
    this.hi = hi;
  }
  digest(): Uint8Array {
    const out = new Uint8Array(8);
    const v = new DataView(out.buffer);
    v.setUint32(0, ~this.lo >>> 0, true);
    v.setUint32(4, ~this.hi >>> 0, true);
    return out;
  }
}
