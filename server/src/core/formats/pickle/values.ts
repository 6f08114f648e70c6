// Symbolic Python values on the pickle machine's stack. Constants stay concrete (so evidence can
// show `os.system('curl x | sh')`); everything else is an opaque value with a short description.
// Numbers are plain JS numbers (no allocation in the hot loop); containers keep a bounded prefix.

/** Integral floats only (1.0): a non-integral JS number is a float, an integral one an int. */
export interface PyFloat { t: 'float'; v: number }
export interface PyBytes { t: 'bytes'; data: Uint8Array; mutable: boolean }
/** A large str/bytes argument that was skipped, not read: its place in the source. */
export interface PyLazy { t: 'lazy'; kind: 'str' | 'bytes' | 'bytearray'; offset: number; length: number; encoding: 'utf8' | 'latin1' }
export interface PySeq { t: 'tuple' | 'list' | 'set' | 'frozenset'; items: PyValue[]; len: number }
export interface PyDict { t: 'dict'; keys: PyValue[]; vals: PyValue[]; len: number }
/** An object returned by find_class. `key` names the import record. */
export interface PyGlobal { t: 'global'; module: string; name: string; key: string }
export type CallKind = 'REDUCE' | 'INST' | 'OBJ' | 'NEWOBJ' | 'NEWOBJ_EX';
export interface PyCall {
  t: 'call';
  kind: CallKind;
  fn: PyValue;
  args: PyValue;
  kwargs?: PyValue;
  offset: number;
  /** State given by the first BUILD on the result. */
  state?: PyValue;
  memoized?: boolean;
}
export interface PyOpaque { t: 'opaque'; desc: string }

export type PyObj = PyFloat | PyBytes | PyLazy | PySeq | PyDict | PyGlobal | PyCall | PyOpaque;
export type PyValue = number | bigint | string | boolean | null | PyObj;

/** Items kept per container; the rest are counted, not stored. */
export const MAX_ITEMS = 256;
/** Strings and bytes longer than this stay in the source (PyLazy) unless someone needs them. */
export const LAZY_BYTES = 1 << 20;

export function seq(t: PySeq['t'], items: PyValue[]): PySeq {
  return items.length > MAX_ITEMS ? { t, items: items.slice(0, MAX_ITEMS), len: items.length } : { t, items, len: items.length };
}

export function dictFrom(items: readonly PyValue[]): PyDict {
  const d: PyDict = { t: 'dict', keys: [], vals: [], len: 0 };
  for (let i = 0; i + 1 < items.length; i += 2) dictSet(d, items[i]!, items[i + 1]!);
  return d;
}

export function seqAdd(s: PySeq, items: readonly PyValue[]): void {
  for (const v of items) {
    if (s.items.length < MAX_ITEMS) s.items.push(v);
  }
  s.len += items.length;
}

export function dictSet(d: PyDict, k: PyValue, v: PyValue): void {
  const i = typeof k === 'object' ? -1 : d.keys.indexOf(k);
  if (i >= 0) {
    d.vals[i] = v;
    return;
  }
  d.len++;
  if (d.keys.length < MAX_ITEMS) {
    d.keys.push(k);
    d.vals.push(v);
  }
}

export function dictGet(d: PyValue, key: string): PyValue | undefined {
  if (!isObj(d) || d.t !== 'dict') return undefined;
  const i = d.keys.indexOf(key);
  return i < 0 ? undefined : d.vals[i];
}

export function isObj(v: PyValue | undefined): v is PyObj {
  return typeof v === 'object' && v !== null;
}

export function isCall(v: PyValue | undefined): v is PyCall {
  return isObj(v) && v.t === 'call';
}

export function isGlobal(v: PyValue | undefined): v is PyGlobal {
  return isObj(v) && v.t === 'global';
}

/** Python `str` (exact type) as the unpickler would see it, when statically known. */
export function asStr(v: PyValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** A Python int as a JS number when exactly representable. */
export function asInt(v: PyValue | undefined): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint' && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(v);
  return undefined;
}

export function tupleItems(v: PyValue | undefined): PyValue[] | undefined {
  if (!isObj(v) || (v.t !== 'tuple' && v.t !== 'list') || v.items.length !== v.len) return undefined;
  return v.items;
}

/** The global a call ultimately invokes, when its callee is a plain import. */
export function calleeGlobal(v: PyValue | undefined): PyGlobal | undefined {
  if (!isCall(v)) return undefined;
  return isGlobal(v.fn) ? v.fn : undefined;
}

/** Python's `type(x).__name__`-like label used in messages. */
export function typeName(v: PyValue): string {
  if (v === null) return 'NoneType';
  switch (typeof v) {
    case 'number': return Number.isInteger(v) ? 'int' : 'float';
    case 'bigint': return 'int';
    case 'string': return 'str';
    case 'boolean': return 'bool';
  }
  switch (v.t) {
    case 'float': return 'float';
    case 'bytes': return v.mutable ? 'bytearray' : 'bytes';
    case 'lazy': return v.kind;
    case 'tuple': case 'list': case 'set': case 'frozenset': case 'dict': return v.t;
    case 'global': return 'global';
    case 'call': return 'object';
    case 'opaque': return 'object';
  }
}

/** True for values CPython would reject as a STACK_GLOBAL operand (anything but a str). */
export function isConstantNonStr(v: PyValue): boolean {
  if (!isObj(v)) return typeof v !== 'string';
  return v.t !== 'call' && v.t !== 'global' && v.t !== 'opaque' && !(v.t === 'lazy' && v.kind === 'str');
}
