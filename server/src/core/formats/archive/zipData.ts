// A member's bytes: stored members are windows of the archive (nothing is read until the
// analyzer asks), deflated members are inflated under the file's budgets.
import * as zlib from 'node:zlib';
import type { AnalysisContext } from '../../context';
import { BufferByteSource, SliceByteSource, type ByteSource } from '../../io/byteSource';
import { ARCHIVE_MALFORMED, COMPRESSION_BOMB, LENIENT_ANOMALY } from '../../rules/archive';
import { decompressRange, type BoundedResult } from '../compression/bounded';
import type { ZipMember } from './zip';
import { METHOD_STORED } from './zipTypes';

/** CRCs are verified for members read whole anyway, up to this size. */
const MAX_CRC_BYTES = 64 * 1024 * 1024;

export function isReadable(m: ZipMember): boolean {
  return m.data !== undefined && !m.entry.isDirectory && (m.entry.flags & 0x41) === 0 && (m.entry.method === 0 || m.entry.method === 8);
}

/** The first `n` bytes of a member's content (for magic tests): bounded I/O either way. */
export async function memberHead(src: ByteSource, m: ZipMember, n: number, ctx: AnalysisContext): Promise<Uint8Array> {
  const d = m.data!;
  if (m.entry.method === METHOD_STORED) return src.read(d.start, Math.min(n, d.length));
  const r = await decompressRange('deflate-raw', src, d.start, d.length, {
    cap: n,
    maxRatio: ctx.limits.maxCompressionRatio,
    take: (b) => ctx.takeDecompressed(b, at(m)),
  });
  return r.data;
}

/** The whole member as a source: a slice when stored, an inflated buffer when deflated. */
export async function memberSource(src: ByteSource, m: ZipMember, ctx: AnalysisContext): Promise<ByteSource> {
  const d = m.data!;
  if (m.entry.method === METHOD_STORED) {
    const slice = new SliceByteSource(src, d.start, d.length);
    if (d.length <= MAX_CRC_BYTES && m.truncatedFrom === undefined) checkCrc(slice.read(0, d.length), m, ctx);
    return slice;
  }
  const r = await decompressRange('deflate-raw', src, d.start, d.length, {
    cap: Number.MAX_SAFE_INTEGER,
    maxRatio: ctx.limits.maxCompressionRatio,
    take: (b) => ctx.takeDecompressed(b, at(m)),
  });
  reportStop(r, m, ctx);
  if (r.stop === 'end' && r.data.length <= MAX_CRC_BYTES) checkCrc(r.data, m, ctx);
  return new BufferByteSource(r.data);
}

function reportStop(r: BoundedResult, m: ZipMember, ctx: AnalysisContext): void {
  if (r.stop === 'ratio') {
    ctx.report(COMPRESSION_BOMB, {
      message: `Member ${m.entry.name} inflated to ${r.data.length} bytes from ${r.consumed} compressed bytes read, over the ratio limit ${ctx.limits.maxCompressionRatio}; decompression stopped there.`,
      location: at(m),
      evidence: `${m.entry.name}: ${r.consumed} -> ${r.data.length}+ bytes`,
    });
    ctx.limitHit('maxCompressionRatio', at(m), `member ${m.entry.name}`);
  } else if (r.stop === 'error') {
    ctx.report(ARCHIVE_MALFORMED, {
      message: `The deflate data of member ${m.entry.name} is corrupt after ${r.data.length} decoded bytes (${r.error ?? 'error'}); the decoded part was analysed.`,
      location: at(m),
      evidence: r.error ?? m.entry.name,
    });
  }
}

function checkCrc(data: Uint8Array, m: ZipMember, ctx: AnalysisContext): void {
  const crc = zlib.crc32(data);
  if (crc === m.entry.crc32) return;
  ctx.report(LENIENT_ANOMALY, {
    message: `Member ${m.entry.name} has CRC-32 ${hex(crc)} but the directory records ${hex(m.entry.crc32)}; PyTorch's reader loads it anyway, so it was analysed.`,
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
