// Where a function used as a value goes. From a reference that is not called (`torch.load` in
// `map(torch.load, paths)`) we climb through parentheses, `partial(...)`/`getattr(..., default)`
// wrappers, containers and conditional expressions to the place that decides: the value escapes
// (passed as an argument, stored in a container or in another object's attribute, returned,
// yielded, a parameter default), is bound to a name or to `self.<name>` (an alias, whose own uses
// the caller follows), or is only looked at (`torch.load is None`, `hasattr(...)`, `print(...)`).
import type { Node } from 'web-tree-sitter';
import { unparenthesize } from './syntax';
import { oneLine } from './text';

/** Formats a piece of code in a phrase (backticks in messages, plain in evidence). */
export type Code = (s: string) => string;

export interface Sink {
  /** "passed as loader= to DatasetFolder(...)", code pieces formatted by `code`. */
  describe(code: Code): string;
  /** The call receiving the value as an argument, with the value's position or keyword. */
  receiver?: { call: Node; position?: number; keyword?: string };
}

export type ValueUse =
  | { kind: 'alias'; name: string }
  | { kind: 'escape'; value: Node; sink: Sink };

/** What the climb needs to know about names (resolution lives in the caller). */
export interface UseContext {
  /** The parent of a node on the path from the root to the reference (`Node.parent` is slow in big trees). */
  parentOf(node: Node): Node | null;
  /** The qualified names the function of `call` may denote (undefined for locals). */
  calleeNames(call: Node): readonly (string | undefined)[];
  /** True when `object` (in `object.attr = value`) is the instance parameter of the enclosing method. */
  isSelf(object: Node): boolean;
  /** True when `node` runs directly in a class body. */
  inClassBody(node: Node): boolean;
}

/** Callees that only look at a function (type checks, printing, metadata), never call it. */
const LOOKS_ONLY = new Set([
  'isinstance', 'issubclass', 'hasattr', 'delattr', 'type', 'id', 'callable', 'print', 'repr', 'str', 'format', 'hash', 'dir', 'vars',
  'help', 'len', 'bool', 'functools.wraps', 'functools.update_wrapper',
]);
const CONTAINERS: Readonly<Record<string, string>> = {
  list: 'a list', set: 'a set', tuple: 'a tuple', expression_list: 'a tuple', dictionary: 'a dict',
  list_comprehension: 'a list', set_comprehension: 'a set', dictionary_comprehension: 'a dict', generator_expression: 'a generator',
};
const MAX_CLIMB = 64;

function looksOnly(names: readonly (string | undefined)[]): boolean {
  return names.length > 0 && names.every((n) => n !== undefined && (LOOKS_ONLY.has(n.replace(/^builtins\./, '')) || n.startsWith('inspect.')));
}

function only(names: readonly (string | undefined)[], ...wanted: string[]): boolean {
  return names.length > 0 && names.every((n) => n !== undefined && wanted.includes(n));
}

function same(a: Node | null | undefined, b: Node): boolean {
  return a?.id === b.id;
}

/** Index of `arg` among the positional arguments of `list`, or undefined when a `*` splat comes first. */
function positionIn(list: Node, arg: Node): number | undefined {
  let i = 0;
  for (const c of list.namedChildren) {
    if (!c || c.type === 'comment' || c.type === 'keyword_argument' || c.type === 'dictionary_splat') continue;
    if (c.type === 'list_splat') return undefined;
    if (c.id === arg.id) return i;
    i++;
  }
  return undefined;
}

