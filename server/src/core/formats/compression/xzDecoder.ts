// xz streams (`.xz` files, joblib's compress='xz', zip method 95), decoded by our own reader:
// stream header, blocks (LZMA2 with delta and BCJ filters, every check type verified), index,
// footer; then stream padding and further streams, as the xz tool reads them. Nothing declared in
// the stream sizes an allocation, and broken input ends decoding with a status, never an exception,
// after handing on everything decoded before.
import { collectDecoded } from './lzma/collect';
import type { SlicedOutcome } from './bounded';
import { ByteInput } from './lzma/byteInput';
import type { ChunkSink } from './lzma/window';
import { blockSlices, fail, OutputMeter, ranOut, type XzOutcome } from './xz/block';
import { parseStreamFooter, parseStreamHeader, startsWithMagic, STREAM_FOOTER_BYTES, STREAM_HEADER_BYTES } from './xz/headers';
import { readIndex, RecordDigest } from './xz/streamIndex';

/** Blocks (or streams) decoded between two yields when they are small: each costs headers and a check. */
const BLOCKS_PER_SLICE = 256;
const MAGIC_PREFIX = Uint8Array.of(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00);

/**
 * Decodes back-to-back xz streams from `input` (`length` bytes in all) into `sink`, at most
 * `limit` bytes (status 'limit' beyond). Output decoded before an error is handed on; bytes after
 * a complete stream that start no other stream are left alone (reported as trailing), as Python's
 * lzma leaves them. Yields between slices of work so that the caller can let other work run.
 */
export function* xzSlices(input: Iterator<Uint8Array>, length: number, sink: ChunkSink, limit: number): Generator<void, SlicedOutcome> {
  const inp = new ByteInput(input);
  const out = new OutputMeter(sink, limit);
  let streamEnd = 0;
  for (let streams = 0; ; streams++) {
    const afterLast = (): SlicedOutcome => (length > streamEnd ? { status: 'end', trailing: length - streamEnd } : { status: 'end' });
    const head = streams === 0 ? inp.read(STREAM_HEADER_BYTES) : nextStreamHeader(inp);
    if (head === undefined) return afterLast();
    if (streams > 0 && head.length === 0) return { status: 'end' };
    if (head.length < STREAM_HEADER_BYTES) {
      if (isMagicPrefix(head)) return { status: 'truncated', detail: 'the compressed data ends inside an xz stream header' };
      return streams === 0 ? fail('not an xz stream (wrong magic bytes)') : afterLast();
    }
    const r = yield* streamSlices(inp, head, out);
    if (r.status !== 'end') return r;
    streamEnd = inp.position;
    if ((streams + 1) % BLOCKS_PER_SLICE === 0) yield;
  }
}

/**
 * After a stream: zero padding (a multiple of four bytes), then the next header's 12 bytes; an
 * empty array at a clean end, undefined when the bytes that follow start no stream (the caller
 * counts them from the end of the last stream). A short header that begins like one is returned.
 */
function nextStreamHeader(inp: ByteInput): Uint8Array | undefined {
  const padding = inp.skipZeros();
  const head = inp.read(STREAM_HEADER_BYTES);
  if (padding % 4 !== 0) return undefined;
  if (head.length === 0) return head;
  return isMagicPrefix(head) ? head : undefined;
}

function isMagicPrefix(h: Uint8Array): boolean {
  return h.length < MAGIC_PREFIX.length ? h.every((b, i) => b === MAGIC_PREFIX[i]) : startsWithMagic(h);
}

/** One stream after its 12-byte header: blocks until the index, then the footer. */
function* streamSlices(inp: ByteInput, head: Uint8Array, out: OutputMeter): Generator<void, XzOutcome> {
  const check = parseStreamHeader(head);
  if (typeof check !== 'number') return fail(check.problem, check.unsupported);
  const blocks = new RecordDigest();
  for (;;) {
    const b = inp.byte();
    if (b < 0) return ranOut(inp, 'an xz stream (before its index)');
    if (b === 0) break;
    const r = yield* blockSlices(inp, b, check, out);
    if (r.status !== 'end') return r;
    blocks.add(r.unpadded, r.uncompressed);
    if (blocks.count % BLOCKS_PER_SLICE === 0) yield;
  }
  const indexSize = yield* readIndex(inp, blocks);
  if (typeof indexSize !== 'number') return indexSize;
  const foot = inp.read(STREAM_FOOTER_BYTES);
  if (foot.length < STREAM_FOOTER_BYTES) return ranOut(inp, 'the stream footer');
  const backward = parseStreamFooter(foot, check);
  if (typeof backward !== 'number') return fail(backward.problem, backward.unsupported);
  if (backward !== indexSize) return fail(`the stream footer gives an index of ${backward} bytes where it has ${indexSize}`);
  return { status: 'end' };
}

export interface XzBytesResult extends SlicedOutcome {
  data: Uint8Array;
}

/** Whole-buffer convenience (tests, benchmarks): decodes up to `maxOutput` bytes. */
export function decodeXz(bytes: Uint8Array, maxOutput: number): XzBytesResult {
  return collectDecoded((sink) => xzSlices([bytes][Symbol.iterator](), bytes.length, sink, maxOutput));
}
