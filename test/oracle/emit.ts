// Byte encoders for pickle instructions, written from the opcode facts (little-endian counted
// lengths, newline-terminated text arguments). Each function returns one instruction.
import { OP } from './opcodes';

export type Bytes = Uint8Array;

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

export function latin1(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/** UTF-8 that keeps lone surrogates as 3-byte sequences (CPython's 'surrogatepass'). */
export function utf8Pass(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

export function le(value: number | bigint, width: number): Uint8Array {
  const out = new Uint8Array(width);
  let v = BigInt.asUintN(width * 8, BigInt(value));
  for (let i = 0; i < width; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

export function op(code: number, ...args: Uint8Array[]): Uint8Array {
  return concat([Uint8Array.of(code), ...args]);
}

export function byName(name: string, ...args: Uint8Array[]): Uint8Array {
  const code = OP[name];
  if (code === undefined) throw new Error(`unknown opcode ${name}`);
  return op(code, ...args);
}

export function line(payload: Uint8Array | string): Uint8Array {
  return concat([typeof payload === 'string' ? utf8Pass(payload) : payload, Uint8Array.of(0x0a)]);
}

/** Counted payload: opcode, `width`-byte length (the declared one, possibly a lie), payload. */
export function counted(name: string, width: number, payload: Uint8Array, declared = payload.length): Uint8Array {
  return byName(name, le(declared, width), payload);
}

export function global(module: string | Uint8Array, name: string | Uint8Array, opname = 'GLOBAL'): Uint8Array {
  return byName(opname, line(module), line(name));
}

/** Python-style quoted literal for STRING (protocol 0), ASCII-only escapes. */
export function quotedString(bytes: Uint8Array): string {
  let s = "'";
  for (const b of bytes) {
    if (b === 0x5c) s += '\\\\';
    else if (b === 0x27) s += "\\'";
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += '\\x' + b.toString(16).padStart(2, '0');
  }
  return s + "'";
}

/** raw-unicode-escape text for UNICODE, escaping what would break the line as CPython does. */
export function rawUnicodeEscape(text: string): string {
  let s = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c === 0x5c || c === 0x0a || c === 0x0d || c === 0 || c === 0x1a || c > 0x7e) {
      s += c > 0xffff ? '\\U' + c.toString(16).padStart(8, '0') : '\\u' + c.toString(16).padStart(4, '0');
    } else s += ch;
  }
  return s;
}

export const STRING_OPS = [
  'SHORT_BINUNICODE', 'BINUNICODE', 'BINUNICODE8', 'UNICODE', 'STRING', 'BINSTRING', 'SHORT_BINSTRING',
] as const;
export type StringOp = (typeof STRING_OPS)[number];

/** Pushes `text` as a str using one of the seven str-producing opcodes. */
export function pushStr(text: string, how: StringOp): Uint8Array {
  switch (how) {
    case 'SHORT_BINUNICODE': {
      const b = utf8Pass(text);
      return counted(how, 1, b, b.length & 0xff);
    }
    case 'BINUNICODE':
      return counted(how, 4, utf8Pass(text));
    case 'BINUNICODE8':
      return counted(how, 8, utf8Pass(text));
    case 'UNICODE':
      return byName(how, line(latin1(rawUnicodeEscape(text))));
    case 'STRING':
      return byName(how, line(latin1(quotedString(utf8Pass(text)))));
    case 'BINSTRING':
      return counted(how, 4, utf8Pass(text));
    case 'SHORT_BINSTRING': {
      const b = utf8Pass(text);
      return counted(how, 1, b, b.length & 0xff);
    }
  }
}

export function proto(n: number): Uint8Array {
  return byName('PROTO', Uint8Array.of(n & 0xff));
}

export function frame(length: number | bigint): Uint8Array {
  return byName('FRAME', le(length, 8));
}

export const STOP = Uint8Array.of(OP.STOP!);