/** Where `reference` (an expression that may denote a function, not in call position) goes. */
export function valueUses(reference: Node, ctx: UseContext): ValueUse[] {
  let escaping = reference; // becomes the `partial(...)` or `getattr(...)` call that wraps it
  let value = reference;
  let container: { phrase: Phrase; node: Node; element: Node } | undefined;
  let through: Phrase | undefined;
  const escape: Escape = (terminal, receiver, stored = true) => {
    const parts = [stored ? container?.phrase : undefined, terminal].filter((p): p is Phrase => p !== undefined);
    if (parts.length === 0) return [];
    return [{ kind: 'escape', value: escaping, sink: { describe: (c) => parts.map((p) => p(c)).join(' '), ...(receiver ? { receiver } : {}) } }];
  };
  for (let i = 0; i < MAX_CLIMB; i++) {
    const parent = ctx.parentOf(value);
    if (!parent) return [];
    const below = value;
    switch (parent.type) {
      case 'parenthesized_expression':
      case 'list_splat':
      case 'dictionary_splat':
        value = parent;
        continue;
      case 'pair': {
        const dict = ctx.parentOf(parent);
        if (!same(parent.childForFieldName('value'), value) || !dict) return []; // a key is hashed, not called
        const key = parent.childForFieldName('key');
        container ??= { phrase: (c) => `stored in a dict${key ? ` under ${c(oneLine(key.text, 40))}` : ''}`, node: dict, element: parent };
        value = dict;
        continue;
      }
      case 'list': case 'set': case 'tuple': case 'expression_list': case 'dictionary':
      case 'list_comprehension': case 'set_comprehension': case 'dictionary_comprehension': case 'generator_expression': {
        const comprehension = parent.type.endsWith('comprehension') || parent.type === 'generator_expression';
        if (comprehension && !same(parent.childForFieldName('body'), value)) return []; // iterated or tested
        const what = CONTAINERS[parent.type];
        container ??= { phrase: () => `stored in ${what}`, node: parent, element: below };
        value = parent;
        continue;
      }
      case 'binary_operator': // `BASE + [torch.load]`: the container flows on
        if (!container) return [];
        value = parent;
        continue;
      case 'conditional_expression':
        if (same(parent.namedChild(1), value)) return []; // the condition
        through ??= () => 'a conditional expression';
        value = parent;
        continue;
      case 'boolean_operator':
        through ??= (c) => `an ${c(parent.childForFieldName('operator')?.text ?? 'or')} expression`;
        value = parent;
        continue;
      case 'argument_list': {
        const call = ctx.parentOf(parent);
        if (call?.type !== 'call') return []; // class bases
        const names = ctx.calleeNames(call);
        const position = positionIn(parent, value);
        // `partial(f, ...)` and `getattr(obj, "name", f)` carry the function on.
        const wraps = only(names, 'functools.partial') ? position === 0 : only(names, 'getattr', 'builtins.getattr') ? position === 2 : false;
        if (wraps && !container && !through) {
          escaping = call;
          value = call;
          continue;
        }
        if (only(names, 'getattr', 'builtins.getattr')) return [];
        if (looksOnly(names) || (only(names, 'setattr', 'builtins.setattr') && position !== 2)) return [];
        const callee = oneLine(call.childForFieldName('function')?.text ?? '', 60);
        return escape((c) => `passed to ${c(`${callee}(...)`)}`, { call, ...(position !== undefined ? { position } : {}) });
      }
      case 'keyword_argument': {
        const name = parent.childForFieldName('name')?.text;
        const list = ctx.parentOf(parent);
        const call = list ? ctx.parentOf(list) : null;
        if (!same(parent.childForFieldName('value'), value) || !name || call?.type !== 'call') return [];
        if (looksOnly(ctx.calleeNames(call))) return [];
        const callee = oneLine(call.childForFieldName('function')?.text ?? '', 60);
        return escape((c) => `passed as ${c(`${name}=`)} to ${c(`${callee}(...)`)}`, { call, keyword: name });
      }
      case 'return_statement':
        return escape((c) => `returned by ${functionName(parent, c, ctx)}`);
      case 'yield':
        return escape((c) => `yielded by ${functionName(parent, c, ctx)}`);
      case 'lambda':
        return same(parent.childForFieldName('body'), value) ? escape(() => 'returned by a lambda') : [];
      case 'default_parameter':
      case 'typed_default_parameter': {
        const param = parent.childForFieldName('name')?.text ?? '';
        return same(parent.childForFieldName('value'), value) ? escape((c) => `set as the default of ${c(param)} in ${functionName(parent, c, ctx)}`) : [];
      }
      case 'assignment':
        return assignmentUses(parent, value, container, through, ctx, escape);
      case 'augmented_assignment':
        return same(parent.childForFieldName('right'), value) && container ? escape() : [];
      case 'named_expression': {
        const name = parent.childForFieldName('name')?.text;
        if (!same(parent.childForFieldName('value'), value) || !name) return [];
        return container || through ? escape() : [{ kind: 'alias', name }];
      }
      case 'for_statement':
      case 'for_in_clause':
        return same(parent.childForFieldName('right'), value) ? escape() : [];
      case 'subscript': // `{"pt": torch.load}[ext](p)`
        return same(parent.childForFieldName('value'), value) ? escape() : [];
      default:
        return []; // compared, tested, printed in an f-string, a statement of its own...
    }
  }
  return [];
}

