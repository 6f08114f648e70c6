// The LZMA dictionary: the last `dictSize` output bytes, which matches copy from. The header's
// dictionary size is attacker-controlled, so the buffer starts small and grows with the output
// actually produced, never past min(dictionary, output limit). Decoded bytes are handed on in
// chunks; the receiver can refuse more (a budget ran out) and decoding then stops.

/** Smallest dictionary a decoder must honour (smaller header values mean this). */
export const MIN_DICTIONARY = 4096;
const INITIAL_BYTES = 64 * 1024;
/** Pending output is handed on at about this size. */
export const FLUSH_BYTES = 256 * 1024;

export type ChunkSink = (chunk: Uint8Array) => boolean;

export class OutWindow {
  buf: Uint8Array;
  /** Next write index in buf. */
  pos = 0;
  /** Bytes produced by this stream. */
  total = 0;
  /** Most bytes this stream may produce before decoding stops at the limit. */
  readonly limit: number;
  /** The receiver refused a chunk. */
  stopped = false;
  /** Largest buffer this window will allocate. */
  private readonly size: number;
  /** The buffer holds the whole dictionary, so it wraps around once full. */
  private readonly wraps: boolean;
  private flushed = 0;

  /** `initialBytes`: the first allocation, smaller when little output is expected (a small LZMA2 chunk). */
  constructor(dictSize: number, limit: number, private readonly sink: ChunkSink, initialBytes = INITIAL_BYTES) {
    const dict = Math.max(dictSize, MIN_DICTIONARY);
    this.limit = Math.max(0, limit);
    this.size = Math.max(1, Math.min(dict, this.limit));
    this.wraps = this.size === dict;
    this.buf = new Uint8Array(Math.max(1, Math.min(this.size, INITIAL_BYTES, initialBytes)));
  }

  /** Bytes decoded but not yet handed on. */
  get pending(): number {
    return this.pos - this.flushed;
  }

  /** Bytes the buffer currently holds (capacity in use). */
  get capacity(): number {
    return this.buf.length;
  }

  /** The byte `dist` positions back (1 = the last one); the caller checks dist <= total. */
  back(dist: number): number {
    const i = this.pos - dist;
    return this.buf[i < 0 ? i + this.buf.length : i]!;
  }

  put(b: number): void {
    this.buf[this.pos++] = b;
    this.total++;
    if (this.pos === this.buf.length) this.edge();
  }

  /** Copies `len` bytes from `dist` back (LZ semantics: an overlapping copy repeats the pattern). */
  copy(dist: number, len: number): void {
    const wanted = len;
    let buf = this.buf;
    let pos = this.pos;
    let src = pos - dist;
    if (src < 0) src += buf.length;
    while (len > 0) {
      const n = Math.min(len, buf.length - pos, buf.length - src);
      if (n <= 0) break; // only at the limit, which the decoder never asks to pass
      // copyWithin has memmove semantics: right only when the regions cannot feed each other; a call costs more than short loops.
      if (n > 64 && (src > pos || pos - src >= n)) {
        buf.copyWithin(pos, src, src + n);
      } else {
        for (let i = 0; i < n; i++) buf[pos + i] = buf[src + i]!;
      }
      pos += n;
      src += n;
      len -= n;
      if (src === buf.length) src = 0;
      if (pos === buf.length) {
        this.pos = pos;
        this.edge();
        buf = this.buf;
        pos = this.pos;
      }
    }
    this.pos = pos;
    this.total += wanted - len;
  }

  /** Appends raw bytes (an LZMA2 uncompressed chunk) up to the limit; returns how many were taken. */
  write(data: Uint8Array): number {
    const n = Math.min(data.length, this.limit - this.total);
    for (let done = 0; done < n; ) {
      const k = Math.min(n - done, this.buf.length - this.pos);
      this.buf.set(data.subarray(done, done + k), this.pos);
      this.pos += k;
      this.total += k;
      done += k;
      if (this.pos === this.buf.length) this.edge();
    }
    return Math.max(0, n);
  }

  /** Hands the pending bytes on; false once the receiver refused. */
  flush(): boolean {
    if (this.stopped) return false;
    if (this.pos > this.flushed) {
      const chunk = this.buf.slice(this.flushed, this.pos);
      this.flushed = this.pos;
      if (!this.sink(chunk)) this.stopped = true;
    }
    return !this.stopped;
  }

  /** The write index reached the end of the buffer: grow it, or wrap around once it is the whole dictionary. */
  private edge(): void {
    if (this.buf.length < this.size) {
      const grown = new Uint8Array(Math.min(this.size, this.buf.length * 2));
      grown.set(this.buf);
      this.buf = grown;
    } else if (this.wraps) {
      this.flush();
      this.pos = 0;
      this.flushed = 0;
    }
    // Otherwise the buffer is as large as the output limit: the decoder stops before writing more.
  }
}
