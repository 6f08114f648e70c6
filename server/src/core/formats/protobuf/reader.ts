// A paged reader of protobuf wire data over a ByteSource. Only tags, varints and the bytes a
// decoder asks for are read: a length-delimited field that is not wanted (a tensor's raw_data)
// is stepped over by its length, so a 2 GB initializer costs one tag and one varint.
import type { ByteSource } from '../../io/byteSource';

/** Bytes fetched per refill; small enough to stay in FileByteSource's page cache. */
const CHUNK = 64 * 1024;

export class WireReader {
  private buf: Uint8Array = new Uint8Array(0);
  private bufStart = 0;

  constructor(readonly src: ByteSource) {}

  /** The byte at `pos`, or -1 past the end of the source. */
  byteAt(pos: number): number {
    const rel = pos - this.bufStart;
    if (rel >= 0 && rel < this.buf.length) return this.buf[rel]!;
    if (pos < 0 || pos >= this.src.size) return -1;
    this.buf = this.src.read(pos, CHUNK);
    this.bufStart = pos;
    return this.buf.length > 0 ? this.buf[0]! : -1;
  }

  /**
   * Varint at `pos` (ending before `end`). Values above 2^53 lose precision; negative int64
   * (ten-byte two's complement) come back negative. Undefined when truncated or over 10 bytes.
   */
  varint(pos: number, end: number): { value: number; next: number } | undefined {
    let lo = 0;
    let shift = 0;
    let p = pos;
    for (let i = 0; i < 10; i++) {
      if (p >= end) return undefined;
      const b = this.byteAt(p++);
      if (b < 0) return undefined;
      if (i < 4) {
        lo |= (b & 0x7f) << shift;
        shift += 7;
        if ((b & 0x80) === 0) return { value: lo >>> 0, next: p };
      } else {
        return this.longVarint(pos, end);
      }
    }
    return undefined;
  }

  /** Slow path for varints of five bytes or more, through BigInt. */
  private longVarint(pos: number, end: number): { value: number; next: number } | undefined {
    let v = 0n;
    let shift = 0n;
    let p = pos;
    for (let i = 0; i < 10; i++) {
      if (p >= end) return undefined;
      const b = this.byteAt(p++);
      if (b < 0) return undefined;
      v |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) return { value: Number(BigInt.asIntN(64, v)), next: p };
    }
    return undefined;
  }

  /** Bytes [start, end) as a view (do not modify). Callers bound the length first. */
  bytes(start: number, end: number): Uint8Array {
    if (start >= this.bufStart && end <= this.bufStart + this.buf.length) {
      return this.buf.subarray(start - this.bufStart, end - this.bufStart);
    }
    return this.src.read(start, end - start);
  }
}
