// Python-like rendering of symbolic values for evidence: `os.system('echo pwned')`.
// Bounded in depth and length so hostile containers cannot blow up a message.
import type { PyCall, PyValue } from './values';

const MAX_DEPTH = 6;
const MAX_STRING = 200;
const MAX_SHOWN_ITEMS = 8;

export function describe(v: PyValue | undefined, maxLength = 500): string {
  const s = render(v, 0);
  return s.length > maxLength ? `${s.slice(0, maxLength - 1)}…` : s;
}

/** The call expression of a call value: `module.fn(args)`. */
export function describeCall(c: PyCall, maxLength = 500): string {
  return describe(c, maxLength);
}

function render(v: PyValue | undefined, depth: number): string {
  if (v === undefined) return '<?>';
  if (v === null) return 'None';
  switch (typeof v) {
    case 'number': return numberRepr(v);
    case 'bigint': return v.toString();
    case 'boolean': return v ? 'True' : 'False';
    case 'string': return strRepr(v);
  }
  if (depth >= MAX_DEPTH) return '…';
  const d = depth + 1;
  switch (v.t) {
    case 'float': return Number.isFinite(v.v) ? `${v.v.toFixed(1)}` : numberRepr(v.v);
    case 'bytes': return `${v.mutable ? 'bytearray(' : ''}${bytesRepr(v.data)}${v.mutable ? ')' : ''}`;
    case 'lazy': return `<${v.kind} of ${v.length} bytes @${v.offset}>`;
    case 'tuple': {
      const inner = items(v.items, v.len, d);
      return v.len === 1 ? `(${inner},)` : `(${inner})`;
    }
    case 'list': return `[${items(v.items, v.len, d)}]`;
    case 'set': return v.len === 0 ? 'set()' : `{${items(v.items, v.len, d)}}`;
    case 'frozenset': return `frozenset({${items(v.items, v.len, d)}})`;
    case 'dict': {
      const parts: string[] = [];
      const n = Math.min(v.keys.length, MAX_SHOWN_ITEMS);
      for (let i = 0; i < n; i++) parts.push(`${render(v.keys[i], d)}: ${render(v.vals[i], d)}`);
      if (v.len > n) parts.push(`…(${v.len - n} more)`);
      return `{${parts.join(', ')}}`;
    }
    case 'global': return `${v.module}.${v.name}`;
    case 'opaque': return `<${v.desc}>`;
    case 'call': return callRepr(v, d);
  }
}

function callRepr(c: PyCall, depth: number): string {
  const fn = render(c.fn, depth);
  const args = argList(c.args, depth);
  const kw = c.kwargs === undefined ? '' : kwargList(c.kwargs, depth);
  const all = [args, kw].filter((s) => s.length > 0).join(', ');
  if (c.kind === 'NEWOBJ' || c.kind === 'NEWOBJ_EX') return `${fn}.__new__(${fn}${all ? `, ${all}` : ''})`;
  return `${fn}(${all})`;
}

function argList(args: PyValue, depth: number): string {
  if (typeof args === 'object' && args !== null && (args.t === 'tuple' || args.t === 'list')) return items(args.items, args.len, depth);
  return `*${render(args, depth)}`;
}

function kwargList(kwargs: PyValue, depth: number): string {
  if (typeof kwargs === 'object' && kwargs !== null && kwargs.t === 'dict') {
    const parts: string[] = [];
    for (let i = 0; i < Math.min(kwargs.keys.length, MAX_SHOWN_ITEMS); i++) {
      const k = kwargs.keys[i];
      parts.push(typeof k === 'string' ? `${k}=${render(kwargs.vals[i], depth)}` : `**{${render(k, depth)}: …}`);
    }
    return parts.join(', ');
  }
  return `**${render(kwargs, depth)}`;
}

function items(list: readonly PyValue[], len: number, depth: number): string {
  const n = Math.min(list.length, MAX_SHOWN_ITEMS);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(render(list[i], depth));
  if (len > n) parts.push(`…(${len - n} more)`);
  return parts.join(', ');
}

export function numberRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  return String(n);
}

/** Python's repr() of a str: single quotes unless the text has ' and no ". */
export function strRepr(s: string): string {
  const short = s.length > MAX_STRING ? s.slice(0, MAX_STRING) : s;
  const quote = short.includes("'") && !short.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of short) {
    const c = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || (c >= 0x7f && c < 0xa0)) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c >= 0xd800 && c <= 0xdfff) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}${quote}${s.length > MAX_STRING ? `…(${s.length} chars)` : ''}`;
}

export function bytesRepr(b: Uint8Array): string {
  const n = Math.min(b.length, MAX_STRING);
  let hasSingle = false;
  let hasDouble = false;
  for (let i = 0; i < n; i++) {
    if (b[i] === 0x27) hasSingle = true;
    else if (b[i] === 0x22) hasDouble = true;
  }
  const quote = hasSingle && !hasDouble ? '"' : "'";
  let out = `b${quote}`;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    const ch = String.fromCharCode(c);
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20 || c >= 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}${quote}${b.length > n ? `…(${b.length} bytes)` : ''}`;
}