type Phrase = (c: Code) => string;
/** The escape found, described by the container the value sits in (when `stored`) and `terminal`. */
type Escape = (terminal?: Phrase, receiver?: Sink['receiver'], stored?: boolean) => ValueUse[];

/** `x = v`, `a = b = v`, `a, b = v, w`, `obj.attr = v`, `reg[k] = v`, and class-level `attr = v`. */
function assignmentUses(
  assignment: Node, value: Node, container: { node: Node; element: Node } | undefined, through: Phrase | undefined, ctx: UseContext, escape: Escape,
): ValueUse[] {
  if (!same(assignment.childForFieldName('right'), value)) return [];
  let target = assignment.childForFieldName('left');
  // `a, b = torch.load, torch.save`: the element goes to its own target, like a plain assignment.
  if (target && container && container.node.id === unparenthesize(value).id) {
    const paired = pairedTarget(target, unparenthesize(value), container.element);
    if (paired) {
      target = paired;
      container = undefined;
    }
  }
  const out: ValueUse[] = [];
  for (let a: Node | null = assignment; a?.type === 'assignment'; a = outerAssignment(a, ctx)) {
    const left = a === assignment ? target : a.childForFieldName('left');
    if (left) out.push(...targetUse(a, left, container !== undefined, through, ctx, escape));
  }
  return out;
}

function targetUse(assignment: Node, left: Node, stored: boolean, through: Phrase | undefined, ctx: UseContext, escape: Escape): ValueUse[] {
  if (left.type === 'identifier') {
    if (ctx.inClassBody(assignment)) return escape((c) => `assigned to class attribute ${c(`${className(assignment, ctx)}.${left.text}`)}`, undefined, stored);
    if (stored) return escape();
    return through ? escape((c) => `assigned to ${c(left.text)} through ${through(c)}`, undefined, false) : [{ kind: 'alias', name: left.text }];
  }
  if (left.type === 'attribute') {
    const object = left.childForFieldName('object');
    const attr = left.childForFieldName('attribute');
    // `self.loader = torch.load`: calls through `self.loader` in the class already resolve.
    if (!stored && !through && object?.type === 'identifier' && attr && ctx.isSelf(object)) return [{ kind: 'alias', name: attr.text }];
    return escape((c) => `assigned to ${c(oneLine(left.text, 60))}`, undefined, stored);
  }
  if (left.type === 'subscript') return escape((c) => `assigned to ${c(oneLine(left.text, 60))}`, undefined, stored);
  return stored ? escape() : [];
}

/** The target `element` of a flat tuple value is assigned to (`self.loader, n = torch.load, 1`), if any. */
function pairedTarget(left: Node, right: Node, element: Node): Node | undefined {
  const items = (n: Node): Node[] => n.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
  if (!['pattern_list', 'tuple_pattern', 'list_pattern'].includes(left.type) || !['expression_list', 'tuple', 'list'].includes(right.type)) return undefined;
  const targets = items(left);
  const values = items(right);
  const splat = (n: Node): boolean => n.type === 'list_splat' || n.type === 'list_splat_pattern';
  if (targets.length !== values.length || targets.some(splat) || values.some(splat)) return undefined;
  const i = values.findIndex((v) => v.id === element.id);
  return i >= 0 ? targets[i] : undefined;
}

/** `a = b = v`: the assignment to `a` around the one to `b`. */
function outerAssignment(a: Node, ctx: UseContext): Node | null {
  const outer = ctx.parentOf(a);
  return outer?.type === 'assignment' && same(outer.childForFieldName('right'), a) ? outer : null;
}

function functionName(node: Node, c: Code, ctx: UseContext): string {
  for (let n: Node | null = ctx.parentOf(node); n; n = ctx.parentOf(n)) {
    if (n.type === 'lambda') return 'a lambda';
    if (n.type === 'function_definition') return c(`${n.childForFieldName('name')?.text ?? ''}()`);
  }
  return 'the module';
}

function className(node: Node, ctx: UseContext): string {
  for (let n: Node | null = ctx.parentOf(node); n; n = ctx.parentOf(n)) if (n.type === 'class_definition') return n.childForFieldName('name')?.text ?? '';
  return '';
}
