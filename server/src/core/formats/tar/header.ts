// One 512-byte tar header (v7, ustar, GNU, pax): fields, numbers (octal or base-256) and checksum.

export const BLOCK = 512;

export interface RawHeader {
  name: string;
  mode: number | undefined;
  size: number | undefined;
  checksum: number | undefined;
  type: string;
  linkname: string;
  magic: 'ustar' | 'gnu' | 'v7';
  prefix: string;
}

const text = (b: Uint8Array, start: number, length: number): string => {
  const field = b.subarray(start, start + length);
  const end = field.indexOf(0);
  return Buffer.from(end >= 0 ? field.subarray(0, end) : field).toString('utf8');
};

/** Octal (NUL/space padded) or GNU base-256 (high bit set). Undefined when neither parses. */
export function readNumber(b: Uint8Array, start: number, length: number): number | undefined {
  const field = b.subarray(start, start + length);
  if (field[0]! & 0x80) {
    if (field[0] === 0xff) return undefined; // negative
    let v = field[0]! & 0x7f;
    for (let i = 1; i < field.length; i++) {
      v = v * 256 + field[i]!;
      if (v > Number.MAX_SAFE_INTEGER) return undefined;
    }
    return v;
  }
  const s = Buffer.from(field).toString('latin1').replace(/[\0 ]+$/, '').replace(/^ +/, '');
  if (s === '') return 0;
  return /^[0-7]+$/.test(s) ? parseInt(s, 8) : undefined;
}

/** Sum of the header bytes with the checksum field counted as spaces (unsigned and signed forms). */
export function checksums(b: Uint8Array): { unsigned: number; signed: number } {
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const v = i >= 148 && i < 156 ? 0x20 : b[i]!;
    unsigned += v;
    signed += v > 127 ? v - 256 : v;
  }
  return { unsigned, signed };
}

export function checksumOk(b: Uint8Array): boolean {
  const declared = readNumber(b, 148, 8);
  if (declared === undefined) return false;
  const c = checksums(b);
  return declared === c.unsigned || declared === c.signed;
}

export function isZeroBlock(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return b.length === BLOCK;
}

export function parseHeader(b: Uint8Array): RawHeader {
  const magicField = Buffer.from(b.subarray(257, 265)).toString('latin1');
  const magic = magicField === 'ustar\u000000' || magicField.startsWith('ustar\u0000') ? 'ustar' : magicField === 'ustar  \u0000' ? 'gnu' : 'v7';
  return {
    name: text(b, 0, 100),
    mode: readNumber(b, 100, 8),
    size: readNumber(b, 124, 12),
    checksum: readNumber(b, 148, 8),
    type: String.fromCharCode(b[156] ?? 0),
    linkname: text(b, 157, 100),
    magic,
    prefix: magic === 'ustar' ? text(b, 345, 155) : '',
  };
}

/**
 * Signature test: a first header with a valid checksum, and either the ustar/GNU magic or a
 * v7 header whose name is printable and whose mode and size fields are octal.
 */
export function looksLikeTar(head: Uint8Array): boolean {
  if (head.length < BLOCK) return false;
  const b = head.subarray(0, BLOCK);
  if (isZeroBlock(b) || !checksumOk(b)) return false;
  const h = parseHeader(b);
  if (h.magic !== 'v7') return true;
  // eslint-disable-next-line no-control-regex
  return h.name.length > 0 && !/[\u0000-\u001f]/.test(h.name) && h.mode !== undefined && h.size !== undefined && /^[\0-7]$/.test(h.type);
}

/** pax extended header records: `<length> <key>=<value>\n`. */
export function parsePax(data: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  let at = 0;
  while (at < data.length) {
    let sp = at;
    while (sp < data.length && sp - at < 20 && data[sp] !== 0x20) sp++;
    const len = parseInt(Buffer.from(data.subarray(at, sp)).toString('latin1'), 10);
    if (!Number.isFinite(len) || len <= sp - at || at + len > data.length) break;
    const record = Buffer.from(data.subarray(sp + 1, at + len)).toString('utf8').replace(/\n$/, '');
    const eq = record.indexOf('=');
    if (eq > 0) out.set(record.slice(0, eq), record.slice(eq + 1));
    at += len;
  }
  return out;
}
