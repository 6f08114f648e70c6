// A member's bytes: stored members are windows of the archive (nothing is read until the
// analyzer asks); deflated, bzip2, LZMA and xz members are decoded under the file's budgets.
import * as zlib from 'node:zlib';
import type { AnalysisContext } from '../../context';
import { BufferByteSource, SliceByteSource, type ByteSource } from '../../io/byteSource';
import { ARCHIVE_MALFORMED, COMPRESSION_BOMB, LENIENT_ANOMALY, MEMBER_NOT_ANALYSED } from '../../rules/archive';
import { decompressRange, decompressSliced, type BoundedOptions, type BoundedResult, type Codec } from '../compression/bounded';
import { zipLzmaSlices, type ZipLzmaEnd } from '../compression/lzma/zipLzma';
import type { ZipMember } from './zip';
import { DECODED_METHODS, FLAG_LZMA_EOS, METHOD_BZIP2, METHOD_DEFLATE, METHOD_LZMA, METHOD_STORED, METHOD_XZ } from './zipTypes';

/** CRCs are verified for members read whole anyway, up to this size. */
const MAX_CRC_BYTES = 64 * 1024 * 1024;

const LABEL: Record<number, string> = { [METHOD_DEFLATE]: 'deflate', [METHOD_BZIP2]: 'bzip2', [METHOD_LZMA]: 'LZMA', [METHOD_XZ]: 'xz' };
/** Methods decoded by a named codec of decompressRange (LZMA has its own sliced decoder). */
const CODEC: Record<number, Codec> = { [METHOD_DEFLATE]: 'deflate-raw', [METHOD_BZIP2]: 'bzip2', [METHOD_XZ]: 'xz' };

/** Members whose corrupt data was already reported (the head and the whole member decode alike). */
const reportedCorrupt = new WeakSet<ZipMember>();

export function isReadable(m: ZipMember): boolean {
  return m.data !== undefined && !m.entry.isDirectory && (m.entry.flags & 0x41) === 0 && DECODED_METHODS.has(m.entry.method);
}

/** The first `n` bytes of a member's content (for magic tests): bounded I/O either way. */
export async function memberHead(src: ByteSource, m: ZipMember, n: number, ctx: AnalysisContext): Promise<Uint8Array> {
  const d = m.data!;
  if (m.entry.method === METHOD_STORED) return src.read(d.start, Math.min(n, d.length));
  const r = await decode(src, m, n, ctx);
  // A member broken in its first bytes may sniff as nothing and never be read whole: say so now.
  if (r.stop !== 'cap') reportStop(r, m, ctx);
  return r.data;
}

/** The whole member as a source: a slice when stored, a decoded buffer otherwise. */
export async function memberSource(src: ByteSource, m: ZipMember, ctx: AnalysisContext): Promise<ByteSource> {
  const d = m.data!;
  if (m.entry.method === METHOD_STORED) {
    const slice = new SliceByteSource(src, d.start, d.length);
    if (d.length <= MAX_CRC_BYTES && m.truncatedFrom === undefined) checkCrc(slice.read(0, d.length), m, ctx);
    return slice;
  }
  const r = await decode(src, m, Number.MAX_SAFE_INTEGER, ctx);
  reportStop(r, m, ctx);
  if (r.stop === 'end') checkSize(r.data.length, m, ctx);
  if (r.stop === 'end' && r.data.length <= MAX_CRC_BYTES) checkCrc(r.data, m, ctx);
  return new BufferByteSource(r.data);
}

function decode(src: ByteSource, m: ZipMember, cap: number, ctx: AnalysisContext): Promise<BoundedResult> {
  const d = m.data!;
  const opts: BoundedOptions = {
    cap,
    maxRatio: ctx.limits.maxCompressionRatio,
    take: (b) => ctx.takeDecompressed(b, at(m)),
    maxOutput: ctx.limits.maxDecompressedBytes,
    timeUp: () => ctx.timeUp(),
  };
  if (m.entry.method === METHOD_LZMA) {
    const end: ZipLzmaEnd = { declaredSize: m.entry.uncompressedSize, marker: (m.entry.flags & FLAG_LZMA_EOS) !== 0 };
    return decompressSliced((input, _length, sink, limit) => zipLzmaSlices(input, end, sink, limit), src, d.start, d.length, opts);
  }
  return decompressRange(CODEC[m.entry.method] ?? 'deflate-raw', src, d.start, d.length, opts);
}

