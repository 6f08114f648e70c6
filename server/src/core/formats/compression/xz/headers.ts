// The fixed parts of the .xz format (facts from its specification, checked as liblzma checks them):
//   stream header  fd 37 7a 58 5a 00 | flags (00, check type) | CRC32 of the flags
//   block header   size byte ((b + 1) * 4 bytes in all) | flags (filters - 1, reserved bits 2-5,
//                  bit 6 compressed size, bit 7 uncompressed size) | sizes | filter flags
//                  (id, properties size, properties) | zero padding | CRC32 of the header
//   stream footer  CRC32 | backward size ((v + 1) * 4 = index size) | flags | 59 5a
// Numbers are "multibyte integers": 7 bits a byte, least significant first, at most 9 bytes.
import * as zlib from 'node:zlib';

export const STREAM_HEADER_BYTES = 12;
export const STREAM_FOOTER_BYTES = 12;
const MAGIC = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
const FOOTER_MAGIC = [0x59, 0x5a];
/** Filter IDs from 2^62 are reserved (LZMA1's ID lives there: it is not allowed in .xz). */
const RESERVED_FILTER_IDS = 2 ** 62;

/** Why a header was refused; `unsupported` when it uses fields reserved for later format versions. */
export interface HeaderProblem {
  problem: string;
  unsupported?: boolean;
}

export interface FilterFlags {
  id: number;
  props: Uint8Array;
}

export interface BlockHeader {
  /** Header bytes, size byte to CRC. */
  size: number;
  compressedSize?: number;
  uncompressedSize?: number;
  filters: FilterFlags[];
}

const u32 = (b: Uint8Array, at: number): number => new DataView(b.buffer, b.byteOffset + at, 4).getUint32(0, true);

export const startsWithMagic = (h: Uint8Array): boolean => MAGIC.every((m, i) => h[i] === m);

/** Reads one multibyte integer through `next` (-1 at the end): the value, -1 if invalid, -2 if the input ended. */
export function decodeVarint(next: () => number): number {
  let value = 0;
  for (let i = 0; i < 9; i++) {
    const b = next();
    if (b < 0) return -2;
    value += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) return i > 0 && b === 0 ? -1 : value; // a redundant zero byte is refused
  }
  return -1;
}

/** The check type from a 12-byte stream header. */
export function parseStreamHeader(h: Uint8Array): number | HeaderProblem {
  if (!startsWithMagic(h)) return { problem: 'not an xz stream (wrong magic bytes)' };
  if (zlib.crc32(h.subarray(6, 8)) !== u32(h, 8)) return { problem: 'the stream header\'s CRC32 does not match' };
  return streamFlags(h[6]!, h[7]!);
}

function streamFlags(a: number, b: number): number | HeaderProblem {
  if (a !== 0 || (b & 0xf0) !== 0) return { problem: `the stream flags 0x${a.toString(16)} 0x${b.toString(16)} use reserved bits`, unsupported: true };
  return b;
}

/** The index size the footer announces, after checking it against the header's check type. */
export function parseStreamFooter(f: Uint8Array, check: number): number | HeaderProblem {
  if (f[10] !== FOOTER_MAGIC[0] || f[11] !== FOOTER_MAGIC[1]) return { problem: 'the stream footer\'s magic bytes are wrong' };
  if (zlib.crc32(f.subarray(4, 10)) !== u32(f, 0)) return { problem: 'the stream footer\'s CRC32 does not match' };
  const flags = streamFlags(f[8]!, f[9]!);
  if (typeof flags !== 'number') return flags;
  if (flags !== check) return { problem: 'the stream footer\'s flags differ from the header\'s' };
  return (u32(f, 4) + 1) * 4;
}

/** A whole block header (size byte included, `h.length` = (h[0] + 1) * 4). */
export function parseBlockHeader(h: Uint8Array): BlockHeader | HeaderProblem {
  const end = h.length - 4;
  if (zlib.crc32(h.subarray(0, end)) !== u32(h, end)) return { problem: 'a block header\'s CRC32 does not match' };
  const flags = h[1]!;
  if (flags & 0x3c) return { problem: `a block header's flags 0x${flags.toString(16)} use reserved bits`, unsupported: true };
  let at = 2;
  const next = (): number => (at < end ? h[at++]! : -1);
  const header: BlockHeader = { size: h.length, filters: [] };
  if (flags & 0x40) {
    const v = decodeVarint(next);
    if (v <= 0) return { problem: 'a block header\'s compressed size is not valid' };
    header.compressedSize = v;
  }
  if (flags & 0x80) {
    const v = decodeVarint(next);
    if (v < 0) return { problem: 'a block header\'s uncompressed size is not valid' };
    header.uncompressedSize = v;
  }
  for (let i = 0; i <= (flags & 3); i++) {
    const id = decodeVarint(next);
    const propsSize = decodeVarint(next);
    if (id < 0 || propsSize < 0 || id >= RESERVED_FILTER_IDS || at + propsSize > end) return { problem: 'a block header\'s filter flags are not valid' };
    header.filters.push({ id, props: h.slice(at, at + propsSize) });
    at += propsSize;
  }
  while (at < end) if (h[at++] !== 0) return { problem: 'a block header\'s padding is not zero', unsupported: true };
  return header;
}
