// Scopes and name bindings of one Python module, collected in a single query pass.
// Python semantics kept: function, lambda and comprehension scopes; class bodies invisible to
// their methods; `global`/`nonlocal`; a binding "dominates" the code after it in its own block.
import type { Node } from 'web-tree-sitter';

export type ScopeKind = 'module' | 'function' | 'lambda' | 'class' | 'comprehension';

export interface Scope {
  readonly kind: ScopeKind;
  /** Offsets where the scope's own code lives (a function's body, not its defaults). */
  readonly start: number;
  readonly end: number;
  readonly parent: Scope | undefined;
  /** The scope node's own start (where an immediately-run scope is evaluated in its parent). */
  readonly nodeStart: number;
  readonly bindings: Map<string, Binding[]>;
  /** `from m import *` in this scope: may bind any name. */
  readonly wildcards: Binding[];
  /** Assignments made from inner functions through `global`/`nonlocal`: may happen at any time. */
  readonly remote: Map<string, Binding[]>;
  readonly globals: Set<string>;
  readonly nonlocals: Set<string>;
  /** Methods: the name of the instance parameter (`self`); absent for static and class methods. */
  selfName?: string;
  /** Classes: `self.<name> = value` assignments made in their methods, by attribute name. */
  readonly instanceAttributes: Map<string, Binding[]>;
}

export type BindingKind =
  | 'import'   // `qualified` is the module path or module member
  | 'value'    // `value` is the assigned expression, evaluated lazily
  | 'wildcard' // `qualified` is the module of `from m import *`
  | 'opaque';  // parameter, def, class, loop target...: a local we know nothing about

export interface Binding {
  readonly name: string;
  readonly kind: BindingKind;
  readonly scope: Scope;
  /** Offset from which the binding is in effect. */
  readonly position: number;
  /** The block it certainly holds in: [domStart, domEnd]. */
  readonly domStart: number;
  readonly domEnd: number;
  /** True when it holds until the end of its scope (not inside a branch, loop or handler). */
  readonly topLevel: boolean;
  readonly qualified?: string;
  readonly value?: Node;
  /**
   * The name holds something obtained from `value`, not `value` itself: what `__enter__` returns
   * (`with value as name`), one element of it (`a, b = value`, `for name in value`). Followed by
   * data flow (content fetched from the network), never by name or constant resolution.
   */
  readonly derived?: boolean;
}

/**
 * A call, identified by the part of its callee the query captured (cheaper than the call node:
 * most calls are filtered out on this alone).
 * - `name`: `f(...)`, `key` is the identifier `f`
 * - `attribute`: `obj.f(...)`, `key` is the identifier `f` after the dot
 * - `expression`: `(expr)(...)` or `f(...)(...)`, `key` is the parenthesized or call callee
 */
export interface CallSite {
  readonly kind: 'name' | 'attribute' | 'expression';
  readonly key: Node;
  readonly scope: Scope;
}

/** The callee expression and the call node of a site. */
export function callParts(site: CallSite): { callee: Node; call: Node } | undefined {
  const callee = site.kind === 'attribute' ? site.key.parent : site.key;
  const call = callee?.parent;
  return callee && call ? { callee, call } : undefined;
}

/** A keyword argument, identified by its name identifier (`trust_remote_code` in `f(trust_remote_code=True)`). */
export interface KeywordSite {
  readonly key: Node;
  readonly scope: Scope;
}

/** A statement of interest (e.g. an assignment to a subscript) and the scope it runs in. */
export interface StatementSite {
  readonly node: Node;
  readonly scope: Scope;
}

export interface ModuleIndex {
  readonly module: Scope;
  /** Every scope, the module first, in the document order of the nodes that open them. */
  readonly scopes: readonly Scope[];
  /** Every call whose callee is a name, an attribute or a parenthesized expression, in document order. */
  readonly calls: CallSite[];
  /** Every keyword argument of every call, in document order. */
  readonly keywords: KeywordSite[];
  /** String keys of dictionary literals (`{"trust_remote_code": True}`), `key` being the string. */
  readonly dictKeys: KeywordSite[];
  /** Assignments whose target is a subscript (`os.environ["X"] = "1"`). */
  readonly subscriptAssignments: StatementSite[];
  /** Comments that mention `msl:` (suppression directives and their look-alikes). */
  readonly comments: Node[];
  /** Every attribute name assigned as `self.<name> = ...` in some method (a cheap filter for call sites). */
  readonly instanceAttributeNames: ReadonlySet<string>;
}

export function newScope(kind: ScopeKind, start: number, end: number, parent: Scope | undefined, nodeStart = start): Scope {
  return {
    kind, start, end, parent, nodeStart, bindings: new Map(), wildcards: [], remote: new Map(), globals: new Set(), nonlocals: new Set(),
    instanceAttributes: new Map(),
  };
}

export function newBinding(
  scope: Scope, name: string, kind: BindingKind, position: number, domStart: number, domEnd: number,
  qualified?: string, value?: Node, derived?: boolean,
): Binding {
  const topLevel = domStart <= scope.start && domEnd >= scope.end;
  return { name, kind, scope, position, domStart, domEnd, topLevel, qualified, value, ...(derived ? { derived } : {}) };
}

export function addBinding(
  scope: Scope, name: string, kind: BindingKind, position: number, domStart: number, domEnd: number,
  qualified?: string, value?: Node, derived?: boolean,
): void {
  const binding = newBinding(scope, name, kind, position, domStart, domEnd, qualified, value, derived);
  if (kind === 'wildcard') {
    scope.wildcards.push(binding);
    return;
  }
  const list = scope.bindings.get(name);
  if (!list) scope.bindings.set(name, [binding]);
  else insertByPosition(list, binding);
}

function insertByPosition(list: Binding[], b: Binding): void {
  let i = list.length;
  while (i > 0 && list[i - 1].position > b.position) i--;
  list.splice(i, 0, b);
}

/** A scope's bindings for `name`, wildcards included, ordered by position. */
export function bindingsOf(scope: Scope, name: string): readonly Binding[] {
  const own = scope.bindings.get(name) ?? [];
  if (scope.wildcards.length === 0) return own;
  const all = [...own];
  for (const w of scope.wildcards) insertByPosition(all, w);
  return all;
}

/**
 * A function giving the innermost scope whose code contains an offset. The code spans of scopes
 * are nested or disjoint (a lambda in a parameter default lies outside the function's body), so
 * the answer is the last span starting at or before the offset, or the nearest span enclosing
 * that one which still contains it.
 */
export function scopeLocator(scopes: readonly Scope[]): (offset: number) => Scope {
  const sorted = [...scopes].sort((a, b) => a.start - b.start || b.end - a.end);
  const enclosing: number[] = []; // index in `sorted` of the nearest span around each span
  const open: number[] = [];
  sorted.forEach((s, i) => {
    while (open.length > 0 && sorted[open[open.length - 1]].end <= s.start) open.pop();
    enclosing.push(open.length > 0 ? open[open.length - 1] : -1);
    open.push(i);
  });
  return (offset) => {
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (sorted[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    for (let i = lo; i >= 0; i = enclosing[i]) if (sorted[i].start <= offset && offset < sorted[i].end) return sorted[i];
    return scopes[0];
  };
}

/** Function-like scopes make every name bound in them local for their whole body. */
export function isFunctionLike(scope: Scope): boolean {
  return scope.kind === 'function' || scope.kind === 'lambda' || scope.kind === 'comprehension';
}
