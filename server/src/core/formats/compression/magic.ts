// Signatures of the compressed streams joblib (and people) wrap pickles in.
import * as zlib from 'node:zlib';

export function isGzip(head: Uint8Array): boolean {
  return head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08;
}

const BZ_BLOCK = [0x31, 0x41, 0x59, 0x26, 0x53, 0x59];
const BZ_END = [0x17, 0x72, 0x45, 0x38, 0x50, 0x90];

export function isBzip2(head: Uint8Array): boolean {
  if (head[0] !== 0x42 || head[1] !== 0x5a || head[2] !== 0x68) return false; // BZh
  const level = head[3] ?? 0;
  if (level < 0x31 || level > 0x39) return false;
  const at = (sig: number[]): boolean => sig.every((b, i) => head[4 + i] === b);
  return at(BZ_BLOCK) || at(BZ_END);
}

export function isXz(head: Uint8Array): boolean {
  return [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00].every((b, i) => head[i] === b);
}

/**
 * zlib has a two-byte header with a checksum (1 in 31 random pairs pass), so the first
 * bytes must also inflate: a text file starting with `x^` is not taken for a stream.
 */
export function isZlib(head: Uint8Array): boolean {
  if (head.length < 3) return false;
  const cmf = head[0]!;
  const flg = head[1]!;
  if ((cmf & 0x0f) !== 8 || cmf >> 4 > 7 || (cmf * 256 + flg) % 31 !== 0 || flg & 0x20) return false;
  try {
    const out = zlib.inflateSync(head.subarray(0, 1024), { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: 1 << 20 });
    return out.length > 0;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
  }
}

/**
 * LZMA "alone" (.lzma, joblib's `lzma` compressor): a properties byte (lc/lp/pb, 0x5d by
 * default), a dictionary size that is 2^n or 2^n + 2^(n-1), and an uncompressed size that is
 * either unknown (all ones) or plausible.
 */
export function isLzmaAlone(head: Uint8Array): boolean {
  if (head.length < 13 || head[0]! >= 9 * 5 * 5) return false;
  if (head[0] !== 0x5d) return false;
  const dict = (head[1]! | (head[2]! << 8) | (head[3]! << 16)) + head[4]! * 0x1000000;
  const okDict = Array.from({ length: 20 }, (_, k) => 2 ** (k + 12)).some((p) => dict === p || dict === p + p / 2);
  if (!okDict) return false;
  const unknown = head.subarray(5, 13).every((b) => b === 0xff);
  return unknown || head[11] === 0 && head[12] === 0;
}
