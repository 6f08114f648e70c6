// Argument readers of the pickle machine: fixed-size and length-prefixed arguments, text lines,
// and the two ways CPython reads bytes around frames ('linear', and the C unpickler's
// read-ahead frame buffer over a file object in 'cfile' mode).
import type { ByteSource } from '../../io/byteSource';
import { opcodeName } from './opcodes';
import { ByteWindow } from './window';
import { Halt } from './imports';
import * as text from './text';
import { looksLikePickleBytes } from './nested';
import type { MachineOptions } from './options';
import type { PickleEvent } from './types';
import { LAZY_BYTES, type PyValue } from './values';

const MAX_SIZE = 2 ** 63 - 1;
const MAX_EMBEDDED = 16;

export abstract class PickleReader {
  protected readonly w: ByteWindow;
  protected readonly events: PickleEvent[] = [];
  protected readonly cfile: boolean;
  /** cfile mode: source offset where the current read-ahead FRAME buffer ends, -1 when none. */
  protected cfEnd = -1;
  /** Bytes skipped without reading (large payloads, joblib arrays): not counted against maxPickleBytes. */
  protected skipped = 0;
  private embedded = 0;

  constructor(src: ByteSource, protected readonly start: number, protected readonly opts: MachineOptions) {
    this.w = new ByteWindow(src, start);
    this.cfile = opts.mode === 'cfile';
  }

  /**
   * Skips raw array bytes written inline (joblib), after an optional alignment-padding count
   * and padding; returns how many bytes the array occupies including the padding.
   */
  protected skipInlineArray(bytes: number, padded: boolean, at: number): number {
    const w = this.w;
    let length = bytes;
    if (padded) {
      const pad = this.uint8(at);
      length += pad + 1;
      w.pos += pad;
    }
    if (bytes > w.remaining()) throw new Halt(at, `joblib array data (${bytes} bytes) runs past the end of the data`);
    w.pos += bytes;
    this.skipped += bytes;
    return length;
  }

  // ---- the C unpickler over a file without peek() ---------------------------------------------

  /** A read of n bytes that does not fit in the frame buffer is served from after the frame. */
  protected cfileRead(n: number, at: number): void {
    const p = this.w.offset;
    if (p >= this.cfEnd) {
      this.cfEnd = -1;
      return;
    }
    if (p + n <= this.cfEnd) return;
    this.w.pos += this.cfEnd - p;
    this.differential(at, `the C file reader skips ${this.cfEnd - p} bytes at the end of a FRAME here`);
    this.cfEnd = -1;
  }

  protected cfileLine(at: number, opcode: string): Uint8Array {
    const w = this.w;
    let nl = w.findNewline();
    if (this.cfEnd >= 0 && (nl < 0 || w.base + nl >= this.cfEnd)) {
      // No newline inside the buffer: readline() on the file, after the frame.
      if (w.offset < this.cfEnd) this.differential(at, `the C file reader skips ${this.cfEnd - w.offset} bytes at the end of a FRAME here`);
      w.pos += Math.max(0, this.cfEnd - w.offset);
      this.cfEnd = -1;
      nl = w.findNewline();
    }
    if (nl < 0) {
      // At the end of the data the C unpickler fails; the pure-Python one (which also resumes
      // after the frame of an earlier STOP) uses the partial line without its last byte.
      const rest = w.buf.subarray(w.pos);
      w.pos = w.buf.length;
      this.differential(at, `${opcode} argument is not newline-terminated at the end of the data (the pure-Python unpickler still uses it)`);
      return rest.subarray(0, Math.max(0, rest.length - 1));
    }
    // The C unpickler rejects an empty module or name line.
    if (nl === w.pos && (opcode === 'GLOBAL' || opcode === 'INST')) throw new Halt(at, `empty ${opcode} line`);
    const b = w.buf.subarray(w.pos, nl);
    w.pos = nl + 1;
    return b;
  }

