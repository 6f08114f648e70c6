// Zip members compressed with method 14 (LZMA, APPNOTE 5.8.8): a 4-byte header (the LZMA SDK's
// major and minor version, then the properties size as u16 LE, 5), the 5 properties bytes
// (lc/lp/pb byte, dictionary size u32 LE), then one raw LZMA stream. General-purpose flag bit 1
// says the stream ends with an end-of-stream marker; without it the directory's uncompressed
// size is the only end. Python's zipfile (numpy.load, Keras) reads such members.
import { collectDecoded } from './collect';
import { SLICE_BYTES } from './alone';
import { LzmaDecoder, type LzmaProperties, type StreamStatus } from './decoder';
import { RangeDecoder } from './rangeDecoder';
import { OutWindow, type ChunkSink } from './window';

/** Version bytes and properties size. */
export const ZIP_LZMA_PREFIX_BYTES = 4;
/** The properties liblzma (and so Python's zipfile) accepts: exactly five bytes. */
export const ZIP_LZMA_PROPS_BYTES = 5;

export interface ZipLzmaHeader extends LzmaProperties {
  /** The writer's LZMA SDK version, "major.minor" (informational: readers ignore it). */
  sdkVersion: string;
}

export type ZipLzmaHeaderResult = { ok: true; header: ZipLzmaHeader } | { ok: false; status: 'truncated' | 'corrupt'; detail: string };

/** What the member's directory record says about the stream's end. */
export interface ZipLzmaEnd {
  /** The central directory's uncompressed size. */
  declaredSize: number;
  /** Flag bit 1: an end-of-stream marker ends the stream (the declared size is then only checked). */
  marker: boolean;
}

export interface ZipLzmaResult {
  status: StreamStatus;
  detail?: string;
}

export function parseZipLzmaHeader(h: Uint8Array): ZipLzmaHeaderResult {
  const need = ZIP_LZMA_PREFIX_BYTES + ZIP_LZMA_PROPS_BYTES;
  if (h.length < ZIP_LZMA_PREFIX_BYTES) return { ok: false, status: 'truncated', detail: 'the member ends inside the 4-byte LZMA header' };
  const propsSize = h[2]! | (h[3]! << 8);
  if (propsSize !== ZIP_LZMA_PROPS_BYTES) {
    return { ok: false, status: 'corrupt', detail: `the LZMA header gives ${propsSize} properties bytes where LZMA1 has ${ZIP_LZMA_PROPS_BYTES}` };
  }
  if (h.length < need) return { ok: false, status: 'truncated', detail: 'the member ends inside the LZMA properties' };
  const props = h[4]!;
  if (props >= 9 * 5 * 5) return { ok: false, status: 'corrupt', detail: `properties byte 0x${props.toString(16)} is not a valid lc/lp/pb combination` };
  const dictSize = (h[5]! | (h[6]! << 8) | (h[7]! << 16)) + h[8]! * 0x1000000;
  return {
    ok: true,
    header: { sdkVersion: `${h[0]}.${h[1]}`, lc: props % 9, lp: Math.floor(props / 9) % 5, pb: Math.floor(props / 45), dictSize },
  };
}

/**
 * Decodes one zip LZMA member from `input`, handing output to `sink`, producing at most `limit`
 * bytes (status 'limit' beyond). With the marker flag the stream runs to its marker, so content
 * past an understated size is decoded too (as deflate members are); without it, to the declared
 * size. Yields after every SLICE_BYTES of output, like aloneSlices.
 */
export function* zipLzmaSlices(input: Iterator<Uint8Array>, end: ZipLzmaEnd, sink: ChunkSink, limit: number): Generator<void, ZipLzmaResult> {
  const rc = new RangeDecoder(input);
  const head = new Uint8Array(ZIP_LZMA_PREFIX_BYTES + ZIP_LZMA_PROPS_BYTES);
  let got = 0;
  for (; got < head.length; got++) {
    const b = rc.byte();
    if (rc.overrun) break;
    head[got] = b;
  }
  const parsed = parseZipLzmaHeader(head.subarray(0, got));
  if (!parsed.ok) return { status: parsed.status, detail: parsed.detail };
  const win = new OutWindow(parsed.header.dictSize, limit, sink);
  const decoder = new LzmaDecoder(rc, win, parsed.header);
  const size = end.marker ? undefined : end.declaredSize;
  // With the marker flag, decoding also pauses once at the declared size: a stream that ends
  // there without its marker (Python's zipfile reads it, stopping at the size) ends there.
  let sizeChecked = !end.marker;
  const pauseAt = (): number => (sizeChecked ? win.total + SLICE_BYTES : Math.min(win.total + SLICE_BYTES, end.declaredSize));
  let outcome = decoder.run(size, pauseAt());
  while (outcome.status === 'paused') {
    if (!sizeChecked && win.total >= end.declaredSize) {
      sizeChecked = true;
      if (win.total === end.declaredSize && rc.finishedCleanly()) {
        outcome = { status: 'end', marker: false };
        break;
      }
    }
    yield;
    outcome = decoder.run(size, pauseAt());
  }
  // Whatever was decoded is handed on, even from a broken stream.
  const accepted = win.flush();
  if (outcome.status !== 'end') return { status: outcome.status, ...(outcome.detail ? { detail: outcome.detail } : {}) };
  return { status: accepted ? 'end' : 'stopped' };
}

export interface ZipLzmaBytesResult extends ZipLzmaResult {
  data: Uint8Array;
}

/** Whole-buffer convenience (tests): decodes a member's compressed bytes, up to `maxOutput` bytes. */
export function decodeZipLzma(bytes: Uint8Array, end: ZipLzmaEnd, maxOutput: number): ZipLzmaBytesResult {
  return collectDecoded((sink) => zipLzmaSlices([bytes][Symbol.iterator](), end, sink, maxOutput));
}
