// .npy files: object arrays are pickles (analysed in place), numeric arrays must hold exactly
// shape × itemsize bytes; anything after the payload is checked for a hidden stream.
import type { AnalysisContext } from '../../context';
import { SliceByteSource, type ByteSource } from '../../io/byteSource';
import { ARCHIVE_MALFORMED, EXTRA_BYTES } from '../../rules/archive';
import { sniff } from '../archive/zipMembers';
import { analyzePickleStreamAsync } from '../pickle/analyzer';
import { pyRepr } from './literal';
import { hasNpyMagic, parseNpyHeader, type NpyHeader } from './npy';

export { hasNpyMagic };

/** Magic, version and header length fit in this many bytes. */
const PREAMBLE = 12;

export async function analyzeNpyFile(src: ByteSource, ctx: AnalysisContext): Promise<void> {
  const header = readHeader(src, ctx);
  if (!header) return;
  if (ctx.depth === 0) {
    ctx.summary.facts = { ...ctx.summary.facts, npyDescr: pyRepr(header.descr), npyShape: pyRepr({ tuple: header.shape }), npyObjectArray: header.hasObjects };
  }
  if (header.hasObjects) {
    // np.load(allow_pickle=True) unpickles the payload right after the header.
    await analyzePickleStreamAsync(src, ctx, { offset: header.dataOffset });
    return;
  }
  if (header.itemSize === undefined) return;
  const expected = header.shape.reduce((a, b) => a * b, 1) * header.itemSize;
  const available = src.size - header.dataOffset;
  if (available < expected) {
    ctx.report(ARCHIVE_MALFORMED, {
      message: `NumPy array payload is truncated: shape (${header.shape.join(', ')}) of ${header.itemSize}-byte items needs ${expected} bytes, ${available} are present.`,
      location: { kind: 'bytes', offset: header.dataOffset, length: Math.max(0, available) },
      evidence: `expected ${expected} bytes, found ${available}`,
    });
  } else if (available > expected) {
    await analyseTrailing(src, header.dataOffset + expected, ctx);
  }
}

function readHeader(src: ByteSource, ctx: AnalysisContext): NpyHeader | undefined {
  const pre = src.read(0, PREAMBLE);
  const wide = (pre[6] ?? 0) >= 2;
  const declared = wide ? (pre[8]! | (pre[9]! << 8) | (pre[10]! << 16)) + (pre[11] ?? 0) * 0x1000000 : (pre[8] ?? 0) | ((pre[9] ?? 0) << 8);
  if (declared > ctx.limits.maxHeaderBytes) {
    ctx.limitHit('maxHeaderBytes', { kind: 'bytes', offset: 8 }, `NumPy header of ${declared} bytes`);
    return undefined;
  }
  const parsed = parseNpyHeader(src.read(0, PREAMBLE + declared));
  if (!parsed.ok) {
    ctx.report(ARCHIVE_MALFORMED, {
      message: `NumPy header is malformed: ${parsed.error}. np.load rejects the file; nothing after the header was analysed.`,
      location: { kind: 'bytes', offset: parsed.offset },
      evidence: parsed.error,
    });
    return undefined;
  }
  return parsed.header;
}

/** np.load reads exactly the payload; bytes after it are invisible to it but not to other readers. */
async function analyseTrailing(src: ByteSource, from: number, ctx: AnalysisContext): Promise<void> {
  const tail = new SliceByteSource(src, from, src.size - from);
  const found = sniff(tail.read(0, 4096), '');
  ctx.report(EXTRA_BYTES, {
    message: found
      ? `${tail.size} bytes follow the NumPy payload and they are a ${found} stream; it was analysed.`
      : `${tail.size} bytes follow the NumPy payload; np.load ignores them.`,
    location: { kind: 'bytes', offset: from, length: tail.size },
    evidence: `trailing bytes at ${from}..${src.size}`,
    ...(found ? { severity: 'high' as const } : {}),
  });
  if (found) await ctx.analyzeNested(tail, '<trailing data>', found);
}
