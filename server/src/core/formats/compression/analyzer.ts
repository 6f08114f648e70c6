// Compressed single-stream files (joblib's zlib/gzip/bz2/xz/lzma files, `.pkl.gz`...): the
// payload is decompressed under the file's budgets and routed like any other file.
import type { AnalysisContext } from '../../context';
import { BufferByteSource, type ByteSource } from '../../io/byteSource';
import { ARCHIVE_MALFORMED, COMPRESSION_BOMB, MEMBER_NOT_ANALYSED } from '../../rules/archive';
import { decompressRange, type Codec } from './bounded';

export { isBzip2, isGzip, isLzmaAlone, isXz, isZlib } from './magic';

const LABEL: Record<Codec, string> = { 'deflate-raw': 'deflate', zlib: 'zlib', gzip: 'gzip', bzip2: 'bzip2', xz: 'xz' };

export function compressedAnalyzer(codec: Codec): (src: ByteSource, ctx: AnalysisContext) => Promise<void> {
  return (src, ctx) => analyzeCompressed(codec, src, ctx);
}

async function analyzeCompressed(codec: Codec, src: ByteSource, ctx: AnalysisContext): Promise<void> {
  const whole = { kind: 'bytes' as const, offset: 0, length: src.size };
  const r = await decompressRange(codec, src, 0, src.size, {
    cap: Number.MAX_SAFE_INTEGER,
    maxRatio: ctx.limits.maxCompressionRatio,
    take: (b) => ctx.takeDecompressed(b, whole),
  });
  if (ctx.depth === 0) ctx.summary.facts = { ...ctx.summary.facts, compression: LABEL[codec], decompressedBytes: r.data.length };
  if (r.stop === 'ratio') {
    ctx.report(COMPRESSION_BOMB, {
      message: `The ${LABEL[codec]} stream expanded to ${r.data.length} bytes from ${r.consumed} compressed bytes read, over the ratio limit ${ctx.limits.maxCompressionRatio}; decompression stopped there.`,
      location: whole,
      evidence: `${LABEL[codec]}: ${r.consumed} -> ${r.data.length}+ bytes`,
    });
    ctx.limitHit('maxCompressionRatio', whole, `${LABEL[codec]} stream`);
  } else if (r.stop === 'error') {
    ctx.report(ARCHIVE_MALFORMED, {
      message: `The ${LABEL[codec]} stream is corrupt or truncated after ${r.data.length} decompressed bytes (${r.error ?? 'error'}); the decompressed part was analysed.`,
      location: whole,
      evidence: r.error ?? LABEL[codec],
    });
  }
  if (r.data.length > 0) await ctx.analyzeNested(new BufferByteSource(r.data), '<decompressed>');
}

/** No LZMA-alone decoder is available: say so instead of passing the file silently. */
export function analyzeLzmaAlone(src: ByteSource, ctx: AnalysisContext): void {
  const head = src.read(0, 13);
  const dict = (head[1]! | (head[2]! << 8) | (head[3]! << 16)) + head[4]! * 0x1000000;
  ctx.report(MEMBER_NOT_ANALYSED, {
    message: 'This is an LZMA-alone stream (for example a joblib file saved with compress="lzma"); the scanner recognises it but cannot decompress it, so its payload (usually a pickle) was not analysed.',
    location: { kind: 'bytes', offset: 0, length: 13 },
    evidence: `lzma-alone properties 0x${head[0]!.toString(16)}, dictionary ${dict} bytes`,
  });
}
