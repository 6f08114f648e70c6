// Compressed single-stream files (joblib's zlib/gzip/bz2/xz/lzma files, `.pkl.gz`...): the
// payload is decompressed under the file's budgets and routed like any other file.
import type { AnalysisContext } from '../../context';
import { BufferByteSource, type ByteSource } from '../../io/byteSource';
import { ARCHIVE_MALFORMED, COMPRESSION_BOMB, EXTRA_BYTES, MEMBER_NOT_ANALYSED } from '../../rules/archive';
import { decompressRange, type Codec } from './bounded';
import { ALONE_HEADER_BYTES, parseAloneHeader } from './lzma/alone';

export { isBzip2, isGzip, isLzmaAlone, isXz, isZlib } from './magic';
export { isLzmaAloneByName } from './lzma/alone';

const LABEL: Record<Codec, string> = { 'deflate-raw': 'deflate', zlib: 'zlib', gzip: 'gzip', bzip2: 'bzip2', xz: 'xz', lzma: 'lzma' };

export function compressedAnalyzer(codec: Codec): (src: ByteSource, ctx: AnalysisContext) => Promise<void> {
  return (src, ctx) => analyzeCompressed(codec, src, ctx);
}

async function analyzeCompressed(codec: Codec, src: ByteSource, ctx: AnalysisContext): Promise<void> {
  const whole = { kind: 'bytes' as const, offset: 0, length: src.size };
  const r = await decompressRange(codec, src, 0, src.size, {
    cap: Number.MAX_SAFE_INTEGER,
    maxRatio: ctx.limits.maxCompressionRatio,
    take: (b) => ctx.takeDecompressed(b, whole),
    maxOutput: ctx.limits.maxDecompressedBytes,
    timeUp: () => ctx.timeUp(),
  });
  if (ctx.depth === 0) ctx.summary.facts = { ...ctx.summary.facts, compression: LABEL[codec], decompressedBytes: r.data.length };
  if (r.stop === 'ratio') {
    ctx.report(COMPRESSION_BOMB, {
      message: `The ${LABEL[codec]} stream expanded to ${r.data.length} bytes from ${r.consumed} compressed bytes read, over the ratio limit ${ctx.limits.maxCompressionRatio}; decompression stopped there.`,
      location: whole,
      evidence: `${LABEL[codec]}: ${r.consumed} -> ${r.data.length}+ bytes`,
    });
    ctx.limitHit('maxCompressionRatio', whole, `${LABEL[codec]} stream`);
  } else if (r.stop === 'budget') {
    // Usually already reported by takeDecompressed; the LZMA decoder can also stop itself at the budget.
    ctx.limitHit('maxDecompressedBytes', whole, `${LABEL[codec]} stream`);
  } else if (r.stop === 'time') {
    ctx.limitHit('maxWallTimeMs', whole, `while decompressing the ${LABEL[codec]} stream (${r.data.length} bytes so far)`);
  } else if (r.stop === 'unsupported') {
    ctx.report(MEMBER_NOT_ANALYSED, {
      message: `The ${LABEL[codec]} stream cannot be decoded by the scanner: ${r.error ?? 'unsupported options'}. The ${r.data.length} bytes decompressed before were analysed, the rest was not; other readers may decode it.`,
      location: whole,
      evidence: r.error ?? LABEL[codec],
    });
  } else if (r.stop === 'error') {
    ctx.report(ARCHIVE_MALFORMED, {
      message: `The ${LABEL[codec]} stream is corrupt or truncated after ${r.data.length} decompressed bytes (${r.error ?? 'error'}); the decompressed part was analysed.`,
      location: whole,
      evidence: r.error ?? LABEL[codec],
    });
  }
  if (r.trailing) {
    ctx.report(EXTRA_BYTES, {
      message: `${r.trailing} bytes follow the ${LABEL[codec]} stream without starting another one; decompressors ignore them, so they were not analysed as part of the payload.`,
      location: { kind: 'bytes', offset: src.size - r.trailing, length: r.trailing },
      evidence: `${r.trailing} trailing bytes`,
    });
  }
  if (r.data.length > 0) await ctx.analyzeNested(new BufferByteSource(r.data), '<decompressed>');
}

/**
 * LZMA-alone (joblib's compress="lzma", `.lzma` files): decoded by our own decoder like the other
 * streams. A header no LZMA decoder accepts (reached by the `.lzma` name alone) stays unanalysed.
 */
export async function analyzeLzmaAlone(src: ByteSource, ctx: AnalysisContext): Promise<void> {
  const head = src.read(0, ALONE_HEADER_BYTES);
  if (parseAloneHeader(head)) return analyzeCompressed('lzma', src, ctx);
  const dict = head.length >= 5 ? (head[1]! | (head[2]! << 8) | (head[3]! << 16)) + head[4]! * 0x1000000 : 0;
  ctx.report(MEMBER_NOT_ANALYSED, {
    message: `This file is named like an LZMA-alone stream but its ${head.length < ALONE_HEADER_BYTES ? 'header is cut short' : 'properties byte is not a valid lc/lp/pb combination'}, so no LZMA decoder reads it and its payload was not analysed.`,
    location: { kind: 'bytes', offset: 0, length: Math.min(ALONE_HEADER_BYTES, src.size) },
    evidence: `lzma-alone properties 0x${(head[0] ?? 0).toString(16)}, dictionary ${dict} bytes`,
  });
}
