// LZMA's binary range decoder, reading compressed bytes that arrive in chunks (a file read piece
// by piece). Reading past the last chunk yields zeros and sets `overrun`: the decoder checks it
// once per symbol and stops, so a truncated stream ends decoding instead of running on made-up
// bytes. Probabilities are 11-bit counters in Uint16Arrays, adapted by 1/32 per bit.

const TOP = 0x1000000;
const PROB_BITS = 11;
const PROB_ONE = 1 << PROB_BITS;
const MOVE_BITS = 5;
const EMPTY = new Uint8Array(0);

/** A counter's starting value: probability one half. */
export const PROB_INIT = PROB_ONE >>> 1;

/** A fresh probability table: every counter at one half. */
export function probabilities(count: number): Uint16Array {
  return new Uint16Array(count).fill(PROB_INIT);
}

/** `range` and `code` are unsigned 32-bit values kept as int32 (small integers for the engine, no boxing). */
export class RangeDecoder {
  range = -1;
  code = 0;
  /** The input ended while the decoder still needed bytes. */
  overrun = false;
  /** The coder reached a state no encoder produces. */
  corrupt = false;
  private buf: Uint8Array = EMPTY;
  private at = 0;
  /** Input offset of buf[0]. */
  private base = 0;

  constructor(private readonly chunks: Iterator<Uint8Array>) {}

  /** Input bytes consumed so far. */
  get position(): number {
    return this.base + this.at;
  }

  /** The next input byte (0 with `overrun` set past the end). */
  byte(): number {
    if (this.at < this.buf.length) return this.buf[this.at++]!;
    if (this.fill()) return this.buf[this.at++]!;
    this.overrun = true;
    return 0;
  }

  /** True when at least one more input byte exists (pulls the next chunk if needed). */
  hasInput(): boolean {
    return this.at < this.buf.length || this.fill();
  }

  /** The next input byte without consuming it; -1 at the end. */
  peek(): number {
    return this.hasInput() ? this.buf[this.at]! : -1;
  }

  /** Starts a range-coded stream: a zero byte, then the first four code bytes. */
  start(): boolean {
    this.range = -1;
    this.code = 0;
    const first = this.byte();
    for (let i = 0; i < 4; i++) this.code = (this.code << 8) | this.byte();
    return first === 0 && this.code !== this.range && !this.overrun;
  }

  /** Whether the coder ended exactly where an encoder's flush leaves it. */
  finishedCleanly(): boolean {
    return this.code === 0;
  }

  bit(probs: Uint16Array, i: number): number {
    const p = probs[i]!;
    const range = this.range >>> 0;
    const code = this.code >>> 0;
    const bound = Math.imul(range >>> PROB_BITS, p) >>> 0;
    let b: number;
    if (code < bound) {
      this.range = bound | 0;
      probs[i] = p + ((PROB_ONE - p) >>> MOVE_BITS);
      b = 0;
    } else {
      this.range = (range - bound) | 0;
      this.code = (code - bound) | 0;
      probs[i] = p - (p >>> MOVE_BITS);
      b = 1;
    }
    if (this.range >>> 0 < TOP) this.normalize();
    return b;
  }

  /** `count` bits with fixed probability one half, most significant first (count <= 26). */
  direct(count: number): number {
    let res = 0;
    for (let i = 0; i < count; i++) {
      const range = (this.range >>> 0) >>> 1;
      let code = this.code >>> 0;
      let b = 0;
      if (code >= range) {
        code -= range;
        b = 1;
      }
      if (code === range) this.corrupt = true;
      this.range = range | 0;
      this.code = code | 0;
      res = (res << 1) | b;
      if (range < TOP) this.normalize();
    }
    return res;
  }

  /**
   * A literal byte through the 8-bit tree at `base`. After a match, `match` is the byte the match
   * would have continued with: while its bits agree with the decoded ones they select a second
   * pair of trees (base + 0x100, + 0x200). Pass -1 for a plain literal. The coder state lives in
   * locals here because literals are most of the work.
   */
  literal(probs: Uint16Array, base: number, match: number): number {
    let range = this.range >>> 0;
    let code = this.code >>> 0;
    let sym = 1;
    let m = match;
    while (sym < 0x100) {
      let i = base + sym;
      let mb = 0;
      if (m >= 0) {
        mb = (m >>> 7) & 1;
        m = (m << 1) & 0xff;
        i += (1 + mb) << 8;
      }
      const p = probs[i]!;
      // Products stay below 2^32: imul keeps the arithmetic in 32-bit integers.
      const bound = Math.imul(range >>> PROB_BITS, p) >>> 0;
      if (code < bound) {
        range = bound;
        probs[i] = p + ((PROB_ONE - p) >>> MOVE_BITS);
        sym <<= 1;
        if (mb !== 0) m = -1;
      } else {
        range = (range - bound) >>> 0;
        code = (code - bound) >>> 0;
        probs[i] = p - (p >>> MOVE_BITS);
        sym = (sym << 1) | 1;
        if (mb === 0) m = -1;
      }
      if (range < TOP) {
        range = (range << 8) >>> 0;
        code = ((code << 8) | this.byte()) >>> 0;
      }
    }
    this.range = range | 0;
    this.code = code | 0;
    return sym - 0x100;
  }

  /** A `count`-bit symbol coded most significant bit first through a binary tree at `base`. */
  tree(probs: Uint16Array, base: number, count: number): number {
    let m = 1;
    for (let i = 0; i < count; i++) m = (m << 1) | this.bit(probs, base + m);
    return m - (1 << count);
  }

  /** The same, least significant bit first. */
  reverseTree(probs: Uint16Array, base: number, count: number): number {
    let m = 1;
    let sym = 0;
    for (let i = 0; i < count; i++) {
      const b = this.bit(probs, base + m);
      m = (m << 1) | b;
      sym |= b << i;
    }
    return sym;
  }

  private normalize(): void {
    this.range <<= 8;
    this.code = (this.code << 8) | this.byte();
  }

  private fill(): boolean {
    for (;;) {
      const next = this.chunks.next();
      if (next.done) return false;
      this.base += this.buf.length;
      this.buf = next.value;
      this.at = 0;
      if (this.buf.length > 0) return true;
    }
  }
}
