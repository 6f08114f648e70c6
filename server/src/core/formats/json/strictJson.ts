// A strict JSON reader (RFC 8259) that reports duplicate keys at any depth. `JSON.parse` keeps the
// last duplicate silently, which hides exactly the parser differential we look for. Numbers keep
// their source text so 64-bit offsets survive (BigInt), and objects are Maps (no `__proto__` games).

export class JsonNumber {
  constructor(readonly raw: string) {}
  toNumber(): number {
    return Number(this.raw);
  }
  /** The exact value of an integer literal (`12`, `-3`); undefined for fractions and exponents. */
  toBigInt(): bigint | undefined {
    return /^-?\d+$/.test(this.raw) ? BigInt(this.raw) : undefined;
  }
}

export type JsonObject = Map<string, JsonValue>;
export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject;

export interface DuplicateKey {
  /** JSON pointer of the object holding the key. */
  pointer: string;
  key: string;
  /** Index in the text of the second occurrence. */
  offset: number;
}

export interface JsonParse {
  value?: JsonValue;
  duplicates: DuplicateKey[];
  error?: { offset: number; message: string };
}

export interface JsonOptions {
  /** Deepest nesting accepted (serde_json's default is 128). */
  maxDepth?: number;
  /** Duplicates recorded before the rest are only counted. */
  maxDuplicates?: number;
}

class JsonError extends Error {
  constructor(readonly offset: number, message: string) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export function pointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function isJsonObject(v: JsonValue | undefined): v is JsonObject {
  return v instanceof Map;
}

/** Parses `text` completely; never throws on bad input. */
export function parseJson(text: string, options: JsonOptions = {}): JsonParse {
  const reader = new Reader(text, options.maxDepth ?? 128, options.maxDuplicates ?? 100);
  try {
    reader.skipWs();
    const value = reader.value('', 0);
    reader.skipWs();
    if (reader.pos < text.length) throw new JsonError(reader.pos, 'unexpected data after the JSON value');
    return { value, duplicates: reader.duplicates };
  } catch (e) {
    if (e instanceof JsonError) return { duplicates: reader.duplicates, error: { offset: e.offset, message: e.message } };
    if (e instanceof RangeError) return { duplicates: reader.duplicates, error: { offset: reader.pos, message: 'nesting too deep' } };
    throw e;
  }
}

class Reader {
  pos = 0;
  readonly duplicates: DuplicateKey[] = [];
  constructor(private readonly s: string, private readonly maxDepth: number, private readonly maxDuplicates: number) {}

  skipWs(): void {
    const s = this.s;
    let p = this.pos;
    for (;;) {
      const c = s.charCodeAt(p);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) p++;
      else break;
    }
    this.pos = p;
  }

  value(pointer: string, depth: number): JsonValue {
    if (depth > this.maxDepth) throw new JsonError(this.pos, `nesting deeper than ${this.maxDepth}`);
    const c = this.s[this.pos];
    switch (c) {
      case '{': return this.object(pointer, depth);
      case '[': return this.array(pointer, depth);
      case '"': return this.string();
      case 't': return this.literal('true', true);
      case 'f': return this.literal('false', false);
      case 'n': return this.literal('null', null);
      default: return this.number();
    }
  }

  private literal<T>(word: string, v: T): T {
    if (!this.s.startsWith(word, this.pos)) throw new JsonError(this.pos, 'unexpected character');
    this.pos += word.length;
    return v;
  }

  private number(): JsonNumber {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.s);
    if (!m || m[0].length === 0) throw new JsonError(this.pos, this.pos >= this.s.length ? 'unexpected end of JSON' : 'unexpected character');
    this.pos += m[0].length;
    return new JsonNumber(m[0]);
  }

  private expect(ch: string): void {
    if (this.s[this.pos] !== ch) throw new JsonError(this.pos, this.pos >= this.s.length ? 'unexpected end of JSON' : `expected '${ch}'`);
    this.pos++;
  }

  private object(pointer: string, depth: number): JsonObject {
    const out: JsonObject = new Map();
    this.pos++;
    this.skipWs();
    if (this.s[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWs();
      const keyAt = this.pos;
      if (this.s[this.pos] !== '"') throw new JsonError(this.pos, 'expected a string key');
      const key = this.string();
      this.skipWs();
      this.expect(':');
      this.skipWs();
      const v = this.value(`${pointer}/${pointerToken(key)}`, depth + 1);
      if (out.has(key) && this.duplicates.length < this.maxDuplicates) this.duplicates.push({ pointer: pointer || '/', key, offset: keyAt });
      out.set(key, v); // last wins, as JSON.parse and Python's json do
      this.skipWs();
      if (this.s[this.pos] === ',') {
        this.pos++;
        continue;
      }
      this.expect('}');
      return out;
    }
  }

  private array(pointer: string, depth: number): JsonValue[] {
    const out: JsonValue[] = [];
    this.pos++;
    this.skipWs();
    if (this.s[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWs();
      out.push(this.value(`${pointer}/${out.length}`, depth + 1));
      this.skipWs();
      if (this.s[this.pos] === ',') {
        this.pos++;
        continue;
      }
      this.expect(']');
      return out;
    }
  }

  string(): string {
    const s = this.s;
    let p = this.pos + 1;
    let out = '';
    let chunk = p;
    for (;;) {
      if (p >= s.length) throw new JsonError(this.pos, 'unterminated string');
      const c = s.charCodeAt(p);
      if (c === 0x22) break;
      if (c < 0x20) throw new JsonError(p, 'control character in string');
      if (c !== 0x5c) {
        p++;
        continue;
      }
      out += s.slice(chunk, p);
      const e = s[p + 1];
      if (e === 'u') {
        const hex = s.slice(p + 2, p + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonError(p, 'bad \\u escape');
        out += String.fromCharCode(parseInt(hex, 16));
        p += 6;
      } else if (e !== undefined && e in ESCAPES) {
        out += ESCAPES[e];
        p += 2;
      } else {
        throw new JsonError(p, 'bad escape');
      }
      chunk = p;
    }
    out += s.slice(chunk, p);
    this.pos = p + 1;
    return out;
  }
}
