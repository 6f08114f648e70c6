// A flatbuffer reader over a ByteSource with bounds checks on every offset, vtable, vector and
// string: TFLite's runtime has no verifier, so nothing in the file is trusted. Reads go through
// the source's page cache, so payload vectors (weights) are located but never read.
import type { ByteSource } from '../../io/byteSource';

export class FbError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

export interface Table {
  pos: number;
  vtable: number;
  vtableLength: number;
  objectLength: number;
}

export interface Vector {
  /** Offset of the first element. */
  start: number;
  length: number;
}

const MAX_STRING = 64 * 1024;

export class FlatReader {
  readonly size: number;
  constructor(private readonly source: ByteSource) {
    this.size = source.size;
  }

  /** The underlying source, for the few small values read verbatim. */
  src(): ByteSource {
    return this.source;
  }

  private bytes(offset: number, n: number, what: string): Uint8Array {
    if (!Number.isSafeInteger(offset) || offset < 0 || offset + n > this.size) {
      throw new FbError(`${what} at offset ${offset} lies outside the file (${this.size} bytes)`, Math.max(0, Math.min(offset, this.size)));
    }
    return this.source.read(offset, n);
  }

  u8(o: number, what = 'byte'): number {
    return this.bytes(o, 1, what)[0]!;
  }
  u16(o: number, what = 'u16'): number {
    const b = this.bytes(o, 2, what);
    return b[0]! | (b[1]! << 8);
  }
  i32(o: number, what = 'i32'): number {
    const b = this.bytes(o, 4, what);
    return b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24);
  }
  u32(o: number, what = 'u32'): number {
    return this.i32(o, what) >>> 0;
  }
  /** u64 as a number; values above 2^53 become Infinity so range checks still fail safely. */
  u64(o: number, what = 'u64'): number {
    const lo = this.u32(o, what);
    const hi = this.u32(o + 4, what);
    return hi >= 0x200000 ? Infinity : hi * 0x100000000 + lo;
  }

  /** Follows a uoffset (relative, unsigned) stored at `o`. */
  deref(o: number, what: string): number {
    const target = o + this.u32(o, what);
    if (target >= this.size) throw new FbError(`${what} at offset ${o} points past the end of the file`, o);
    return target;
  }

  table(pos: number, what: string): Table {
    const vtable = pos - this.i32(pos, `${what} vtable offset`);
    const vtableLength = this.u16(vtable, `${what} vtable`);
    const objectLength = this.u16(vtable + 2, `${what} vtable`);
    if (vtableLength < 4 || vtableLength % 2 !== 0) throw new FbError(`${what} has a vtable of ${vtableLength} bytes at offset ${vtable}`, vtable);
    this.bytes(vtable, vtableLength, `${what} vtable`);
    this.bytes(pos, Math.max(4, objectLength), `${what} table`);
    return { pos, vtable, vtableLength, objectLength };
  }

  /** Absolute offset of field `index`, or undefined when absent. */
  field(t: Table, index: number): number | undefined {
    const slot = 4 + 2 * index;
    if (slot + 2 > t.vtableLength) return undefined;
    const rel = this.u16(t.vtable + slot);
    if (rel === 0) return undefined;
    if (rel >= t.objectLength) throw new FbError(`field ${index} offset ${rel} is beyond its table's ${t.objectLength} bytes`, t.pos);
    return t.pos + rel;
  }

  scalarU32(t: Table, index: number, fallback: number): number {
    const f = this.field(t, index);
    return f === undefined ? fallback : this.u32(f);
  }
  scalarI32(t: Table, index: number, fallback: number): number {
    const f = this.field(t, index);
    return f === undefined ? fallback : this.i32(f);
  }
  scalarU8(t: Table, index: number, fallback: number): number {
    const f = this.field(t, index);
    return f === undefined ? fallback : this.u8(f);
  }
  scalarU64(t: Table, index: number): number | undefined {
    const f = this.field(t, index);
    return f === undefined ? undefined : this.u64(f);
  }

  vector(t: Table, index: number, elementSize: number, what: string): Vector | undefined {
    const f = this.field(t, index);
    if (f === undefined) return undefined;
    const at = this.deref(f, what);
    const length = this.u32(at, `${what} length`);
    const start = at + 4;
    if (length * elementSize > this.size - start) throw new FbError(`${what} declares ${length} elements at offset ${start}, past the end of the file`, at);
    return { start, length };
  }

  subTable(t: Table, index: number, what: string): Table | undefined {
    const f = this.field(t, index);
    return f === undefined ? undefined : this.table(this.deref(f, what), what);
  }

  /** Table element `i` of a vector of tables. */
  tableAt(v: Vector, i: number, what: string): Table {
    const slot = v.start + 4 * i;
    return this.table(this.deref(slot, what), what);
  }

  string(t: Table, index: number, what: string): string | undefined {
    const f = this.field(t, index);
    if (f === undefined) return undefined;
    const at = this.deref(f, what);
    const length = this.u32(at, `${what} length`);
    if (length > this.size - at - 4) throw new FbError(`${what} declares ${length} bytes at offset ${at}, past the end of the file`, at);
    return Buffer.from(this.bytes(at + 4, Math.min(length, MAX_STRING), what)).toString('utf8');
  }
}