  protected cfileFrame(size: number, at: number, ordinal: number): void {
    const w = this.w;
    if (this.cfEnd >= 0 && w.offset + size <= this.cfEnd) return; // served from the current buffer
    if (this.cfEnd >= 0 && w.offset < this.cfEnd) {
      this.differential(at, `the C file reader skips ${this.cfEnd - w.offset} bytes at the end of a FRAME here`);
      w.pos += this.cfEnd - w.offset;
    }
    this.cfEnd = -1;
    if (size > w.remaining()) throw new Halt(at, 'pickle data was truncated: FRAME is longer than the data');
    const mask = this.opts.cfilePeekMask;
    const peeked = mask !== undefined && ordinal < 31 ? ((mask >>> ordinal) & 1) === 1 : size <= (this.opts.cfileThreshold ?? 0);
    if (!peeked) this.cfEnd = w.offset + size;
  }

  protected differential(at: number, detail: string): void {
    if (this.events.filter((e) => e.kind === 'differential').length < 8) this.events.push({ kind: 'differential', offset: at, detail });
  }

  protected poll(at: number): void {
    if (this.opts.timeUp?.()) throw new Halt(at, 'wall-time budget spent', 'maxWallTimeMs');
    this.checkBytes(at);
  }

  protected checkBytes(at: number): void {
    const used = this.w.offset - this.start - this.skipped;
    if (used > this.opts.limits.maxPickleBytes) throw new Halt(at, `stream longer than ${this.opts.limits.maxPickleBytes} bytes`, 'maxPickleBytes');
  }

  // ---- argument readers ----------------------------------------------------------------------

  protected need(n: number, at: number): void {
    if (this.cfEnd >= 0) this.cfileRead(n, at);
    if (!this.w.ensure(n)) throw new Halt(at, `pickle data was truncated inside the argument of ${opcodeName(this.w.buf[at - this.w.base] ?? 0)}`);
  }

  protected uint8(at: number): number {
    this.need(1, at);
    return this.w.buf[this.w.pos++]!;
  }

  protected uint16(at: number): number {
    this.need(2, at);
    const v = this.w.dv.getUint16(this.w.pos, true);
    this.w.pos += 2;
    return v;
  }

  protected int32(at: number): number {
    this.need(4, at);
    const v = this.w.dv.getInt32(this.w.pos, true);
    this.w.pos += 4;
    return v;
  }

  protected uint32(at: number): number {
    this.need(4, at);
    const v = this.w.dv.getUint32(this.w.pos, true);
    this.w.pos += 4;
    return v;
  }

  /** An 8-byte size; above sys.maxsize both unpicklers refuse it. */
  protected size64(at: number, checkMax = true): number {
    this.need(8, at);
    const lo = this.w.dv.getUint32(this.w.pos, true);
    const hi = this.w.dv.getUint32(this.w.pos + 4, true);
    this.w.pos += 8;
    const v = hi * 2 ** 32 + lo;
    if (v > MAX_SIZE || hi >= 0x80000000) throw new Halt(at, `${checkMax ? 'size' : 'frame size'} exceeds sys.maxsize`);
    return v;
  }

  protected bytes(n: number, at: number): Uint8Array {
    this.need(n, at);
    const w = this.w;
    const b = w.buf.subarray(w.pos, w.pos + n);
    w.pos += n;
    if (n > 65536) this.checkBytes(at);
    return b;
  }

  /** bytes / bytearray: large payloads stay in the source (read only if someone needs them). */
  protected bytesValue(n: number, at: number, mutable: boolean): PyValue {
    const w = this.w;
    if (n > LAZY_BYTES) {
      if (n > w.remaining()) throw new Halt(at, `pickle data was truncated inside a ${n}-byte argument`);
      const v: PyValue = { t: 'lazy', kind: mutable ? 'bytearray' : 'bytes', offset: w.offset, length: n, encoding: 'latin1' };
      w.pos += n;
      this.skipped += n;
      return v;
    }
    const data = this.bytes(n, at);
    if (this.embedded < MAX_EMBEDDED && looksLikePickleBytes(data)) {
      this.embedded++;
      this.events.push({ kind: 'embedded', offset: at, data });
    }
    return { t: 'bytes', data, mutable };
  }

