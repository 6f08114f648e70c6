// Signatures of the compressed streams joblib (and people) wrap pickles in.
import * as zlib from 'node:zlib';
import { isPresetLzmaAlone } from './lzma/alone';

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
 * LZMA "alone" (.lzma, joblib's `lzma` compressor) has no magic: only headers the tools write
 * with a preset are recognised from bytes alone (see lzma/alone.ts; names widen this).
 */
export function isLzmaAlone(head: Uint8Array): boolean {
  return isPresetLzmaAlone(head);
}
