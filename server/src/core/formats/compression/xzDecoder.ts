// xz streams (`.xz` files, zip method 95), decoded by the xz-embedded WebAssembly build of the
// xz-decompress package, driven here through its exports rather than its ReadableStream wrapper:
// the wrapper throws away everything decoded in the call where an error occurs (up to 64 KiB, a
// whole small pickle), so junk after a complete stream, which Python's lzma ignores, hid the content.
import { XzReadableStream } from 'xz-decompress';
import * as zlib from 'node:zlib';
import type { SlicedOutcome } from './bounded';
import { SLICE_BYTES } from './lzma/alone';
import type { ChunkSink } from './lzma/window';

interface XzExports {
  memory: { buffer: ArrayBuffer };
  create_context(): number;
  destroy_context(ctx: number): void;
  supply_input(ctx: number, length: number): void;
  get_next_output(ctx: number): number;
}

/** What the package keeps on its class: the instantiated module, created on first use. */
interface XzModuleHolder {
  _moduleInstance?: { exports: unknown };
  _moduleInstancePromise?: Promise<void>;
  _getModuleInstance?(): Promise<void>;
}

/** u32 words of a decoding context: buffer size, then xz_buf's in, in_pos, in_size, out, out_pos. */
const W_SIZE = 0, W_IN = 1, W_IN_POS = 2, W_IN_SIZE = 3, W_OUT = 4, W_OUT_POS = 5;

/** xz-embedded's enum xz_ret. */
const XZ_OK = 0, XZ_STREAM_END = 1;
const FAILURES: Record<number, { kind: 'unsupported' | 'corrupt' | 'truncated'; detail: string }> = {
  2: { kind: 'unsupported', detail: 'the stream uses an integrity check the decoder does not support (it checks CRC32 and CRC64; SHA-256 is not supported)' },
  3: { kind: 'unsupported', detail: 'the decoder could not allocate its memory' },
  4: { kind: 'unsupported', detail: 'a block declares a dictionary larger than the decoder\'s 64 MiB' },
  5: { kind: 'corrupt', detail: 'not an xz stream (wrong magic bytes)' },
  6: { kind: 'unsupported', detail: 'the stream uses options the decoder does not support (a SHA-256 check, or a filter other than LZMA2 such as BCJ or delta)' },
  7: { kind: 'corrupt', detail: 'the compressed data is corrupt (a header, size or integrity check does not match)' },
  8: { kind: 'truncated', detail: 'the compressed data ends before the xz stream does' },
};

const STREAM_HEADER_BYTES = 12;
/** xz-embedded's largest dictionary; LZMA2 dictionary code 28. */
const MAX_DICT_CODE = 28;
const LZMA2_FILTER = 0x21;

let loaded: Promise<XzExports> | undefined;

