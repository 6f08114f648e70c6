// LZMA2 (the data of an xz block): a sequence of chunks, each announced by a control byte.
//   0x00               end of the data
//   0x01 / 0x02        uncompressed chunk (with / without dictionary reset): size-1 (u16 BE), bytes
//   0x80-0xFF          LZMA chunk: bits 0-4 are bits 16-20 of size-1, then size-1 (u16 BE),
//                      compressed size-1 (u16 BE), a properties byte when bit 6 is set, the data.
//                      Bits 5-6: 0 nothing reset, 1 state reset, 2 + new properties, 3 + dictionary reset.
// Every LZMA chunk starts a new range coder and must use exactly its compressed bytes; the match
// state and probabilities carry over unless reset. The rules on resets are liblzma's.
import { SLICE_BYTES } from './alone';
import type { ByteInput } from './byteInput';
import { LzmaDecoder, type LzmaProperties, type StreamOutcome } from './decoder';
import { RangeDecoder } from './rangeDecoder';
import { FLUSH_BYTES, OutWindow, type ChunkSink } from './window';

/** lc + lp above this is refused in LZMA2. */
const LCLP_MAX = 4;
/** Chunks decoded between two yields when they are tiny (each costs a header and maybe a state reset). */
const CHUNKS_PER_SLICE = 4096;
/** Smallest first allocation of a window (it grows with the output). */
const MIN_WINDOW_START = 4096;

interface ChunkHeader {
  control: number;
  /** Uncompressed bytes. */
  size: number;
  /** Compressed bytes (LZMA chunks). */
  packed: number;
  props?: Pick<LzmaProperties, 'lc' | 'lp' | 'pb'>;
}

/** Decoding of one LZMA2 stream; the match state lives across chunks. */
class Lzma2Run {
  win: OutWindow | undefined;
  dec: LzmaDecoder | undefined;
  needDictReset = true;
  needProps = true;
  /** Output of windows replaced by a dictionary reset. */
  before = 0;
  constructor(readonly inp: ByteInput, readonly dictSize: number, readonly limit: number, readonly sink: ChunkSink) {}

  get total(): number {
    return this.before + (this.win?.total ?? 0);
  }

  /** The input ran out: the data is cut short, or it runs past its block's declared compressed size. */
  ranOut(what: string): StreamOutcome {
    return this.inp.exhausted
      ? { status: 'truncated', detail: `the compressed data ends inside ${what}` }
      : { status: 'corrupt', detail: `${what} runs past the block's declared compressed size` };
  }

  readHeader(control: number): ChunkHeader | StreamOutcome {
    const n = control >= 0xc0 ? 5 : control >= 0x80 ? 4 : 2;
    const h = this.inp.read(n);
    if (h.length < n) return this.ranOut('an LZMA2 chunk header');
    const size = (control >= 0x80 ? (control & 0x1f) * 0x10000 : 0) + ((h[0]! << 8) | h[1]!) + 1;
    if (control < 0x80) return { control, size, packed: 0 };
    const packed = ((h[2]! << 8) | h[3]!) + 1;
    if (control < 0xc0) return { control, size, packed };
    const p = h[4]!;
    const props = { lc: p % 9, lp: Math.floor(p / 9) % 5, pb: Math.floor(p / 45) };
    if (p >= 9 * 5 * 5 || props.lc + props.lp > LCLP_MAX) return corrupt(`LZMA2 properties byte 0x${p.toString(16)} is not valid (lc + lp at most 4, pb at most 4)`);
    return { control, size, packed, props };
  }

  /** Applies the control byte's resets; an outcome when the sequence of chunks is not allowed. */
  resets(c: ChunkHeader): StreamOutcome | undefined {
    if (c.control >= 0xe0 || c.control === 1) {
      this.needProps = true;
      this.needDictReset = true;
    } else if (this.needDictReset) {
      return corrupt('the first LZMA2 chunk does not reset the dictionary');
    }
    if (this.needDictReset) {
      this.needDictReset = false;
      if (this.win) {
        if (!this.win.flush()) return { status: 'stopped' };
        this.before += this.win.total;
      }
      // Sized for the chunk at hand: a block of one small chunk does not allocate a large buffer.
      this.win = new OutWindow(this.dictSize, this.limit - this.before, this.sink, Math.max(MIN_WINDOW_START, c.size));
    }
    if (c.control < 0x80) return undefined;
    if (c.props) {
      this.needProps = false;
      const props = { ...c.props, dictSize: this.dictSize };
      if (this.dec) this.dec.resetState(props);
      else this.dec = new LzmaDecoder(new RangeDecoder(emptyInput()), this.win!, props); // the chunk brings its coder
    } else if (this.needProps) {
      return corrupt('an LZMA2 chunk comes before any chunk has set the LZMA properties');
    } else if (c.control >= 0xa0) {
      this.dec!.resetState();
    }
    return undefined;
  }