function reportStop(r: BoundedResult, m: ZipMember, ctx: AnalysisContext): void {
  const label = LABEL[m.entry.method] ?? `method ${m.entry.method}`;
  if (r.stop === 'ratio') {
    ctx.report(COMPRESSION_BOMB, {
      message: `Member ${m.entry.name} inflated to ${r.data.length} bytes from ${r.consumed} compressed bytes read, over the ratio limit ${ctx.limits.maxCompressionRatio}; decompression stopped there.`,
      location: at(m),
      evidence: `${m.entry.name}: ${r.consumed} -> ${r.data.length}+ bytes`,
    });
    ctx.limitHit('maxCompressionRatio', at(m), `member ${m.entry.name}`);
  } else if (r.stop === 'budget') {
    // Usually already reported by takeDecompressed; the LZMA decoder can also stop itself at the budget.
    ctx.limitHit('maxDecompressedBytes', at(m), `member ${m.entry.name}`);
  } else if (r.stop === 'time') {
    ctx.limitHit('maxWallTimeMs', at(m), `while decompressing member ${m.entry.name} (${r.data.length} bytes so far)`);
  } else if (r.stop === 'unsupported' && !reportedCorrupt.has(m)) {
    reportedCorrupt.add(m);
    ctx.report(MEMBER_NOT_ANALYSED, {
      message: `The ${label} data of member ${m.entry.name} cannot be decoded by the scanner: ${r.error ?? 'unsupported options'}. The ${r.data.length} bytes decoded before were analysed, the rest was not; other readers may decode it.`,
      location: at(m),
      evidence: r.error ?? m.entry.name,
    });
  } else if (r.stop === 'error' && !reportedCorrupt.has(m)) {
    reportedCorrupt.add(m);
    ctx.report(ARCHIVE_MALFORMED, {
      message: `The ${label} data of member ${m.entry.name} is corrupt after ${r.data.length} decoded bytes (${r.error ?? 'error'}); the decoded part was analysed.`,
      location: at(m),
      evidence: r.error ?? m.entry.name,
    });
  }
}

/** A member that decodes to another size than the directory declares: Python's zipfile returns at most the declared size. */
function checkSize(size: number, m: ZipMember, ctx: AnalysisContext): void {
  if (size === m.entry.uncompressedSize) return;
  ctx.report(LENIENT_ANOMALY, {
    message: `Member ${m.entry.name} decodes to ${size} bytes but the directory declares ${m.entry.uncompressedSize}; Python's zipfile returns at most the declared size, and all ${size} bytes were analysed.`,
    location: at(m),
    evidence: `${m.entry.name}: declared ${m.entry.uncompressedSize}, decoded ${size} bytes`,
  });
}

/** Who reads a member despite a wrong CRC: PyTorch's reader (stored, deflate); streaming readers of Python's zipfile otherwise. */
const CRC_READERS: Record<number, string> = {
  [METHOD_STORED]: "PyTorch's reader loads it anyway",
  [METHOD_DEFLATE]: "PyTorch's reader loads it anyway",
  [METHOD_BZIP2]: "Python's zipfile checks it only at the member's end, after a streaming reader (pickle.load on the open member) has consumed the content",
  [METHOD_LZMA]: "Python's zipfile checks it only at the member's end, after a streaming reader (pickle.load on the open member) has consumed the content",
  [METHOD_XZ]: 'readers that stream the member check it only at its end, after the content has been consumed',
};

function checkCrc(data: Uint8Array, m: ZipMember, ctx: AnalysisContext): void {
  const crc = zlib.crc32(data);
  if (crc === m.entry.crc32) return;
  ctx.report(LENIENT_ANOMALY, {
    message: `Member ${m.entry.name} has CRC-32 ${hex(crc)} but the directory records ${hex(m.entry.crc32)}; ${CRC_READERS[m.entry.method] ?? CRC_READERS[METHOD_STORED]}, so it was analysed.`,
    location: at(m),
    evidence: `crc32 actual ${hex(crc)}, declared ${hex(m.entry.crc32)}`,
  });
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

export function at(m: ZipMember): { kind: 'bytes'; offset: number; length?: number } {
  return m.data ? { kind: 'bytes', offset: m.entry.localHeaderOffset, length: m.data.start + m.data.length - m.entry.localHeaderOffset } : { kind: 'bytes', offset: m.entry.centralOffset };
}
