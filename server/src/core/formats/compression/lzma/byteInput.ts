// Input for container formats around LZMA (xz, LZMA2 chunks): a cursor over the pieces the
// caller supplies, with an optional end bound (a block's declared compressed size) and windows of
// exactly n bytes for a chunk's range coder. Reading past the data returns nothing, never throws.

const EMPTY = new Uint8Array(0);

export class ByteInput {
  private buf: Uint8Array = EMPTY;
  private at = 0;
  /** Input offset of buf[0]. */
  private base = 0;
  private done = false;
  /** Reads stop at this absolute position (Infinity: no bound). */
  end = Infinity;

  constructor(private readonly pieces: Iterator<Uint8Array>) {}

  /** Input bytes consumed so far. */
  get position(): number {
    return this.base + this.at;
  }

  /** The caller's input has no more bytes (as opposed to a stop at `end`). */
  get exhausted(): boolean {
    return this.at >= this.buf.length && !this.fill();
  }

  /** The next byte, or -1 at the end (of the input or the bound). */
  byte(): number {
    if (this.position >= this.end) return -1;
    if (this.at < this.buf.length || this.fill()) return this.buf[this.at++]!;
    return -1;
  }

  /** Skips zero bytes (xz stream padding) up to the first other byte, which stays unread; returns how many. */
  skipZeros(): number {
    let n = 0;
    while (this.position < this.end && (this.at < this.buf.length || this.fill())) {
      const stop = Math.min(this.buf.length, this.at + (this.end - this.position));
      let i = this.at;
      while (i < stop && this.buf[i] === 0) i++;
      n += i - this.at;
      this.at = i;
      if (i < stop) break;
    }
    return n;
  }

  /** Up to `max` next bytes from one piece (a view, not a copy); empty at the end. */
  take(max: number): Uint8Array {
    const n = Math.min(max, this.end - this.position);
    if (n <= 0 || (this.at >= this.buf.length && !this.fill())) return EMPTY;
    const out = this.buf.subarray(this.at, this.at + Math.min(n, this.buf.length - this.at));
    this.at += out.length;
    return out;
  }

  /** The next `n` bytes copied into one array; shorter at the end. */
  read(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let got = 0;
    while (got < n) {
      const piece = this.take(n - got);
      if (piece.length === 0) return out.subarray(0, got);
      out.set(piece, got);
      got += piece.length;
    }
    return out;
  }

  /** The next `n` bytes as pieces, pulled lazily (a range coder's input). */
  *window(n: number): Generator<Uint8Array, void> {
    for (let left = n; left > 0; ) {
      const piece = this.take(left);
      if (piece.length === 0) return;
      left -= piece.length;
      yield piece;
    }
  }

  private fill(): boolean {
    while (!this.done) {
      const next = this.pieces.next();
      if (next.done) {
        this.done = true;
        break;
      }
      this.base += this.buf.length;
      this.buf = next.value;
      this.at = 0;
      if (this.buf.length > 0) return true;
    }
    return false;
  }
}
