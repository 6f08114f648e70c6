// Decompression under budgets: a byte range of a source goes in chunk by chunk, output is
// collected until the stream ends, a cap is reached (head sniffing), the file's decompression
// budget is spent, or the ratio of output to input marks a bomb. Memory stays bounded by
// the budget because the stream is abandoned the moment a budget says stop.
import { Readable, type Transform } from 'node:stream';
import * as zlib from 'node:zlib';
import type { ByteSource } from '../../io/byteSource';
import bz2 from 'unbzip2-stream';
import { aloneSlices } from './lzma/alone';
import type { StreamStatus } from './lzma/decoder';
import type { ChunkSink } from './lzma/window';
import { xzSlices } from './xzDecoder';

export type Codec = 'deflate-raw' | 'zlib' | 'gzip' | 'bzip2' | 'xz' | 'lzma';

/** 'unsupported': the stream is valid for other readers but uses options our decoder lacks (an xz filter such as RISC-V BCJ...). */
export type StopReason = 'end' | 'cap' | 'budget' | 'ratio' | 'time' | 'error' | 'unsupported';

export interface BoundedOptions {
  /** Stop quietly after this many output bytes (a prefix is all the caller needs). */
  cap: number;
  /** Output : input ratio above which the stream is treated as a bomb. */
  maxRatio: number;
  /** Accounts output bytes against the file's budget; false stops decompression. */
  take(bytes: number): boolean;
  /** Most output the budget can ever grant (sizes the LZMA dictionary, whose header is untrusted). */
  maxOutput?: number;
  /** Polled between slices of work by decoders that run in our own code (LZMA); true stops them. */
  timeUp?(): boolean;
}

export interface BoundedResult {
  data: Uint8Array;
  stop: StopReason;
  /** Input bytes fed to the decoder when it stopped. */
  consumed: number;
  error?: string;
  /** Bytes after the last compressed stream that start no other stream (LZMA-alone). */
  trailing?: number;
}

/** Ratios are only meaningful once the output is large: tiny inputs compress absurdly well. */
const RATIO_FLOOR = 1024 * 1024;
const INPUT_CHUNK = 1024 * 1024;

class Sink {
  readonly chunks: Uint8Array[] = [];
  total = 0;
  consumed = 0;
  stop: StopReason = 'end';
  error?: string;
  trailing = 0;
  constructor(private readonly opts: BoundedOptions) {}
  /** False when decompression must stop. */
  push(chunk: Uint8Array): boolean {
    const room = this.opts.cap - this.total;
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (!this.opts.take(part.length)) return this.halt('budget');
    this.chunks.push(part);
    this.total += part.length;
    if (this.total > RATIO_FLOOR && this.total > this.opts.maxRatio * Math.max(1, this.consumed)) return this.halt('ratio');
    if (this.total >= this.opts.cap) return this.halt('cap');
    return true;
  }
  fail(e: unknown, reason: 'error' | 'unsupported' = 'error'): void {
    if (this.stop !== 'end') return;
    this.stop = reason;
    this.error = e instanceof Error ? e.message : String(e);
  }
  result(): BoundedResult {
    const r: BoundedResult = { data: Buffer.concat(this.chunks, this.total), stop: this.stop, consumed: this.consumed };
    if (this.error !== undefined) r.error = this.error;
    if (this.trailing > 0) r.trailing = this.trailing;
    return r;
  }
  /** The decoder stopped itself (maxOutput, the clock), unless the sink had already stopped it. */
  stopBy(reason: 'budget' | 'time'): void {
    if (this.stop === 'end') this.halt(reason);
  }
  private halt(reason: StopReason): false {
    this.stop = reason;
    return false;
  }
}

function* chunksOf(src: ByteSource, start: number, length: number, sink: Sink): Generator<Uint8Array> {
  for (let at = 0; at < length; at += INPUT_CHUNK) {
    const piece = src.read(start + at, Math.min(INPUT_CHUNK, length - at));
    sink.consumed += piece.length;
    yield piece;
  }
}

