// One tree-sitter query pass over a module: scopes, bindings and call sites.
// Captures arrive in document order, so scopes and blocks are tracked with two stacks.
import type { Node, Tree } from 'web-tree-sitter';
import { Query, type Language } from './parser';
import {
  addBinding, isFunctionLike, newScope, type Binding, type CallSite, type KeywordSite, type ModuleIndex, type Scope, type StatementSite,
} from './scopes';
import { methodSelfName, recordInstanceAttributes } from './instanceAttributes';
import { moduleNameOf, pairedTargets, parameterNames, targetNames } from './syntax';

const STRUCTURE_QUERY = `
(block) @block
(call function: (identifier) @call.name)
(call function: (attribute attribute: (identifier) @call.attribute))
(call function: (parenthesized_expression) @call.expression)
(call function: (call) @call.expression)
(import_statement) @import
(import_from_statement) @import_from
(function_definition) @function
(class_definition) @class
(lambda) @lambda
[(list_comprehension) (set_comprehension) (dictionary_comprehension) (generator_expression)] @comprehension
(assignment) @assignment
(augmented_assignment) @augmented
(for_statement) @for
(for_in_clause) @for_in
(with_item value: (as_pattern alias: (as_pattern_target) @as.with))
(except_clause (as_pattern alias: (as_pattern_target) @as.except))
(named_expression) @walrus
(global_statement) @global
(nonlocal_statement) @nonlocal
(keyword_argument name: (identifier) @keyword)
(pair key: (string) @dict_key)
(comment) @comment
`;

const queries = new WeakMap<Language, Query>();

function structureQuery(language: Language): Query {
  let q = queries.get(language);
  if (!q) {
    q = new Query(language, STRUCTURE_QUERY);
    queries.set(language, q);
  }
  return q;
}

interface Span { start: number; end: number }

