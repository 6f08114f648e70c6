// Generic access to @huggingface/jinja AST nodes (typed loosely on purpose: the walker must keep
// working when the library adds node kinds) and a compact printer for evidence.

export interface Node {
  type: string;
  [key: string]: unknown;
}

/** Keys holding statement lists (text output lives there as bare string literals). */
const BODY_KEYS = new Set(['body', 'alternate', 'defaultBlock']);

export function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string' && !('value' in (v as object) && isToken(v));
}

/** Lexer tokens (operators) also carry `type` and `value`; they are not AST nodes. */
function isToken(v: unknown): boolean {
  const t = (v as { type: string }).type;
  return t.endsWith('Operator') || t === 'Pipe' || t === 'Dot' || t === 'Comma';
}

export interface Child {
  node: Node;
  /** True for statements of a body (a bare string literal there is template text). */
  statement: boolean;
}

export function children(n: Node): Child[] {
  const out: Child[] = [];
  for (const [key, v] of Object.entries(n)) {
    if (key === 'type' || key === 'operator') continue;
    const statement = BODY_KEYS.has(key);
    if (Array.isArray(v)) {
      for (const x of v) if (isNode(x)) out.push({ node: x, statement });
    } else if (v instanceof Map) {
      for (const [k, x] of v) {
        if (isNode(k)) out.push({ node: k, statement: false });
        if (isNode(x)) out.push({ node: x, statement: false });
      }
    } else if (isNode(v)) {
      out.push({ node: v, statement: false });
    }
  }
  return out;
}

export const str = (n: Node, key: string): string | undefined => (typeof n[key] === 'string' ? (n[key] as string) : undefined);
export const sub = (n: Node, key: string): Node | undefined => (isNode(n[key]) ? (n[key] as Node) : undefined);
export const list = (n: Node, key: string): Node[] => (Array.isArray(n[key]) ? (n[key] as unknown[]).filter(isNode) : []);
export const operatorOf = (n: Node): string | undefined => {
  const op = n.operator as { value?: unknown } | undefined;
  return typeof op?.value === 'string' ? op.value : undefined;
};

const MAX_PRINT = 240;

/** Jinja-like source of an expression, shortened; depth-bounded (never recurses without limit). */
export function print(n: Node | undefined, depth = 0): string {
  const s = printInner(n, depth);
  return s.length > MAX_PRINT ? `${s.slice(0, MAX_PRINT - 1)}…` : s;
}

function printInner(n: Node | undefined, depth: number): string {
  if (!n) return '';
  if (depth > 40) return '…';
  const p = (x: Node | undefined): string => printInner(x, depth + 1);
  switch (n.type) {
    case 'Identifier': return str(n, 'value') ?? '?';
    case 'StringLiteral': return JSON.stringify(n.value).replace(/^"|"$/g, "'");
    case 'IntegerLiteral':
    case 'FloatLiteral': return String(n.value);
    case 'MemberExpression': {
      const prop = sub(n, 'property');
      return n.computed ? `${p(sub(n, 'object'))}[${p(prop)}]` : `${p(sub(n, 'object'))}.${p(prop)}`;
    }
    case 'CallExpression': return `${p(sub(n, 'callee'))}(${list(n, 'args').map(p).join(', ')})`;
    case 'FilterExpression': return `${p(sub(n, 'operand'))}|${p(sub(n, 'filter'))}`;
    case 'BinaryExpression': return `${p(sub(n, 'left'))} ${operatorOf(n) ?? '?'} ${p(sub(n, 'right'))}`;
    case 'UnaryExpression': return `${operatorOf(n) ?? '?'} ${p(sub(n, 'argument'))}`;
    case 'KeywordArgumentExpression': return `${p(sub(n, 'key'))}=${p(sub(n, 'value'))}`;
    case 'ArrayLiteral': return `[${(Array.isArray(n.value) ? (n.value as Node[]) : []).map(p).join(', ')}]`;
    case 'TupleLiteral': return `(${(Array.isArray(n.value) ? (n.value as Node[]) : []).map(p).join(', ')})`;
    case 'SliceExpression': return `${p(sub(n, 'start'))}:${p(sub(n, 'stop'))}${sub(n, 'step') ? `:${p(sub(n, 'step'))}` : ''}`;
    default: return `<${n.type}>`;
  }
}