  protected unicode(n: number, at: number): PyValue {
    const w = this.w;
    if (n > LAZY_BYTES) {
      if (n > w.remaining()) throw new Halt(at, `pickle data was truncated inside a ${n}-byte argument`);
      const v: PyValue = { t: 'lazy', kind: 'str', offset: w.offset, length: n, encoding: 'utf8' };
      w.pos += n;
      this.skipped += n;
      return v;
    }
    const s = text.decodeUtf8SurrogatePass(this.bytes(n, at));
    if (s === undefined) throw new Halt(at, 'invalid UTF-8 in a unicode argument');
    return s;
  }

  /**
   * One text line without its newline. At the end of the data CPython's C unpickler fails, while
   * the pure-Python one returns the partial line and drops its last byte (`readline()[:-1]`):
   * we follow the latter so its imports are seen.
   */
  protected line(at: number, opcode: string): Uint8Array {
    const w = this.w;
    if (this.cfile) return this.cfileLine(at, opcode);
    const nl = w.findNewline();
    if (nl >= 0) {
      const b = w.buf.subarray(w.pos, nl);
      w.pos = nl + 1;
      return b;
    }
    const rest = w.buf.subarray(w.pos);
    w.pos = w.buf.length;
    this.differential(at, `${opcode} argument is not newline-terminated at the end of the data (the pure-Python unpickler still uses it)`);
    return rest.subarray(0, Math.max(0, rest.length - 1));
  }

  protected textLine(at: number, opcode: string): string {
    return text.decodeLatin1(this.line(at, opcode));
  }

  protected parseInt(s: string, base: 0 | 10, at: number, pythonOnly = false): bigint {
    const parse = (t: string): bigint | undefined => text.parsePythonInt(t, base) ?? (pythonOnly ? undefined : text.parseStrtol(t));
    // C's strtol on an empty string (a NUL right after the opcode) yields 0 and is accepted for INT.
    const cParse = (t: string): bigint | undefined => (t === '' && !pythonOnly ? 0n : parse(t));
    const v = parse(s) ?? this.cPrefixParse(s, cParse, at);
    if (v === undefined) throw new Halt(at, `invalid literal for int(): ${JSON.stringify(s.slice(0, 40))}`);
    return v;
  }

  /** A numeric line the C unpickler reads up to its first NUL (reported as a parser differential). */
  protected cPrefixParse<T>(s: string, parse: (t: string) => T | undefined, at: number): T | undefined {
    const prefix = text.cStringPrefix(s);
    const v = prefix === undefined ? undefined : parse(prefix);
    if (v !== undefined) this.differential(at, 'a numeric argument contains a NUL byte: the C unpickler reads up to it, the pure-Python unpickler rejects the line');
    return v;
  }
}


export function floatValue(v: number): PyValue {
  return Number.isInteger(v) ? { t: 'float', v } : v;
}

export function intValue(v: bigint): PyValue {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** Python 2 `str` (STRING/BINSTRING): text under the loader's encoding; we keep UTF-8 or Latin-1. */
export function py2String(b: Uint8Array): PyValue {
  return text.decodeUtf8(b) ?? text.decodeLatin1(b);
}

/** Little-endian two's complement (LONG1/LONG4). */
export function decodeLong(b: Uint8Array): PyValue {
  if (b.length === 0) return 0;
  if (b.length <= 6) {
    let v = 0;
    for (let i = b.length - 1; i >= 0; i--) v = v * 256 + b[i]!;
    if (b[b.length - 1]! & 0x80) v -= 2 ** (8 * b.length);
    return v;
  }
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  if (b[b.length - 1]! & 0x80) v -= 1n << BigInt(8 * b.length);
  return intValue(v);
}
