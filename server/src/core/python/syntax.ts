// Small readers over tree-sitter-python nodes: names, targets, literals, call arguments.
import type { Node } from 'web-tree-sitter';

/** `torch . serialization` -> `torch.serialization`; relative imports keep their dots. */
export function moduleNameOf(node: Node): string {
  return node.text.replace(/[\s\\]+/g, '');
}

/** The identifiers a parameter list binds (`a`, `b=1`, `*args`, `c: int = 2`, `**kw`). */
export function parameterNames(params: Node): Node[] {
  const out: Node[] = [];
  const visit = (p: Node): void => {
    switch (p.type) {
      case 'identifier': out.push(p); break;
      case 'default_parameter':
      case 'typed_default_parameter': {
        const name = p.childForFieldName('name');
        if (name) visit(name);
        break;
      }
      case 'typed_parameter':
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern': {
        const first = p.namedChild(0);
        if (first) visit(first);
        break;
      }
    }
  };
  for (const p of params.namedChildren) if (p) visit(p);
  return out;
}

const TARGET_CONTAINERS = new Set([
  'pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'parenthesized_expression',
  'tuple', 'list', 'expression_list', 'as_pattern_target', 'list_splat',
]);

/** The plain names an assignment / loop target binds (`a, (b, *c)`); attributes bind none. */
export function targetNames(target: Node): Node[] {
  const out: Node[] = [];
  const pending = [target]; // iterative: hostile input can nest patterns thousands deep
  while (pending.length > 0) {
    const n = pending.pop() as Node;
    if (n.type === 'identifier') out.push(n);
    else if (TARGET_CONTAINERS.has(n.type)) for (const c of n.namedChildren) if (c) pending.push(c);
  }
  return out;
}

/**
 * `a, b = x, y`: each name with the expression it receives, when the target is a flat list of
 * names and the value a tuple of the same length without `*` (else undefined).
 */
export function pairedTargets(left: Node, right: Node): [Node, Node][] | undefined {
  const flat = (n: Node, kinds: string[]): Node[] | undefined => {
    if (!kinds.includes(n.type)) return undefined;
    const items = n.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
    return items.some((c) => c.type === 'list_splat' || c.type === 'list_splat_pattern') ? undefined : items;
  };
  const names = flat(left, ['pattern_list', 'tuple_pattern', 'list_pattern']);
  const values = flat(unparenthesize(right).type === 'tuple' ? unparenthesize(right) : right, ['expression_list', 'tuple', 'list']);
  if (!names || !values || names.length !== values.length || names.some((n) => n.type !== 'identifier')) return undefined;
  return names.map((n, i) => [n, values[i]]);
}

export type Literal = boolean | number | string | null;

/**
 * The value of a literal node, or `undefined` when it is not a plain literal.
 * Strings with escapes, interpolation or byte prefixes are left alone rather than guessed.
 */
export function literalValue(expr: Node): Literal | undefined {
  const node = unparenthesize(expr);
  switch (node.type) {
    case 'true': return true;
    case 'false': return false;
    case 'none': return null;
    case 'integer': {
      const n = Number(node.text.replace(/_/g, ''));
      return Number.isSafeInteger(n) ? n : undefined;
    }
    case 'string': return stringValue(node);
    case 'concatenated_string': {
      let s = '';
      for (const part of node.namedChildren) {
        const v = part ? stringValue(part) : undefined;
        if (v === undefined) return undefined;
        s += v;
      }
      return s;
    }
  }
  return undefined;
}

/** `((x))` -> `x` (a loop: hostile input can nest parentheses thousands deep). */
export function unparenthesize(node: Node): Node {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.namedChildCount === 1) {
    const inner = n.namedChild(0);
    if (!inner || inner.type === 'comment') break;
    n = inner;
  }
  return n;
}

function stringValue(node: Node): string | undefined {
  if (node.type !== 'string') return undefined;
  let s = '';
  let raw = false;
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.type === 'string_start') {
      if (/[fFbB]/.test(c.text)) return undefined;
      raw = /[rR]/.test(c.text);
    } else if (c.type === 'string_content') {
      if (c.namedChildCount > 0 && !raw) return undefined; // escape sequences: not decoded here
      s += c.text;
    } else if (c.type !== 'string_end') return undefined; // interpolations
  }
  return s;
}

export interface CallArguments {
  /** The `argument_list` node (absent for `f(x for x in y)`). */
  readonly list: Node | undefined;
  readonly positional: Node[];
  /** keyword name -> the `keyword_argument` node (last one wins, as a duplicate is a SyntaxError). */
  readonly keywords: Map<string, Node>;
  readonly hasListSplat: boolean;
  readonly hasDictSplat: boolean;
}

export function callArguments(call: Node): CallArguments {
  const args = call.childForFieldName('arguments');
  const out = { list: undefined as Node | undefined, positional: [] as Node[], keywords: new Map<string, Node>(), hasListSplat: false, hasDictSplat: false };
  if (!args) return out;
  if (args.type !== 'argument_list') {
    out.positional.push(args); // a lone generator expression
    return out;
  }
  out.list = args;
  for (const a of args.namedChildren) {
    if (!a || a.type === 'comment') continue;
    if (a.type === 'keyword_argument') {
      const name = a.childForFieldName('name');
      if (name) out.keywords.set(name.text, a);
    } else if (a.type === 'dictionary_splat') out.hasDictSplat = true;
    else if (a.type === 'list_splat') out.hasListSplat = true;
    else out.positional.push(a);
  }
  return out;
}
