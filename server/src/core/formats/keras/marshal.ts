// A bounded reader for CPython `marshal` data, far enough to list what a code object refers to.
// It builds plain values only and never executes anything. Type codes and code-object layouts
// are facts of CPython's marshal format (3.0–3.13).

export type MarshalValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | MarshalValue[]
  | { kind: 'code'; code: CodeObject }
  | { kind: 'other'; type: string };

export interface CodeObject {
  names: string[];
  consts: MarshalValue[];
  varnames: string[];
  filename: string;
  name: string;
  /** Nested code objects (inner lambdas, comprehensions) found in `consts`. */
  inner: CodeObject[];
}

export interface MarshalResult {
  value?: MarshalValue;
  error?: string;
}

const FLAG_REF = 0x80;
const MAX_DEPTH = 64;
const MAX_ITEMS = 100_000;

class Stop extends Error {}

/** Code-object field counts per CPython generation: ints before co_code, objects after. */
const LAYOUTS = [
  { label: '3.11+', ints: 5, objects: ['code', 'consts', 'names', 'localsplusnames', 'localspluskinds', 'filename', 'name', 'qualname'], tailInt: true, tailObjects: 2 },
  { label: '3.8-3.10', ints: 6, objects: ['code', 'consts', 'names', 'varnames', 'freevars', 'cellvars', 'filename', 'name'], tailInt: true, tailObjects: 1 },
  { label: '3.0-3.7', ints: 5, objects: ['code', 'consts', 'names', 'varnames', 'freevars', 'cellvars', 'filename', 'name'], tailInt: true, tailObjects: 1 },
] as const;

class Reader {
  pos = 0;
  items = 0;
  refs: MarshalValue[] = [];
  constructor(private readonly b: Uint8Array, private readonly layout: (typeof LAYOUTS)[number]) {}