  /** An LZMA chunk: exactly `packed` input bytes through a fresh range coder, `size` bytes out. */
  *lzma(c: ChunkHeader): Generator<void, StreamOutcome> {
    const win = this.win!;
    const dec = this.dec!;
    const rc = new RangeDecoder(this.inp.window(c.packed));
    dec.nextChunk(rc, win);
    const end = win.total + c.size;
    let o = dec.run(end, win.total + SLICE_BYTES);
    while (o.status === 'paused') {
      yield;
      o = dec.run(end, win.total + SLICE_BYTES);
    }
    if (o.status === 'truncated') return rc.position >= c.packed ? corrupt(`an LZMA chunk needs more than its ${c.packed} compressed bytes`) : this.ranOut('an LZMA chunk');
    if (o.status !== 'end') return o;
    if (o.marker) return corrupt('an LZMA chunk ends with an end-of-stream marker, which LZMA2 does not allow');
    if (rc.position !== c.packed) return corrupt(`an LZMA chunk uses ${rc.position} of its ${c.packed} compressed bytes`);
    return { status: 'end' };
  }

  /** An uncompressed chunk: `size` input bytes copied into the dictionary. */
  *stored(c: ChunkHeader): Generator<void, StreamOutcome> {
    const win = this.win!;
    for (let left = c.size, mark = win.total; left > 0; ) {
      const piece = this.inp.take(left);
      if (piece.length === 0) return this.ranOut('an uncompressed LZMA2 chunk');
      const taken = win.write(piece);
      left -= taken;
      if (win.stopped) return { status: 'stopped' };
      if (taken < piece.length) return { status: 'limit' };
      if (win.pending >= FLUSH_BYTES && !win.flush()) return { status: 'stopped' };
      if (win.total - mark >= SLICE_BYTES) {
        mark = win.total;
        yield;
      }
    }
    return { status: 'end' };
  }
}

/**
 * Decodes one LZMA2 stream from `inp`, through its end byte, into `sink`: at most `limit` bytes
 * (status 'limit' beyond), with a dictionary of `dictSize` bytes whose buffer never grows past
 * the output actually produced. Yields every SLICE_BYTES of output. `total` is the output count.
 */
export function* lzma2Slices(inp: ByteInput, dictSize: number, limit: number, sink: ChunkSink): Generator<void, StreamOutcome & { total: number }> {
  const run = new Lzma2Run(inp, dictSize, limit, sink);
  const finish = (o: StreamOutcome): StreamOutcome & { total: number } => {
    const accepted = run.win ? run.win.flush() : true;
    const outcome = o.status === 'end' && !accepted ? { status: 'stopped' as const } : o;
    return { ...outcome, total: run.total };
  };
  for (let chunks = 1; ; chunks++) {
    if (chunks % CHUNKS_PER_SLICE === 0) yield;
    const control = inp.byte();
    if (control < 0) return finish(run.ranOut('the LZMA2 data'));
    if (control === 0) return finish({ status: 'end' });
    if (control > 2 && control < 0x80) return finish(corrupt(`0x${control.toString(16)} is not an LZMA2 control byte`));
    const header = run.readHeader(control);
    if ('status' in header) return finish(header);
    const refused = run.resets(header);
    if (refused) return finish(refused);
    const o = control >= 0x80 ? yield* run.lzma(header) : yield* run.stored(header);
    if (o.status !== 'end') return finish(o);
  }
}

function emptyInput(): Iterator<Uint8Array> {
  return [][Symbol.iterator]();
}

function corrupt(detail: string): StreamOutcome {
  return { status: 'corrupt', detail };
}
