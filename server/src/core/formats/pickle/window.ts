// A sliding window over a ByteSource for the pickle machine: contiguous bytes for the hot loop,
// refilled only when an opcode runs past the end. In-memory sources are one window (no copy).
import { BufferByteSource, type ByteSource } from '../../io/byteSource';

const WINDOW = 16 * 1024 * 1024;

export class ByteWindow {
  buf: Uint8Array = new Uint8Array(0);
  dv: DataView = new DataView(new ArrayBuffer(0));
  /** Source offset of buf[0]. */
  base = 0;
  /** Read position within buf (may exceed buf.length after a skip). */
  pos = 0;
  /** Source offset where the stream's bytes end. */
  readonly limit: number;

  constructor(private readonly src: ByteSource, start: number) {
    this.limit = src.size;
    this.base = start;
    const len = src instanceof BufferByteSource ? src.size - start : Math.min(WINDOW, src.size - start);
    this.load(start, len);
  }

  /** Absolute offset of the read position. */
  get offset(): number {
    return this.base + this.pos;
  }

  remaining(): number {
    return this.limit - this.base - this.pos;
  }

  /** True when n bytes are readable at pos (refilling the window if needed). */
  ensure(n: number): boolean {
    if (this.pos + n <= this.buf.length) return true;
    const at = this.base + this.pos;
    if (at + n > this.limit) return false;
    this.load(at, Math.max(WINDOW, n));
    return this.buf.length >= n;
  }

  /** Index of the next newline at or after pos, growing the window; -1 at end of data. */
  findNewline(): number {
    for (;;) {
      const i = this.buf.indexOf(0x0a, this.pos);
      if (i >= 0) return i;
      const have = this.buf.length - this.pos;
      if (this.base + this.buf.length >= this.limit) return -1;
      this.ensure(Math.min(have + WINDOW, this.remaining()));
    }
  }

  /** Bytes [offset, offset+length) of the source, wherever the window is. */
  slice(offset: number, length: number): Uint8Array {
    if (offset >= this.base && offset + length <= this.base + this.buf.length) {
      return this.buf.subarray(offset - this.base, offset - this.base + length);
    }
    return this.src.read(offset, length);
  }

  private load(at: number, len: number): void {
    const bytes = this.src.read(at, Math.min(len, this.limit - at));
    this.buf = bytes;
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.base = at;
    this.pos = 0;
  }
}
