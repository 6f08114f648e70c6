// A parser for the Python literals in a .npy header (dicts, tuples, lists, strings, ints,
// True/False/None). Never evaluates anything: unknown syntax is an error, not code.

export type PyLiteral = string | number | boolean | null | PyLiteral[] | { tuple: PyLiteral[] } | Map<string, PyLiteral>;

export type LiteralResult = { ok: true; value: PyLiteral } | { ok: false; error: string; at: number };

/** Nesting beyond this is not a header numpy writes. */
const MAX_DEPTH = 32;

export function parseLiteral(text: string): LiteralResult {
  const p = new Parser(text);
  try {
    const value = p.value(0);
    p.ws();
    if (p.i < text.length) return { ok: false, error: `unexpected ${JSON.stringify(text[p.i])} after the literal`, at: p.i };
    return { ok: true, value };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e), at: p.i };
  }
}

class Parser {
  i = 0;
  constructor(private readonly s: string) {}

  ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }

  value(depth: number): PyLiteral {
    if (depth > MAX_DEPTH) throw new Error('literal nested too deeply');
    this.ws();
    const c = this.s[this.i];
    if (c === '{') return this.dict(depth);
    if (c === '(') return { tuple: this.seq(')', depth) };
    if (c === '[') return this.seq(']', depth);
    if (c === "'" || c === '"') return this.str();
    if (c !== undefined && /[-+0-9]/.test(c)) return this.int();
    for (const [word, v] of [['True', true], ['False', false], ['None', null]] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    throw new Error(c === undefined ? 'unexpected end of header' : `unexpected ${JSON.stringify(c)}`);
  }

  private dict(depth: number): Map<string, PyLiteral> {
    const out = new Map<string, PyLiteral>();
    this.i++;
    for (;;) {
      this.ws();
      if (this.s[this.i] === '}') {
        this.i++;
        return out;
      }
      const key = this.value(depth + 1);
      if (typeof key !== 'string') throw new Error('dictionary key is not a string');
      this.ws();
      if (this.s[this.i] !== ':') throw new Error('expected ":"');
      this.i++;
      out.set(key, this.value(depth + 1));
      this.ws();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== '}') throw new Error('expected "," or "}"');
    }
  }

  private seq(close: string, depth: number): PyLiteral[] {
    const out: PyLiteral[] = [];
    this.i++;
    for (;;) {
      this.ws();
      if (this.s[this.i] === close) {
        this.i++;
        return out;
      }
      out.push(this.value(depth + 1));
      this.ws();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== close) throw new Error(`expected "," or "${close}"`);
    }
  }

  private str(): string {
    const q = this.s[this.i]!;
    let out = '';
    this.i++;
    while (this.i < this.s.length && this.s[this.i] !== q) {
      if (this.s[this.i] === '\\') {
        this.i++;
        const e = this.s[this.i] ?? '';
        out += e === 'n' ? '\n' : e === 't' ? '\t' : e;
      } else {
        out += this.s[this.i];
      }
      this.i++;
    }
    if (this.s[this.i] !== q) throw new Error('unterminated string');
    this.i++;
    return out;
  }

  private int(): number {
    const m = /^[-+]?[0-9]+L?/.exec(this.s.slice(this.i, this.i + 40));
    if (!m) throw new Error('bad number');
    this.i += m[0].length;
    return Number.parseInt(m[0], 10);
  }
}

/** Python-style text of a literal, for reports (`('<f4', (2,))`). */
export function pyRepr(v: PyLiteral): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  return v.tuple.length === 1 ? `(${pyRepr(v.tuple[0]!)},)` : `(${v.tuple.map(pyRepr).join(', ')})`;
}
