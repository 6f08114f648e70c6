// LZMA (version 1) decoding of one stream: a state machine of 12 states chooses between a
// literal, a match with a new distance, and matches that reuse one of the last four distances;
// every decision is an adaptive bit of the range coder. Bad input never throws: the decoder
// stops with a status and whatever it produced so far is kept.
import { PROB_INIT, probabilities, type RangeDecoder } from './rangeDecoder';
import { FLUSH_BYTES, MIN_DICTIONARY, type OutWindow } from './window';
import { LengthDecoder } from './length';

export interface LzmaProperties {
  /** Literal context bits (0-8): high bits of the previous byte that select the literal coder. */
  lc: number;
  /** Literal position bits (0-4). */
  lp: number;
  /** Position bits (0-4) for the match/literal decisions. */
  pb: number;
  dictSize: number;
}

/**
 * end: marker or declared size reached; limit: the output limit stopped it; stopped: the receiver
 * refused output; paused: the slice asked for is done (call run again to continue).
 */
export type StreamStatus = 'end' | 'limit' | 'stopped' | 'truncated' | 'corrupt' | 'paused';

export interface StreamOutcome {
  status: StreamStatus;
  detail?: string;
  /** The stream ended with an end-of-stream marker. */
  marker?: boolean;
}

const STATES = 12;
const END_POS_MODEL = 14;
const FULL_DISTANCES = 128;
/** The distance an end-of-stream marker codes. */
const MARKER = 0xffffffff;

export class LzmaDecoder {
  private readonly isMatch = probabilities(STATES << 4);
  private readonly isRep = probabilities(STATES);
  private readonly isRepG0 = probabilities(STATES);
  private readonly isRepG1 = probabilities(STATES);
  private readonly isRepG2 = probabilities(STATES);
  private readonly isRep0Long = probabilities(STATES << 4);
  private readonly posSlot = probabilities(4 << 6);
  private readonly posSpecial = probabilities(1 + FULL_DISTANCES - END_POS_MODEL);
  private readonly align = probabilities(16);
  private readonly matchLen = new LengthDecoder();
  private readonly repLen = new LengthDecoder();
  private literals: Uint16Array;
  private readonly dict: number;
  // Decoder state kept between slices: the state machine and the last four distances (minus one).
  private started = false;
  private state = 0;
  private rep0 = 0;
  private rep1 = 0;
  private rep2 = 0;
  private rep3 = 0;

  // rc, win and props change only between LZMA2 chunks (nextChunk, resetState).
  constructor(
    private rc: RangeDecoder,
    private win: OutWindow,
    private props: LzmaProperties,
  ) {
    this.literals = probabilities(0x300 << (props.lc + props.lp));
    this.dict = Math.max(props.dictSize, MIN_DICTIONARY);
  }

  /** LZMA2: every chunk starts a range coder of its own; a dictionary reset also brings a new window. */
  nextChunk(rc: RangeDecoder, win: OutWindow = this.win): void {
    this.rc = rc;
    this.win = win;
    this.started = false;
  }

  /** LZMA2 state reset: starting probabilities, state and distances; new lc/lp/pb when given (same dictionary). */
  resetState(props: LzmaProperties = this.props): void {
    for (const p of [this.isMatch, this.isRep, this.isRepG0, this.isRepG1, this.isRepG2, this.isRep0Long, this.posSlot, this.posSpecial, this.align]) p.fill(PROB_INIT);
    this.matchLen.reset();
    this.repLen.reset();
    if (props.lc + props.lp === this.props.lc + this.props.lp) this.literals.fill(PROB_INIT);
    else this.literals = probabilities(0x300 << (props.lc + props.lp));
    this.props = props;
    this.state = this.rep0 = this.rep1 = this.rep2 = this.rep3 = 0;
  }

