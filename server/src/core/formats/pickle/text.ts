// Decoders for the text arguments of protocol 0 opcodes, with CPython's exact acceptance rules
// (a value CPython accepts must not stop our analysis, or a scanner differential opens up).

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });

/** Strict UTF-8 (surrogates rejected), as GLOBAL lines are decoded. */
export function decodeUtf8(b: Uint8Array): string | undefined {
  try {
    return utf8Fatal.decode(b);
  } catch {
    return undefined;
  }
}

/** Latin-1: every byte is one code point. */
export function decodeLatin1(b: Uint8Array): string {
  // TextDecoder('latin1') is windows-1252 per WHATWG; Buffer's latin1 is the real ISO-8859-1.
  return Buffer.from(b.buffer, b.byteOffset, b.length).toString('latin1');
}

export function isAscii(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i]! > 0x7f) return false;
  return true;
}

export function decodeAscii(b: Uint8Array): string | undefined {
  return isAscii(b) ? decodeLatin1(b) : undefined;
}

/** UTF-8 with 'surrogatepass' (BINUNICODE family): encoded lone surrogates are allowed. */
export function decodeUtf8SurrogatePass(b: Uint8Array): string | undefined {
  const fast = decodeUtf8(b);
  if (fast !== undefined) return fast;
  // Slow path: split at encoded surrogates (ED A0..BF xx) and decode the pieces strictly.
  let out = '';
  let from = 0;
  for (let i = 0; i + 2 < b.length; i++) {
    if (b[i] === 0xed && b[i + 1]! >= 0xa0 && b[i + 1]! <= 0xbf && (b[i + 2]! & 0xc0) === 0x80) {
      const piece = decodeUtf8(b.subarray(from, i));
      if (piece === undefined) return undefined;
      out += piece + String.fromCharCode(0xd000 | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f));
      from = i + 3;
      i += 2;
    }
  }
  const rest = decodeUtf8(b.subarray(from));
  return rest === undefined ? undefined : out + rest;
}

const HEX = /^[0-9a-fA-F]+$/;

/** Python's 'raw-unicode-escape' codec (UNICODE opcode). */
export function decodeRawUnicodeEscape(b: Uint8Array): string | undefined {
  let out = '';
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c !== 0x5c) {
      out += String.fromCharCode(c);
      i++;
      continue;
    }
    let j = i;
    while (j < b.length && b[j] === 0x5c) j++;
    const run = j - i;
    const next = b[j];
    if (run % 2 === 0 || (next !== 0x75 && next !== 0x55)) {
      out += '\\'.repeat(run);
      i = j;
      continue;
    }
    out += '\\'.repeat(run - 1);
    const digits = next === 0x75 ? 4 : 8;
    const hex = String.fromCharCode(...b.subarray(j + 1, j + 1 + digits));
    if (hex.length !== digits || !HEX.test(hex)) return undefined;
    const cp = parseInt(hex, 16);
    if (cp > 0x10ffff) return undefined;
    out += String.fromCodePoint(cp);
    i = j + 1 + digits;
  }
  return out;
}

/** `codecs.escape_decode` (STRING opcode after the quotes are stripped). */
export function escapeDecode(b: Uint8Array): Uint8Array | undefined {
  const out: number[] = [];
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c !== 0x5c) {
      out.push(c);
      continue;
    }
    if (i + 1 >= b.length) return undefined; // trailing backslash
    const e = b[++i]!;
    switch (e) {
      case 0x0a: break; // line continuation
      case 0x5c: out.push(0x5c); break;
      case 0x27: out.push(0x27); break;
      case 0x22: out.push(0x22); break;
      case 0x62: out.push(0x08); break;
      case 0x66: out.push(0x0c); break;
      case 0x74: out.push(0x09); break;
      case 0x6e: out.push(0x0a); break;
      case 0x72: out.push(0x0d); break;
      case 0x76: out.push(0x0b); break;
      case 0x61: out.push(0x07); break;
      case 0x78: {
        const hex = String.fromCharCode(b[i + 1] ?? 0, b[i + 2] ?? 0);
        if (i + 2 >= b.length || !HEX.test(hex)) return undefined;
        out.push(parseInt(hex, 16));
        i += 2;
        break;
      }
      default:
        if (e >= 0x30 && e <= 0x37) {
          let v = e - 0x30;
          for (let k = 0; k < 2 && i + 1 < b.length && b[i + 1]! >= 0x30 && b[i + 1]! <= 0x37; k++) v = v * 8 + (b[++i]! - 0x30);
          out.push(v & 0xff);
        } else {
          out.push(0x5c, e);
        }
    }
  }
  return Uint8Array.from(out);
}

const PY_SPACE = /^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g;
const DEC = /^[+-]?[0-9](?:_?[0-9])*$/;
const DEC0 = /^[+-]?(?:0(?:_?0)*|[1-9](?:_?[0-9])*)$/;
const PREFIXED = /^([+-]?)0(?:([xX])_?([0-9a-fA-F](?:_?[0-9a-fA-F])*)|([oO])_?([0-7](?:_?[0-7])*)|([bB])_?([01](?:_?[01])*))$/;

/** Python `int(text, base)` for base 10 or 0 (ASCII text); undefined when Python raises. */
export function parsePythonInt(text: string, base: 0 | 10): bigint | undefined {
  const s = text.replace(PY_SPACE, '');
  if (base === 10) return DEC.test(s) ? BigInt(s.replace(/_/g, '')) : undefined;
  if (DEC0.test(s)) return BigInt(s.replace(/_/g, ''));
  const m = PREFIXED.exec(s);
  if (!m) return undefined;
  const digits = (m[3] ?? m[5] ?? m[7] ?? '').replace(/_/g, '');
  const prefix = m[2] ? '0x' : m[4] ? '0o' : '0b';
  const v = BigInt(prefix + digits);
  return m[1] === '-' ? -v : v;
}

/** C `strtol(s, &end, 0)` consuming the whole line (the C unpickler's INT fast path). */
export function parseStrtol(text: string): bigint | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!m) return undefined;
  const body = m[2]!;
  const v = body.startsWith('0x') || body.startsWith('0X') ? BigInt(body) : body.startsWith('0') ? BigInt(`0o${body.slice(1) || '0'}`) : BigInt(body);
  return m[1] === '-' ? -v : v;
}

const PY_FLOAT = /^[+-]?(?:(?:[0-9](?:_?[0-9])*)?\.?(?:[0-9](?:_?[0-9])*)?(?:[eE][+-]?[0-9](?:_?[0-9])*)?|inf(?:inity)?|nan)$/i;

/** Python `float(text)`; undefined when CPython raises. */
export function parsePythonFloat(text: string): number | undefined {
  const s = text.replace(PY_SPACE, '');
  if (!PY_FLOAT.test(s) || !/[0-9]|inf|nan/i.test(s) || /^[+-]?\.?(?:[eE]|$)/.test(s)) return undefined;
  const lower = s.toLowerCase().replace(/_/g, '');
  if (lower.endsWith('nan')) return NaN;
  if (lower.includes('inf')) return lower.startsWith('-') ? -Infinity : Infinity;
  const v = Number(lower);
  return Number.isNaN(v) ? undefined : v;
}

/**
 * The C unpickler hands numeric text arguments (INT, LONG, FLOAT, PUT, GET) to C parsers that
 * stop at the first NUL byte, where the pure-Python unpickler rejects the whole line. Returns the
 * part before the NUL, or undefined when the line has none.
 */
export function cStringPrefix(s: string): string | undefined {
  const nul = s.indexOf('\0');
  return nul < 0 ? undefined : s.slice(0, nul);
}