/** The decoder module, instantiated once (shared with the package's own stream class). */
export function loadXz(): Promise<XzExports> {
  loaded ??= (async () => {
    const holder = XzReadableStream as unknown as XzModuleHolder;
    if (!holder._moduleInstance) {
      if (!holder._getModuleInstance) throw new Error('the xz-decompress package no longer exposes its decoder module');
      holder._moduleInstancePromise ??= holder._getModuleInstance();
      await holder._moduleInstancePromise;
    }
    const exports = holder._moduleInstance?.exports as Partial<XzExports> | undefined;
    if (!exports?.memory || !exports.create_context || !exports.get_next_output) throw new Error('the xz decoder module has unexpected exports');
    return exports as XzExports;
  })();
  loaded.catch(() => {
    loaded = undefined;
  });
  return loaded;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs one xz decode at a time (as the package's own stream class does): every context may hold
 * a 64 MiB dictionary in the module's single memory, which never shrinks.
 */
export function withXz<T>(f: (xz: XzExports) => Promise<T>): Promise<T> {
  const run = queue.then(async () => f(await loadXz()));
  queue = run.catch(() => undefined);
  return run;
}

/** Input pieces with a cursor, so that a new stream can start where the last one ended. */
class Feed {
  private piece: Uint8Array = new Uint8Array(0);
  private at = 0;
  /** Input bytes handed to a decoder so far. */
  taken = 0;
  /** The input iterator is exhausted. */
  done = false;
  constructor(private readonly input: Iterator<Uint8Array>) {}
  /** Up to `max` next bytes (from one piece), or an empty array at the end of the input. */
  take(max: number): Uint8Array {
    while (this.at >= this.piece.length) {
      const n = this.done ? undefined : this.input.next();
      if (!n || n.done) {
        this.done = true;
        return new Uint8Array(0);
      }
      this.piece = n.value;
      this.at = 0;
    }
    const out = this.piece.subarray(this.at, Math.min(this.piece.length, this.at + max));
    this.at += out.length;
    this.taken += out.length;
    return out;
  }
  /** Gives back the last `n` bytes of the last take (the decoder did not consume them). */
  unread(n: number): void {
    this.at -= n;
    this.taken -= n;
  }
}

type Step = { next: 'continue' | 'stream' } | { next: 'return'; outcome: SlicedOutcome };

/**
 * Decodes back-to-back xz streams from `input` (`length` bytes in all) into `sink`, at most
 * `limit` bytes. Output decoded before an error is handed on; bytes after a complete stream that
 * start no other stream are left alone (reported as trailing), as Python's lzma leaves them.
 */
export function* xzSlices(xz: XzExports, input: Iterator<Uint8Array>, length: number, sink: ChunkSink, limit: number): Generator<void, SlicedOutcome> {
  const run = { feed: new Feed(input), length, sink, limit, produced: 0 };
  for (let streams = 0; ; streams++) {
    const stream = new StreamRun(xz, run, streams);
    try {
      for (let calls = 1, mark = run.produced; ; calls++) {
        const step = stream.step();
        if (step.next === 'return') return step.outcome;
        if (step.next === 'stream') break;
        // Each call decodes at most one 64 KiB buffer: yield after SLICE_BYTES or 64 calls.
        if (run.produced - mark >= SLICE_BYTES || calls % 64 === 0) {
          mark = run.produced;
          yield;
        }
      }
    } finally {
      stream.close();
    }
  }
}

interface Run { feed: Feed; length: number; sink: ChunkSink; limit: number; produced: number }

/** One decoder context: a stream, and any streams the decoder itself finds right after it. */
class StreamRun {
  private readonly ctx: number;
  private readonly start: number;
  private first = true;
  private idle = 0;
  constructor(private readonly xz: XzExports, private readonly run: Run, private readonly index: number) {
    this.ctx = xz.create_context();
    this.start = run.feed.taken;
  }

  /** The context's words; views are rebuilt because memory may grow during a call. */
  private words(): Uint32Array {
    return new Uint32Array(this.xz.memory.buffer, this.ctx, 6);
  }

  /** One call of the decoder: supply input if it has consumed the last, take its output. */
  step(): Step {
    const { xz, run } = this;
    let w = this.words();
    if (w[W_IN_POS] === w[W_IN_SIZE]) {
      let chunk = run.feed.take(w[W_SIZE]!);
      if (this.first && chunk.length > 0) chunk = clampDictionary(chunk);
      this.first = false;
      new Uint8Array(xz.memory.buffer, w[W_IN]!, chunk.length).set(chunk);
      xz.supply_input(this.ctx, chunk.length);
      w = this.words();
    }
    const inBefore = w[W_IN_POS]!;
    const ret = xz.get_next_output(this.ctx);
    w = this.words();
    const outLen = w[W_OUT_POS]!;
    const unconsumed = w[W_IN_SIZE]! - w[W_IN_POS]!;
    const consumed = run.feed.taken - unconsumed;
    const progress = outLen > 0 || w[W_IN_POS]! > inBefore;
    if (outLen > 0) {
      const room = run.limit - run.produced;
      const out = new Uint8Array(xz.memory.buffer, w[W_OUT]!, Math.min(outLen, room)).slice();
      w[W_OUT_POS] = 0;
      run.produced += out.length;
      if (out.length > 0 && !run.sink(out)) return done({ status: 'stopped' });
      if (outLen >= room) return done({ status: 'limit' });
    }
    if (ret === XZ_STREAM_END) {
      run.feed.unread(unconsumed);
      return run.feed.taken >= run.length ? done({ status: 'end' }) : { next: 'stream' };
    }
    if (ret !== XZ_OK) return done(this.failure(ret, consumed));
    this.idle = progress ? 0 : this.idle + 1;
    if (this.idle >= 2) return done({ status: 'truncated', detail: FAILURES[8]!.detail });
    return { next: 'continue' };
  }

  private failure(ret: number, consumed: number): SlicedOutcome {
    // Wrong magic where a following stream would start: bytes after a complete stream, which
    // Python's lzma ignores. The decoder reads a whole 12-byte header before checking it.
    if (ret === 5 && consumed - this.start > STREAM_HEADER_BYTES) return { status: 'end', trailing: Math.max(0, this.run.length - (consumed - STREAM_HEADER_BYTES)) };
    if (ret === 5 && this.index > 0) return { status: 'end', trailing: this.run.length - this.start };
    const f = FAILURES[ret] ?? { kind: 'corrupt' as const, detail: `xz decoder error ${ret}` };
    return { status: f.kind === 'truncated' ? 'truncated' : 'corrupt', detail: f.detail, ...(f.kind === 'unsupported' ? { unsupported: true } : {}) };
  }

  close(): void {
    this.xz.destroy_context(this.ctx);
  }
}

const done = (outcome: SlicedOutcome): Step => ({ next: 'return', outcome });

/**
 * The stream's first block header with its LZMA2 dictionary lowered to the decoder's 64 MiB
 * (header CRC recomputed). Readers such as Python's lzma accept any dictionary size, and the
 * dictionary only bounds match distances, so content up to 64 MiB decodes the same. Anything
 * that does not parse as a valid header is passed on untouched for the decoder to judge.
 */
export function clampDictionary(chunk: Uint8Array): Uint8Array {
  const b = STREAM_HEADER_BYTES;
  if (chunk.length < b + 8 || chunk[b] === 0) return chunk;
  const size = (chunk[b]! + 1) * 4;
  if (chunk.length < b + size) return chunk;
  const h = chunk.subarray(b, b + size);
  const flags = h[1]!;
  if (flags & 0x3c) return chunk;
  let p = 2;
  const varint = (): number => {
    let v = 0;
    for (let i = 0; i < 9 && p < size - 4; i++) {
      const x = h[p++]!;
      v += (x & 0x7f) * 2 ** (7 * i);
      if (!(x & 0x80)) return v;
    }
    return -1;
  };
  if (flags & 0x40 && varint() < 0) return chunk;
  if (flags & 0x80 && varint() < 0) return chunk;
  let dictAt = -1;
  for (let i = 0; i <= (flags & 3); i++) {
    const id = varint();
    const propsSize = varint();
    if (id < 0 || propsSize < 0 || p + propsSize > size - 4) return chunk;
    if (id === LZMA2_FILTER && propsSize === 1) dictAt = p;
    p += propsSize;
  }
  const view = new DataView(h.buffer, h.byteOffset, size);
  if (dictAt < 0 || h[dictAt]! <= MAX_DICT_CODE || h[dictAt]! > 40 || zlib.crc32(h.subarray(0, size - 4)) !== view.getUint32(size - 4, true)) return chunk;
  const out = Uint8Array.from(chunk);
  const oh = out.subarray(b, b + size);
  oh[dictAt] = MAX_DICT_CODE;
  new DataView(out.buffer, out.byteOffset + b, size).setUint32(size - 4, zlib.crc32(oh.subarray(0, size - 4)), true);
  return out;
}