  /**
   * Decodes until the end marker, `unpackSize` bytes (when known), the limit, or bad input; or
   * pauses once the stream's output reaches `pauseAt`, so that callers can yield between slices.
   */
  run(unpackSize: number | undefined, pauseAt = Infinity): StreamOutcome {
    const { rc, win } = this;
    if (!this.started) {
      if (!rc.start()) return rc.overrun ? truncated() : corrupt('the range coder does not start with a zero byte');
      this.started = true;
    }
    const pbMask = (1 << this.props.pb) - 1;
    const known = unpackSize !== undefined;
    // Locals in the loop, fields between slices.
    let { state, rep0, rep1, rep2, rep3 } = this;
    for (;;) {
      if (win.total >= pauseAt) {
        Object.assign(this, { state, rep0, rep1, rep2, rep3 });
        return { status: 'paused' };
      }
      if (rc.overrun) return truncated();
      if (rc.corrupt) return corrupt('the range coder reached a state no encoder produces');
      if (win.pending >= FLUSH_BYTES && !win.flush()) return { status: 'stopped' };
      const atSize = known && win.total >= unpackSize;
      // A known-size stream may end without a marker, where the coder's flush leaves code zero.
      if (atSize && rc.finishedCleanly()) {
        Object.assign(this, { state, rep0, rep1, rep2, rep3 }); // an LZMA2 chunk: the next one continues from here
        return { status: 'end', marker: false };
      }
      const posState = win.total & pbMask;
      if (rc.bit(this.isMatch, (state << 4) | posState) === 0) {
        if (atSize) return corrupt('data continues after the declared uncompressed size');
        if (win.total >= win.limit) return { status: 'limit' };
        const byte = this.literal(state, rep0);
        // Bits decoded after the input ran out are invented: nothing built from them is output.
        if (rc.overrun) return truncated();
        win.put(byte);
        state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
        continue;
      }
      let len: number;
      if (rc.bit(this.isRep, state) === 1) {
        if (atSize) return corrupt('data continues after the declared uncompressed size');
        if (win.total === 0) return corrupt('a repeated match comes before any output');
        if (rc.bit(this.isRepG0, state) === 0) {
          if (rc.bit(this.isRep0Long, (state << 4) | posState) === 0) {
            if (win.total >= win.limit) return { status: 'limit' };
            if (rc.overrun) return truncated();
            state = state < 7 ? 9 : 11;
            win.put(win.back(rep0 + 1));
            continue;
          }
        } else {
          let dist: number;
          if (rc.bit(this.isRepG1, state) === 0) {
            dist = rep1;
          } else {
            if (rc.bit(this.isRepG2, state) === 0) {
              dist = rep2;
            } else {
              dist = rep3;
              rep3 = rep2;
            }
            rep2 = rep1;
          }
          rep1 = rep0;
          rep0 = dist;
        }
        len = this.repLen.decode(rc, posState);
        state = state < 7 ? 8 : 11;
      } else {
        rep3 = rep2;
        rep2 = rep1;
        rep1 = rep0;
        len = this.matchLen.decode(rc, posState);
        state = state < 7 ? 7 : 10;
        rep0 = this.distance(len);
        if (rc.overrun) return truncated();
        if (rep0 === MARKER) return this.marker(known && !atSize);
        if (atSize) return corrupt('data continues after the declared uncompressed size');
        if (rep0 >= this.dict || rep0 >= win.total) {
          return corrupt(`a match reaches ${rep0 + 1} bytes back with only ${Math.min(win.total, this.dict)} available`);
        }
      }
      if (rc.overrun) return truncated();
      len += 2;
      const room = win.limit - win.total;
      const left = known ? unpackSize - win.total : Infinity;
      win.copy(rep0 + 1, Math.min(len, room, left));
      if (len > room) return { status: 'limit' };
      if (len > left) return corrupt('a match runs past the declared uncompressed size');
    }
  }

  /** The end-of-stream marker: valid once the declared size (if any) is reached, with the coder flushed. */
  private marker(early: boolean): StreamOutcome {
    if (early) return corrupt(`the end-of-stream marker comes after ${this.win.total} bytes, before the declared uncompressed size`);
    if (!this.rc.finishedCleanly()) return corrupt('bytes are left in the range coder after the end-of-stream marker');
    return { status: 'end', marker: true };
  }

  private literal(state: number, rep0: number): number {
    const { win } = this;
    const { lc, lp } = this.props;
    const prev = win.total > 0 ? win.back(1) : 0;
    const base = 0x300 * (((win.total & ((1 << lp) - 1)) << lc) + (prev >>> (8 - lc)));
    // After a match, the byte the match would have continued with guides the coding.
    return this.rc.literal(this.literals, base, state >= 7 ? win.back(rep0 + 1) : -1);
  }

  /** The distance (minus one) of a new match, from its length (minus two). */
  private distance(len: number): number {
    const { rc } = this;
    const slot = rc.tree(this.posSlot, (len < 3 ? len : 3) << 6, 6);
    if (slot < 4) return slot;
    const directBits = (slot >>> 1) - 1;
    const dist = (2 | (slot & 1)) * (1 << directBits);
    if (slot < END_POS_MODEL) return dist + rc.reverseTree(this.posSpecial, dist - slot, directBits);
    return dist + rc.direct(directBits - 4) * 16 + rc.reverseTree(this.align, 0, 4);
  }
}

function truncated(): StreamOutcome {
  return { status: 'truncated', detail: 'the compressed data ends before the stream does' };
}

function corrupt(detail: string): StreamOutcome {
  return { status: 'corrupt', detail };
}
