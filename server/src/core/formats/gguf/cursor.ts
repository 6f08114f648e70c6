// Sequential little-endian reads over a ByteSource through a window, so walking a header of many
// small fields costs one read per window instead of one per field. Reading past the end throws
// `Truncated`, which the GGUF reader turns into a finding.
import type { ByteSource } from '../../io/byteSource';

const WINDOW = 1024 * 1024;

export class Truncated extends Error {
  constructor(readonly offset: number, readonly wanted: number) {
    super(`truncated at ${offset} (wanted ${wanted} bytes)`);
  }
}

export class Cursor {
  private win: Uint8Array = new Uint8Array(0);
  private view = new DataView(this.win.buffer);
  private winStart = 0;

  constructor(private readonly src: ByteSource, public pos = 0) {}

  get size(): number {
    return this.src.size;
  }

  remaining(): number {
    return Math.max(0, this.src.size - this.pos);
  }

  /** Offset of `pos` inside the window, after making sure `n` bytes are in it. */
  private at(n: number): number {
    if (this.pos + n > this.src.size) throw new Truncated(this.pos, n);
    const rel = this.pos - this.winStart;
    if (rel >= 0 && rel + n <= this.win.length) return rel;
    this.win = this.src.read(this.pos, Math.max(n, WINDOW));
    this.view = new DataView(this.win.buffer, this.win.byteOffset, this.win.byteLength);
    this.winStart = this.pos;
    return 0;
  }

  u8(): number {
    const r = this.at(1);
    this.pos += 1;
    return this.win[r]!;
  }
  u32(): number {
    const r = this.at(4);
    this.pos += 4;
    return this.view.getUint32(r, true);
  }
  u64(): bigint {
    const r = this.at(8);
    this.pos += 8;
    return this.view.getBigUint64(r, true);
  }
  /** A fixed-size scalar of GGUF value type `type` (see constants.fixedSize). */
  scalar(type: number): number | bigint {
    const sizes = [1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8];
    const r = this.at(sizes[type]!);
    this.pos += sizes[type]!;
    const v = this.view;
    switch (type) {
      case 0: return v.getUint8(r);
      case 1: return v.getInt8(r);
      case 2: return v.getUint16(r, true);
      case 3: return v.getInt16(r, true);
      case 4: return v.getUint32(r, true);
      case 5: return v.getInt32(r, true);
      case 6: return v.getFloat32(r, true);
      case 7: return v.getUint8(r); // a bool: 0/1 checked by the caller
      case 10: return v.getBigUint64(r, true);
      case 11: return v.getBigInt64(r, true);
      default: return v.getFloat64(r, true);
    }
  }
  /** `n` bytes (n already bounds-checked by the caller). */
  bytes(n: number): Uint8Array {
    if (n > WINDOW) {
      if (this.pos + n > this.src.size) throw new Truncated(this.pos, n);
      const out = this.src.read(this.pos, n);
      this.pos += n;
      return out;
    }
    const r = this.at(n);
    this.pos += n;
    return this.win.subarray(r, r + n);
  }
  skip(n: number): void {
    if (this.pos + n > this.src.size) throw new Truncated(this.pos, n);
    this.pos += n;
  }
}