  need(n: number): void {
    if (n < 0 || this.pos + n > this.b.length) throw new Stop(`truncated at byte ${this.pos}`);
  }
  byte(): number {
    this.need(1);
    return this.b[this.pos++]!;
  }
  i32(): number {
    this.need(4);
    const v = this.b[this.pos]! | (this.b[this.pos + 1]! << 8) | (this.b[this.pos + 2]! << 16) | (this.b[this.pos + 3]! << 24);
    this.pos += 4;
    return v;
  }
  bytes(n: number): Uint8Array {
    if (n < 0) throw new Stop(`negative length at byte ${this.pos}`);
    this.need(n);
    const out = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  count(n: number): number {
    if (n < 0 || n > this.b.length - this.pos) throw new Stop(`implausible count ${n} at byte ${this.pos}`);
    this.items += n;
    if (this.items > MAX_ITEMS) throw new Stop('too many items');
    return n;
  }

  value(depth: number): MarshalValue {
    if (depth > MAX_DEPTH) throw new Stop('nesting too deep');
    const at = this.pos;
    const raw = this.byte();
    const flag = (raw & FLAG_REF) !== 0;
    const type = String.fromCharCode(raw & ~FLAG_REF);
    // Containers reserve their ref slot before their children, like CPython's r_ref_reserve.
    const slot = flag ? this.refs.push(null) - 1 : -1;
    const v = this.body(type, depth, at);
    if (slot >= 0) this.refs[slot] = v;
    return v;
  }

  private body(type: string, depth: number, at: number): MarshalValue {
    const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');
    const utf8 = (b: Uint8Array): string => Buffer.from(b).toString('utf8');
    switch (type) {
      case '0': case 'N': return null;
      case 'F': return false;
      case 'T': return true;
      case 'S': return { kind: 'other', type: 'StopIteration' };
      case '.': return { kind: 'other', type: 'Ellipsis' };
      case 'i': return this.i32();
      case 'I': this.bytes(8); return { kind: 'other', type: 'int64' };
      case 'l': {
        const n = this.i32();
        this.bytes(2 * this.count(Math.abs(n)));
        return { kind: 'other', type: 'long' };
      }
      case 'f': this.bytes(this.byte()); return { kind: 'other', type: 'float' };
      case 'g': this.bytes(8); return { kind: 'other', type: 'float' };
      case 'x': this.bytes(this.byte()); this.bytes(this.byte()); return { kind: 'other', type: 'complex' };
      case 'y': this.bytes(16); return { kind: 'other', type: 'complex' };
      case 's': return this.bytes(this.i32()).slice();
      case 't': case 'u': return utf8(this.bytes(this.i32()));
      case 'a': case 'A': return latin1(this.bytes(this.i32()));
      case 'z': case 'Z': return latin1(this.bytes(this.byte()));
      case 'r': case 'R': {
        const i = this.i32();
        if (i < 0 || i >= this.refs.length) throw new Stop(`bad reference ${i} at byte ${at}`);
        return this.refs[i]!;
      }
      case ')': return this.seq(this.count(this.byte()), depth);
      case '(': case '[': case '<': case '>': return this.seq(this.count(this.i32()), depth);
      case '{': {
        const out: MarshalValue[] = [];
        for (;;) {
          if (this.b[this.pos] === 0x30 /* '0' NULL ends a dict */) { this.pos++; return out; }
          this.count(1);
          out.push(this.value(depth + 1), this.value(depth + 1));
        }
      }
      case 'c': return { kind: 'code', code: this.code(depth) };
      default: throw new Stop(`unknown type code 0x${type.charCodeAt(0).toString(16)} at byte ${at}`);
    }
  }

  private seq(n: number, depth: number): MarshalValue[] {
    const out: MarshalValue[] = [];
    for (let i = 0; i < n; i++) out.push(this.value(depth + 1));
    return out;
  }

  private code(depth: number): CodeObject {
    for (let i = 0; i < this.layout.ints; i++) this.i32();
    const fields: Record<string, MarshalValue> = {};
    for (const f of this.layout.objects) fields[f] = this.value(depth + 1);
    if (this.layout.tailInt) this.i32();
    for (let i = 0; i < this.layout.tailObjects; i++) this.value(depth + 1);
    if (!(fields.code instanceof Uint8Array)) throw new Stop('co_code is not bytes');
    const consts = Array.isArray(fields.consts) ? fields.consts : [];
    if (!Array.isArray(fields.consts) || !Array.isArray(fields.names)) throw new Stop('co_consts/co_names are not tuples');
    const strings = (v: MarshalValue | undefined): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    if (strings(fields.names).length !== fields.names.length) throw new Stop('co_names holds non-strings');
    return {
      names: strings(fields.names),
      consts,
      varnames: strings(fields.varnames ?? fields.localsplusnames),
      filename: typeof fields.filename === 'string' ? fields.filename : '',
      name: typeof fields.name === 'string' ? fields.name : '',
      inner: consts.flatMap((c) => (c && typeof c === 'object' && 'kind' in c && c.kind === 'code' ? [c.code] : [])),
    };
  }
}

/**
 * Reads one marshalled value. The marshal stream does not say which CPython wrote it, so each
 * code-object layout is tried and the first that consumes the data exactly wins.
 */
export function readMarshal(bytes: Uint8Array): MarshalResult {
  let firstError: string | undefined;
  for (const layout of LAYOUTS) {
    const r = new Reader(bytes, layout);
    try {
      const value = r.value(0);
      if (r.pos === bytes.length) return { value };
      firstError ??= `${bytes.length - r.pos} trailing bytes (layout ${layout.label})`;
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
      firstError ??= e.message;
    }
  }
  return { error: firstError ?? 'unreadable' };
}

/** Every name and string constant a code object (and its inner code objects) refers to. */
export function codeReferences(code: CodeObject, depth = 0): { names: string[]; strings: string[] } {
  const names = new Set(code.names);
  const strings = new Set<string>();
  const walk = (v: MarshalValue): void => {
    if (typeof v === 'string') strings.add(v);
    else if (v instanceof Uint8Array) strings.add(Buffer.from(v).toString('latin1'));
    else if (Array.isArray(v)) v.forEach(walk);
  };
  code.consts.forEach(walk);
  if (depth < MAX_DEPTH) {
    for (const c of code.inner) {
      const r = codeReferences(c, depth + 1);
      r.names.forEach((n) => names.add(n));
      r.strings.forEach((s) => strings.add(s));
    }
  }
  return { names: [...names], strings: [...strings] };
}