export async function decompressRange(codec: Codec, src: ByteSource, start: number, length: number, opts: BoundedOptions): Promise<BoundedResult> {
  const sink = new Sink(opts);
  const input = chunksOf(src, start, length, sink);
  try {
    if (codec === 'bzip2') runBzip2(input, sink);
    else if (codec === 'xz') await runSliced(xzSlices, input, length, sink, opts);
    else if (codec === 'lzma') await runSliced(aloneSlices, input, length, sink, opts);
    else await runNode(nodeTransform(codec), input, sink);
  } catch (e) {
    sink.fail(e);
  }
  return sink.result();
}

function nodeTransform(codec: 'deflate-raw' | 'zlib' | 'gzip'): Transform {
  if (codec === 'deflate-raw') return zlib.createInflateRaw();
  if (codec === 'zlib') return zlib.createInflate();
  return zlib.createGunzip();
}

async function runNode(t: Transform, input: Iterable<Uint8Array>, sink: Sink): Promise<void> {
  const feeder = Readable.from(input, { objectMode: false });
  feeder.on('error', (e) => t.destroy(e));
  feeder.pipe(t);
  try {
    for await (const chunk of t as AsyncIterable<Uint8Array>) if (!sink.push(chunk)) break;
  } finally {
    feeder.destroy();
    t.destroy();
  }
}

/** unbzip2-stream decodes synchronously inside write(), emitting whole blocks. */
function runBzip2(input: Iterable<Uint8Array>, sink: Sink): void {
  const s = bz2();
  let stopped = false;
  s.on('data', (d: Uint8Array) => {
    if (!stopped && !sink.push(d)) stopped = true;
  });
  s.on('error', (e: unknown) => {
    stopped = true;
    sink.fail(e);
  });
  for (const chunk of input) {
    if (stopped) return;
    s.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
  }
  if (!stopped) s.end();
}

/** How a decoder of our own ended. */
export interface SlicedOutcome {
  status: StreamStatus;
  detail?: string;
  /** Input bytes after the stream(s) that were left alone. */
  trailing?: number;
  /** With status 'corrupt': the stream is valid but uses something the decoder does not support. */
  unsupported?: boolean;
}

/** A decoder of our own (LZMA-alone, zip LZMA members, the xz driver): pulls input, pushes output, yields between slices of work. */
export type SlicedDecoder = (input: Iterator<Uint8Array>, length: number, sink: ChunkSink, limit: number) => Generator<void, SlicedOutcome>;

/** Like decompressRange, for a decoder of our own that is not one of the named codecs. */
export async function decompressSliced(decoder: SlicedDecoder, src: ByteSource, start: number, length: number, opts: BoundedOptions): Promise<BoundedResult> {
  const sink = new Sink(opts);
  try {
    await runSliced(decoder, chunksOf(src, start, length, sink), length, sink, opts);
  } catch (e) {
    sink.fail(e);
  }
  return sink.result();
}

/**
 * Our LZMA decoders pull input and push output chunks synchronously, in slices: between
 * two slices the event loop runs (an editor stays responsive) and the wall-time budget is checked.
 */
async function runSliced(decoder: SlicedDecoder, input: Iterator<Uint8Array>, length: number, sink: Sink, opts: BoundedOptions): Promise<void> {
  const limit = Math.min(opts.cap, opts.maxOutput ?? Number.MAX_SAFE_INTEGER);
  const slices = decoder(input, length, (chunk) => sink.push(chunk), limit);
  try {
    for (let step = slices.next(); ; step = slices.next()) {
      if (step.done) {
        const r = step.value;
        if (r.status === 'truncated' || r.status === 'corrupt') sink.fail(new Error(r.detail ?? r.status), r.unsupported ? 'unsupported' : 'error');
        else if (r.status === 'limit') sink.stopBy('budget');
        sink.trailing = r.trailing ?? 0;
        return;
      }
      if (opts.timeUp?.()) return sink.stopBy('time');
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    slices.return({ status: 'stopped' }); // a decoder left mid-stream runs its cleanup
  }
}
