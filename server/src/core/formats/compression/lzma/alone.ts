// The LZMA "alone" container (`.lzma`, joblib's `lzma` compressor): a 13-byte header, then the
// range-coded data. Header: properties byte (lc + 9 * (lp + 5 * pb), so below 225), dictionary
// size (u32 LE), uncompressed size (u64 LE, all ones when unknown: the stream then ends with a
// marker). The format has no magic, so recognising it needs care (see the two checks below).
// Like CPython's reader, streams written back to back are decoded one after the other.
import { collectDecoded } from './collect';
import { LzmaDecoder, type LzmaProperties, type StreamStatus } from './decoder';
import { RangeDecoder } from './rangeDecoder';
import { OutWindow, type ChunkSink } from './window';

export const ALONE_HEADER_BYTES = 13;

export interface AloneHeader extends LzmaProperties {
  /** The properties byte as written. */
  props: number;
  /** Declared uncompressed size; undefined when unknown (end marker required). Never trusted for allocation. */
  unpackSize: number | undefined;
}

const u32 = (h: Uint8Array, at: number): number => (h[at]! | (h[at + 1]! << 8) | (h[at + 2]! << 16)) + h[at + 3]! * 0x1000000;

export function parseAloneHeader(h: Uint8Array): AloneHeader | undefined {
  if (h.length < ALONE_HEADER_BYTES || h[0]! >= 9 * 5 * 5) return undefined;
  const props = h[0]!;
  const lc = props % 9;
  const lp = Math.floor(props / 9) % 5;
  const pb = Math.floor(props / 45);
  const lo = u32(h, 5);
  const hi = u32(h, 9);
  const unknown = lo === 0xffffffff && hi === 0xffffffff;
  return { props, lc, lp, pb, dictSize: u32(h, 1), unpackSize: unknown ? undefined : hi * 0x100000000 + lo };
}

/** Dictionary sizes liblzma writes: 2^n or 2^n + 2^(n-1), from 4 KiB. */
function isWrittenDictSize(d: number): boolean {
  for (let p = 4096; p <= 2 ** 31; p *= 2) if (d === p || d === p + p / 2) return true;
  return false;
}

/**
 * Recognition from bytes alone: only what the xz/lzma tools and CPython write with a preset
 * (properties 0x5d), a dictionary size they write, a plausible size, and the range coder's
 * leading zero byte. Arbitrary binary files practically never pass this.
 */
export function isPresetLzmaAlone(head: Uint8Array): boolean {
  const h = parseAloneHeader(head);
  if (!h || h.props !== 0x5d || head.length <= ALONE_HEADER_BYTES || head[ALONE_HEADER_BYTES] !== 0) return false;
  if (!isWrittenDictSize(h.dictSize)) return false;
  return h.unpackSize === undefined || (head[11] === 0 && head[12] === 0);
}

/** Names whose loaders take an LZMA-alone stream: joblib.load (also used on `.pkl` files) and `.lzma` files. */
const LOADER_EXTENSIONS = ['.joblib', '.pkl', '.pickle'];

/**
 * Recognition with the file name's help. joblib decompresses any file that starts with `5d 00`
 * (its own test), whatever dictionary and size follow, so a joblib-style name plus that prefix
 * is enough; a `.lzma` name admits any valid properties byte. Both need the coder's zero byte.
 */
export function isLzmaAloneByName(head: Uint8Array, fileName: string): boolean {
  const name = fileName.toLowerCase();
  const h = parseAloneHeader(head);
  if (!h || head.length <= ALONE_HEADER_BYTES || head[ALONE_HEADER_BYTES] !== 0) return false;
  if (name.endsWith('.lzma')) return true;
  return LOADER_EXTENSIONS.some((e) => name.endsWith(e)) && head[0] === 0x5d && head[1] === 0;
}

export interface AloneResult {
  status: StreamStatus;
  detail?: string;
  /** Streams decoded (complete or not). */
  streams: number;
  /** Bytes after the last stream that do not start another one (ignored by CPython's reader too). */
  trailing: number;
}

/** Output decoded between two yields of `aloneSlices`: a few milliseconds of work. */
export const SLICE_BYTES = 512 * 1024;

/** Decodes everything synchronously (see aloneSlices). */
export function decodeAloneStreams(input: Iterator<Uint8Array>, inputLength: number, sink: ChunkSink, limit: number): AloneResult {
  const slices = aloneSlices(input, inputLength, sink, limit);
  for (;;) {
    const step = slices.next();
    if (step.done) return step.value;
  }
}

/**
 * Decodes back-to-back LZMA-alone streams from `input` (`inputLength` bytes in all), handing
 * output to `sink` in chunks, producing at most `limit` bytes (status 'limit' beyond). Yields
 * after every SLICE_BYTES of output so an async caller can let other work run and check its clock.
 */
export function* aloneSlices(input: Iterator<Uint8Array>, inputLength: number, sink: ChunkSink, limit: number): Generator<void, AloneResult> {
  const rc = new RangeDecoder(input);
  let produced = 0;
  for (let streams = 0; ; streams++) {
    const headerAt = rc.position;
    const head = new Uint8Array(ALONE_HEADER_BYTES);
    for (let i = 0; i < head.length; i++) head[i] = rc.byte();
    const header = parseAloneHeader(head);
    // After a complete stream, bytes that do not start another are left alone, as CPython leaves them.
    if (streams > 0 && (rc.overrun || !header || !rc.hasInput() || !startsCoder(rc))) {
      return { status: 'end', streams, trailing: inputLength - headerAt };
    }
    if (rc.overrun) return { status: 'truncated', detail: 'the data ends inside the 13-byte header', streams, trailing: 0 };
    if (!header) return { status: 'corrupt', detail: `properties byte 0x${head[0]!.toString(16)} is not a valid lc/lp/pb combination`, streams, trailing: 0 };
    const win = new OutWindow(header.dictSize, limit - produced, sink);
    const decoder = new LzmaDecoder(rc, win, header);
    let outcome = decoder.run(header.unpackSize, SLICE_BYTES);
    while (outcome.status === 'paused') {
      yield;
      outcome = decoder.run(header.unpackSize, win.total + SLICE_BYTES);
    }
    // Whatever was decoded is handed on, even from a broken stream.
    const accepted = win.flush();
    produced += win.total;
    const done = { streams: streams + 1, trailing: 0 };
    if (outcome.status !== 'end') return { status: outcome.status, ...(outcome.detail ? { detail: outcome.detail } : {}), ...done };
    if (!accepted) return { status: 'stopped', ...done };
    if (!rc.hasInput()) return { status: 'end', ...done };
  }
}

/** The next byte is the zero every range-coded stream starts with (peeked, not consumed). */
function startsCoder(rc: RangeDecoder): boolean {
  return rc.peek() === 0;
}

export interface AloneBytesResult extends AloneResult {
  data: Uint8Array;
}

/** Whole-buffer convenience (tests, benchmarks): decodes up to `maxOutput` bytes. */
export function decodeAlone(bytes: Uint8Array, maxOutput: number): AloneBytesResult {
  return collectDecoded((sink) => decodeAloneStreams([bytes][Symbol.iterator](), bytes.length, sink, maxOutput));
}
