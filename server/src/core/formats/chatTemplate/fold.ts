// Constant folding of template expressions, so names built from pieces (`'__cla' ~ 'ss__'`,
// `'__ssalc__'|reverse`, `'%c%c'|format(95, 95)`, `[...]|join`, `{% set a = ... %}`) are seen for
// what they are. Folding is bounded (depth, string length) and never evaluates anything else.
import { list, operatorOf, str, sub, type Node } from './ast';

export type Env = ReadonlyMap<string, readonly Node[]>;
export type Const = string | number;

const MAX_DEPTH = 24;
const MAX_STRING = 10_000;

export function foldString(n: Node | undefined, env: Env): string | undefined {
  const v = fold(n, env, 0);
  return typeof v === 'string' ? v : undefined;
}

export function foldNumber(n: Node | undefined, env: Env): number | undefined {
  const v = fold(n, env, 0);
  return typeof v === 'number' ? v : undefined;
}

function fold(n: Node | undefined, env: Env, depth: number): Const | undefined {
  if (!n || depth > MAX_DEPTH) return undefined;
  const f = (x: Node | undefined): Const | undefined => fold(x, env, depth + 1);
  switch (n.type) {
    case 'StringLiteral': return typeof n.value === 'string' ? n.value : undefined;
    case 'IntegerLiteral':
    case 'FloatLiteral': return typeof n.value === 'number' ? n.value : undefined;
    case 'Identifier': {
      for (const v of env.get(str(n, 'value') ?? '') ?? []) {
        const r = f(v);
        if (r !== undefined) return r;
      }
      return undefined;
    }
    case 'UnaryExpression': {
      const a = f(sub(n, 'argument'));
      return typeof a === 'number' && operatorOf(n) === '-' ? -a : typeof a === 'number' && operatorOf(n) === '+' ? a : undefined;
    }
    case 'BinaryExpression': return binary(operatorOf(n), f(sub(n, 'left')), f(sub(n, 'right')));
    case 'FilterExpression': {
      const filter = sub(n, 'filter');
      if (!filter) return undefined;
      const isCall = filter.type === 'CallExpression';
      const name = str((isCall ? sub(filter, 'callee') : filter) ?? filter, 'value');
      const args = isCall ? list(filter, 'args').map(f) : [];
      const operand = sub(n, 'operand');
      if (name === 'join' && operand && (operand.type === 'ArrayLiteral' || operand.type === 'TupleLiteral')) {
        return joinItems(operand, f, typeof args[0] === 'string' ? args[0] : '');
      }
      return applyStringOp(name, f(operand), args);
    }
    case 'CallExpression': {
      const callee = sub(n, 'callee');
      if (!callee || callee.type !== 'MemberExpression' || callee.computed) return undefined;
      const method = str(sub(callee, 'property') ?? callee, 'value');
      const target = sub(callee, 'object');
      const args = list(n, 'args');
      if (method === 'join' && args[0] && (args[0].type === 'ArrayLiteral' || args[0].type === 'TupleLiteral')) {
        const sep = f(target);
        return typeof sep === 'string' ? joinItems(args[0], f, sep) : undefined;
      }
      return applyStringOp(method === 'strip' ? 'trim' : method, f(target), args.map(f));
    }
    case 'MemberExpression': {
      const target = f(sub(n, 'object'));
      const prop = sub(n, 'property');
      if (typeof target !== 'string' || !n.computed || !prop) return undefined;
      if (prop.type === 'SliceExpression') return slice(target, prop, f);
      const i = f(prop);
      return typeof i === 'number' && Number.isInteger(i) ? target.at(i) : undefined;
    }
    default: return undefined;
  }
}

function binary(op: string | undefined, a: Const | undefined, b: Const | undefined): Const | undefined {
  if (a === undefined || b === undefined) return undefined;
  if (op === '~') return cap(String(a) + String(b));
  if (typeof a === 'string' && typeof b === 'string') return op === '+' ? cap(a + b) : undefined;
  if (op === '*' && (typeof a === 'string') !== (typeof b === 'string')) {
    const [s, k] = typeof a === 'string' ? [a, b as number] : [b as string, a as number];
    return k >= 0 && s.length * k <= MAX_STRING ? s.repeat(Math.floor(k)) : undefined;
  }
  if (typeof a !== 'number' || typeof b !== 'number') return undefined;
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    case '//': return Math.floor(a / b);
    case '%': return a % b;
    case '**': return a ** b;
    default: return undefined;
  }
}

function applyStringOp(name: string | undefined, v: Const | undefined, args: (Const | undefined)[]): Const | undefined {
  if (name === 'string') return v === undefined ? undefined : String(v);
  if (typeof v !== 'string') return undefined;
  switch (name) {
    case 'lower': return v.toLowerCase();
    case 'upper': return v.toUpperCase();
    case 'reverse': return [...v].reverse().join('');
    case 'trim': return v.trim();
    case 'first': return v[0];
    case 'last': return v.at(-1);
    case 'replace': return typeof args[0] === 'string' && typeof args[1] === 'string' ? cap(v.split(args[0]).join(args[1])) : undefined;
    case 'format': return printf(v, args);
    default: return undefined;
  }
}

/** `%s`, `%d` and `%c` as Python's `%` operator (what Jinja's `format` filter uses). */
function printf(fmt: string, args: (Const | undefined)[]): string | undefined {
  let i = 0;
  let bad = false;
  const out = fmt.replace(/%([sdc%])/g, (_m, k: string) => {
    if (k === '%') return '%';
    const a = args[i++];
    if (a === undefined) bad = true;
    if (k === 'c') return typeof a === 'number' ? String.fromCodePoint(Math.max(0, Math.min(0x10ffff, a | 0))) : String(a ?? '');
    return String(a ?? '');
  });
  return bad ? undefined : cap(out);
}

function joinItems(arr: Node, f: (x: Node | undefined) => Const | undefined, sep: string): string | undefined {
  const items = (Array.isArray(arr.value) ? (arr.value as Node[]) : []).map(f);
  return items.every((x) => x !== undefined) ? cap(items.map(String).join(sep)) : undefined;
}

function slice(s: string, sl: Node, f: (x: Node | undefined) => Const | undefined): string | undefined {
  const num = (k: string): number | undefined | null => {
    const x = sub(sl, k);
    if (!x) return null;
    const v = f(x);
    return typeof v === 'number' ? v : undefined;
  };
  const [start, stop, step] = [num('start'), num('stop'), num('step')];
  if (start === undefined || stop === undefined || step === undefined) return undefined;
  const st = step ?? 1;
  if (st === 0 || !Number.isInteger(st)) return undefined;
  const chars = [...s];
  const n = chars.length;
  const norm = (v: number): number => (v < 0 ? Math.max(v + n, st > 0 ? 0 : -1) : Math.min(v, st > 0 ? n : n - 1));
  let i = start === null ? (st > 0 ? 0 : n - 1) : norm(start);
  const end = stop === null ? (st > 0 ? n : -1) : norm(stop);
  let out = '';
  for (; st > 0 ? i < end : i > end; i += st) out += chars[i] ?? '';
  return out;
}

function cap(s: string): string | undefined {
  return s.length <= MAX_STRING ? s : undefined;
}