export function collectModule(tree: Tree): ModuleIndex {
  const root = tree.rootNode;
  const module = newScope('module', 0, Math.max(root.endIndex, 0), undefined);
  const scopes: Scope[] = [module];
  const scopeStack: Scope[] = [module];
  const blocks: Span[] = [];
  const calls: CallSite[] = [];
  const keywords: KeywordSite[] = [];
  const dictKeys: KeywordSite[] = [];
  const subscriptAssignments: StatementSite[] = [];
  const comments: Node[] = [];
  const instanceAttributeNames = new Set<string>();

  const currentScope = (at: number): Scope => {
    while (scopeStack.length > 1 && scopeStack[scopeStack.length - 1].end <= at) scopeStack.pop();
    for (let i = scopeStack.length - 1; i > 0; i--) if (scopeStack[i].start <= at) return scopeStack[i];
    return module;
  };
  /** The span a statement-level binding certainly holds in: its block, or the whole scope. */
  const domain = (scope: Scope, at: number): Span => {
    while (blocks.length > 0 && blocks[blocks.length - 1].end <= at) blocks.pop();
    const b = blocks[blocks.length - 1];
    return b && b.start >= scope.start ? b : { start: scope.start, end: scope.end };
  };
  const pushScope = (s: Scope): Scope => {
    scopes.push(s);
    scopeStack.push(s);
    return s;
  };
  const bind = (scope: Scope, name: string, kind: Binding['kind'], position: number, dom: Span, extra?: { qualified?: string; value?: Node; derived?: boolean }): void => {
    addBinding(scope, name, kind, position, dom.start, dom.end, extra?.qualified, extra?.value, extra?.derived);
  };

  for (const { name: capture, node } of structureQuery(tree.language).captures(root)) {
    const at = node.startIndex;
    const scope = currentScope(at);
    switch (capture) {
      case 'block':
        while (blocks.length > 0 && blocks[blocks.length - 1].end <= at) blocks.pop();
        blocks.push({ start: at, end: node.endIndex });
        break;
      case 'call.name':
        calls.push({ kind: 'name', key: node, scope });
        break;
      case 'call.attribute':
        calls.push({ kind: 'attribute', key: node, scope });
        break;
      case 'call.expression':
        calls.push({ kind: 'expression', key: node, scope });
        break;
      case 'keyword':
        keywords.push({ key: node, scope });
        break;
      case 'dict_key':
        dictKeys.push({ key: node, scope });
        break;
      case 'comment':
        // Only comments that may be directives are kept (reading every comment's text costs little).
        if (/msl\s*:/i.test(node.text)) comments.push(node);
        break;
      case 'import':
        for (const item of node.childrenForFieldName('name')) {
          if (!item) continue;
          if (item.type === 'aliased_import') {
            const alias = item.childForFieldName('alias');
            const target = item.childForFieldName('name');
            if (alias && target) bind(scope, alias.text, 'import', node.endIndex, domain(scope, at), { qualified: moduleNameOf(target) });
          } else {
            const top = moduleNameOf(item).split('.')[0];
            if (top) bind(scope, top, 'import', node.endIndex, domain(scope, at), { qualified: top });
          }
        }
        break;
      case 'import_from': {
        const source = node.childForFieldName('module_name');
        if (!source) break;
        const module = moduleNameOf(source);
        const from = module.endsWith('.') ? module.slice(0, -1) : module; // `from . import x` -> `..x` otherwise
        const dom = domain(scope, at);
        for (const child of node.namedChildren) {
          if (!child || child.id === source.id) continue;
          if (child.type === 'wildcard_import') bind(scope, '*', 'wildcard', node.endIndex, dom, { qualified: from });
          else if (child.type === 'aliased_import') {
            const alias = child.childForFieldName('alias');
            const target = child.childForFieldName('name');
            if (alias && target) bind(scope, alias.text, 'import', node.endIndex, dom, { qualified: `${from}.${moduleNameOf(target)}` });
          } else if (child.type === 'dotted_name') {
            const name = moduleNameOf(child);
            bind(scope, name, 'import', node.endIndex, dom, { qualified: `${from}.${name}` });
          }
        }
        break;
      }
      case 'function':
      case 'class': {
        const name = node.childForFieldName('name');
        if (name) bind(scope, name.text, 'opaque', node.endIndex, domain(scope, at));
        const body = node.childForFieldName('body');
        if (!body) break;
        const inner = pushScope(newScope(capture, body.startIndex, body.endIndex, scope, at));
        if (capture === 'function') inner.selfName = methodSelfName(node, scope);
        const params = capture === 'function' ? node.childForFieldName('parameters') : null;
        if (params) for (const p of parameterNames(params)) bind(inner, p.text, 'opaque', inner.start, inner);
        break;
      }
      case 'lambda': {
        const body = node.childForFieldName('body');
        if (!body) break;
        const inner = pushScope(newScope('lambda', body.startIndex, body.endIndex, scope, at));
        const params = node.childForFieldName('parameters');
        if (params) for (const p of parameterNames(params)) bind(inner, p.text, 'opaque', inner.start, inner);
        break;
      }
      case 'comprehension':
        pushScope(newScope('comprehension', at, node.endIndex, scope));
        break;
      case 'for_in': {
        const left = node.childForFieldName('left');
        if (left) for (const t of targetNames(left)) bind(scope, t.text, 'opaque', scope.start, scope);
        break;
      }
      case 'assignment': {
        const left = node.childForFieldName('left');
        let right = node.childForFieldName('right');
        while (right && right.type === 'assignment') right = right.childForFieldName('right');
        if (!left || !right) break; // `x: int` alone binds nothing at run time
        const dom = domain(scope, at);
        if (left.type === 'identifier') bind(scope, left.text, 'value', node.endIndex, dom, { value: right });
        else if (left.type === 'subscript') subscriptAssignments.push({ node, scope });
        else {
          const pairs = pairedTargets(left, right);
          if (pairs) for (const [name, value] of pairs) bind(scope, name.text, 'value', node.endIndex, dom, { value });
          else for (const t of targetNames(left)) bind(scope, t.text, 'value', node.endIndex, dom, { value: right, derived: true });
          for (const a of recordInstanceAttributes(node, left, right, scope)) instanceAttributeNames.add(a);
        }
        break;
      }
      case 'augmented':
      case 'walrus': {
        const target = node.childForFieldName(capture === 'walrus' ? 'name' : 'left');
        if (!target || target.type !== 'identifier') break;
        // PEP 572: `:=` inside a comprehension binds in the enclosing function or module.
        let owner = scope;
        while (capture === 'walrus' && owner.kind === 'comprehension' && owner.parent) owner = owner.parent;
        const value = capture === 'walrus' ? node.childForFieldName('value') : null;
        if (value) bind(owner, target.text, 'value', node.endIndex, domain(owner, at), { value });
        else bind(owner, target.text, 'opaque', node.endIndex, domain(owner, at));
        break;
      }
      case 'for': {
        const left = node.childForFieldName('left');
        const body = node.childForFieldName('body');
        if (!left) break;
        const dom = body ? { start: body.startIndex, end: body.endIndex } : NOWHERE;
        const iterable = node.childForFieldName('right') ?? undefined;
        for (const t of targetNames(left)) bind(scope, t.text, iterable ? 'value' : 'opaque', left.endIndex, dom, { value: iterable, derived: true });
        break;
      }
      case 'as.with': { // `with x as y`: bound for the rest of the enclosing block
        // A lone name keeps the context expression: it holds what `__enter__` returns, usually the object itself.
        const name = node.namedChildCount === 1 ? node.namedChild(0) : null;
        const entered = name?.type === 'identifier' ? node.parent?.namedChild(0) : null;
        if (name && entered && entered.id !== node.id) bind(scope, name.text, 'value', node.endIndex, domain(scope, at), { value: entered, derived: true });
        else for (const t of targetNames(node)) bind(scope, t.text, 'opaque', node.endIndex, domain(scope, at));
        break;
      }
      case 'as.except': { // `except E as e`: only in the handler, and deleted after it
        for (const t of targetNames(node)) bind(scope, t.text, 'opaque', node.endIndex, NOWHERE);
        break;
      }
      case 'global':
      case 'nonlocal':
        for (const id of node.namedChildren) if (id && id.type === 'identifier') (capture === 'global' ? scope.globals : scope.nonlocals).add(id.text);
        break;
    }
  }
  redirectDeclaredNames(scopes, module);
  return { module, scopes, calls, keywords, dictKeys, subscriptAssignments, comments, instanceAttributeNames };
}

/** The domain of a binding that never certainly holds (it only adds a possibility). */
const NOWHERE: Span = { start: -1, end: -1 };

/**
 * A name declared `global` (or `nonlocal`) in a function lives in the module (or enclosing
 * function): its assignments there become bindings of that scope that may happen at any time.
 */
function redirectDeclaredNames(scopes: readonly Scope[], module: Scope): void {
  for (const scope of scopes) {
    for (const [names, target] of [[scope.globals, module], [scope.nonlocals, enclosingFunction(scope)]] as const) {
      if (!target) continue;
      for (const name of names) {
        const moved = scope.bindings.get(name);
        if (!moved) continue;
        scope.bindings.delete(name);
        const list = target.remote.get(name) ?? [];
        for (const b of moved) list.push({ ...b, scope: target, domStart: -1, domEnd: -1, topLevel: false });
        target.remote.set(name, list);
      }
    }
  }
}

function enclosingFunction(scope: Scope): Scope | undefined {
  for (let s = scope.parent; s; s = s.parent) if (isFunctionLike(s)) return s;
  return undefined;
}
