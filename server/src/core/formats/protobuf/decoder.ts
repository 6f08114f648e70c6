// Typed reads on top of the field walker: strings, packed numbers, fixed-width values, with a
// budget on the bytes decoded (names, attributes, small constants) so a hostile file cannot make
// the decoder allocate without bound. Problems are collected, never thrown.
import { WireReader } from './reader';
import { forEachField, WIRE_I32, WIRE_I64, WIRE_LEN, WIRE_VARINT, type ProtoField, type WireProblem } from './fields';
import type { ByteSource } from '../../io/byteSource';

/** Strings longer than this are cut (and marked) when decoded. */
export const MAX_STRING = 64 * 1024;
/** Repeated numbers kept per field (dims, ints attributes). */
export const MAX_NUMBERS = 4096;

const utf8 = new TextDecoder('utf-8', { fatal: false });

export class ProtoDecoder {
  readonly r: WireReader;
  readonly problems: WireProblem[] = [];
  /** Set once the decode budget is spent: decoders stop adding structure. */
  exhausted = false;

  constructor(src: ByteSource, private budget: number) {
    this.r = new WireReader(src);
  }

  get size(): number {
    return this.r.src.size;
  }

  /** Walks a message; a wire problem is recorded and ends the walk of that message. */
  fields(start: number, end: number, visit: (f: ProtoField) => void): boolean {
    const p = forEachField(this.r, start, end, visit);
    if (p) this.problems.push(p);
    return p === undefined;
  }

  /** Charges `n` bytes of decoded structure; false once the budget is gone. */
  charge(n: number): boolean {
    this.budget -= n;
    if (this.budget < 0) this.exhausted = true;
    return !this.exhausted;
  }

  string(f: ProtoField, max = MAX_STRING): string {
    if (f.wire !== WIRE_LEN) return this.wrongWire(f, '');
    const end = Math.min(f.end, f.start + max);
    if (!this.charge(end - f.start)) return '';
    const text = utf8.decode(this.r.bytes(f.start, end));
    return end < f.end ? `${text}…` : text;
  }

  /** Raw bytes of a small LEN field (callers check the length first). */
  bytes(f: ProtoField): Uint8Array {
    if (f.wire !== WIRE_LEN || !this.charge(f.end - f.start)) return new Uint8Array(0);
    return this.r.bytes(f.start, f.end).slice();
  }

  /** Repeated integers, packed or not, appended to `out` (at most MAX_NUMBERS kept). */
  ints(f: ProtoField, out: number[]): void {
    if (f.wire === WIRE_VARINT) {
      if (out.length < MAX_NUMBERS) out.push(f.value);
      return;
    }
    if (f.wire !== WIRE_LEN) return void this.wrongWire(f, undefined);
    let p = f.start;
    while (p < f.end && out.length < MAX_NUMBERS) {
      const v = this.r.varint(p, f.end);
      if (!v) {
        this.problems.push({ offset: p, reason: `truncated packed varint in field ${f.num}` });
        return;
      }
      out.push(v.value);
      p = v.next;
    }
  }

  /** Repeated float32, packed or not. */
  floats(f: ProtoField, out: number[]): void {
    if (f.wire === WIRE_I32) {
      if (out.length < MAX_NUMBERS) out.push(this.float32(f));
      return;
    }
    if (f.wire !== WIRE_LEN) return void this.wrongWire(f, undefined);
    const n = Math.min((f.end - f.start) >> 2, MAX_NUMBERS - out.length);
    if (n <= 0) return;
    const b = this.r.bytes(f.start, f.start + n * 4);
    const view = new DataView(b.buffer, b.byteOffset, b.length);
    for (let i = 0; i < n; i++) out.push(view.getFloat32(i * 4, true));
  }

  float32(f: ProtoField): number {
    if (f.wire !== WIRE_I32) return this.wrongWire(f, NaN);
    const b = this.r.bytes(f.start, f.end);
    return b.length === 4 ? new DataView(b.buffer, b.byteOffset, 4).getFloat32(0, true) : NaN;
  }

  float64(f: ProtoField): number {
    if (f.wire !== WIRE_I64) return this.wrongWire(f, NaN);
    const b = this.r.bytes(f.start, f.end);
    return b.length === 8 ? new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, true) : NaN;
  }

  /** A field with the number we want but another wire type: recorded, a neutral value returned. */
  wrongWire<T>(f: ProtoField, neutral: T): T {
    this.problems.push({ offset: f.offset, reason: `field ${f.num} has wire type ${f.wire}` });
    return neutral;
  }
}

export { WIRE_I32, WIRE_I64, WIRE_LEN, WIRE_VARINT, type ProtoField, type WireProblem };
