// Name resolution over a ModuleIndex: which bindings reach a use, the fully-qualified names an
// expression may denote (`T.load` -> `torch.load`), and simple constant propagation.
import type { Node } from 'web-tree-sitter';
import { callOrigins, type Indirection } from './callValues';
import { methodOfSelf } from './instanceAttributes';
import { bindingsOf, isFunctionLike, type Binding, type Scope } from './scopes';
import { literalValue, unparenthesize, type Literal } from './syntax';

export interface NameOrigin {
  /** Dotted name such as `torch.load`; absent for a local we know nothing about. */
  readonly qualified?: string;
  /** `implicit`: a name bound nowhere in the file, taken to be the module of that name. */
  readonly via: 'import' | 'implicit' | 'local';
  /** Indirections the name went through, outermost first (`getattr`, `partial`, `self.x = ...`). */
  readonly steps?: readonly Indirection[];
}

export interface Lookup {
  /** Bindings that may reach the use, nearest first. */
  readonly bindings: Binding[];
  /** False when, on some path, none of them is bound (builtins or an undefined name). */
  readonly certain: boolean;
}

export interface Constant {
  readonly value: Literal;
  /** The binding the value came from, when it came through a name. */
  readonly binding?: Binding;
}

const MAX_DEPTH = 32;
const LOCAL: NameOrigin = { via: 'local' };

export class Resolver {
  private readonly names = new Map<Binding, NameOrigin[]>();
  private readonly constants = new Map<Binding, Constant | undefined>();
  /** Nodes evaluated in another scope than the one a rule sees them from (arguments bound by `partial`). */
  private readonly homes = new Map<number, Scope>();

  /** Records that `node` is evaluated in `scope`, whatever scope it is later looked at from. */
  adopt(node: Node, scope: Scope): void {
    this.homes.set(node.id, scope);
  }

  /** The scope `node` is evaluated in: its recorded home, or `fallback`. */
  scopeOf(node: Node, fallback: Scope): Scope {
    return this.homes.get(node.id) ?? fallback;
  }

  /** Bindings of `name` visible at offset `at` of `scope`, following Python's scope rules. */
  lookup(name: string, scope: Scope, at: number): Lookup {
    const found: Binding[] = [];
    let pos = at; // Infinity: "when the scope has finished running" (deferred bodies)
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const visible = s === scope || s.kind !== 'class'; // methods do not see their class body
      if (visible && s.globals.has(name)) {
        while (s.parent) s = s.parent;
        return this.finish(name, s, Infinity, found);
      }
      if (visible && !s.nonlocals.has(name)) {
        found.push(...(s.remote.get(name) ?? []));
        if (collect(bindingsOf(s, name), pos, found)) return { bindings: found, certain: true };
        if (isFunctionLike(s) && s.bindings.has(name)) return { bindings: found, certain: true };
      }
      pos = pos === Infinity || s.kind === 'function' || s.kind === 'lambda' ? Infinity : s.nodeStart;
    }
    return { bindings: found, certain: false };
  }

  private finish(name: string, module: Scope, pos: number, found: Binding[]): Lookup {
    found.push(...(module.remote.get(name) ?? []));
    return { bindings: found, certain: collect(bindingsOf(module, name), pos, found) };
  }

  /** The dotted names `expr` may denote at offset `at` (the expression's start by default). */
  qualifiedNames(expr: Node, given: Scope, at = expr.startIndex, depth = 0): NameOrigin[] {
    if (depth > MAX_DEPTH) return [LOCAL];
    const scope = this.homes.size > 0 ? this.homes.get(expr.id) ?? given : given;
    switch (expr.type) {
      case 'identifier': {
        const name = expr.text;
        const { bindings, certain } = this.lookup(name, scope, at);
        const out: NameOrigin[] = [];
        for (const b of bindings) out.push(...this.bindingNames(b, name, depth + 1));
        // Only a name bound nowhere is taken to be the module of that name; a name bound on some
        // paths only would raise NameError on the others, which is no different callee.
        if (!certain && bindings.every((b) => b.kind === 'wildcard')) out.push({ qualified: name, via: 'implicit' });
        return out;
      }
      case 'attribute': {
        const object = expr.childForFieldName('object');
        const attr = expr.childForFieldName('attribute');
        if (!object || !attr) return [LOCAL];
        const own = object.type === 'identifier' ? this.instanceAttribute(object, attr.text, scope, at, depth + 1) : undefined;
        if (own) return own;
        return this.qualifiedNames(object, scope, at, depth + 1).map((o) =>
          o.qualified === undefined ? o : { qualified: `${o.qualified}.${attr.text}`, via: o.via, ...(o.steps ? { steps: o.steps } : {}) });
      }
      case 'parenthesized_expression': {
        const inner = unparenthesize(expr);
        return inner === expr ? [LOCAL] : this.qualifiedNames(inner, scope, at, depth + 1);
      }
      case 'call':
        return callOrigins(this, expr, scope, at, depth + 1);
      case 'none':
        return []; // `torch = None` fallbacks denote nothing callable
      default:
        return [LOCAL];
    }
  }

  /** The literal value of `expr`, through names bound to literals, or undefined. */
  constant(expr: Node, given: Scope, at = expr.startIndex, depth = 0): Constant | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const literal = literalValue(expr);
    if (literal !== undefined) return { value: literal };
    const scope = this.homes.size > 0 ? this.homes.get(expr.id) ?? given : given;
    if (expr.type === 'not_operator') {
      const arg = expr.childForFieldName('argument');
      const inner = arg ? this.constant(arg, scope, at, depth + 1) : undefined;
      return inner && { value: !truthy(inner.value), binding: inner.binding };
    }
    if (expr.type !== 'identifier') return undefined;
    const { bindings, certain } = this.lookup(expr.text, scope, at);
    if (!certain || bindings.length === 0) return undefined;
    let result: Constant | undefined;
    for (const b of bindings) {
      const c = this.bindingConstant(b, depth + 1);
      if (c === undefined || (result && result.value !== c.value)) return undefined;
      result ??= { value: c.value, binding: b };
    }
    return result;
  }

  private bindingNames(b: Binding, name: string, depth: number): NameOrigin[] {
    switch (b.kind) {
      case 'import': return [{ qualified: b.qualified, via: 'import' }];
      case 'wildcard': return [{ qualified: `${b.qualified}.${name}`, via: 'import' }];
      case 'opaque': return [LOCAL];
      case 'value': {
        if (b.derived) return [LOCAL]; // what `__enter__` returns, or an element, is not known here
        let names = this.names.get(b);
        if (!names && b.value) {
          this.names.set(b, [LOCAL]); // guards against cycles while computing
          names = this.qualifiedNames(b.value, b.scope, b.value.startIndex, depth);
          this.names.set(b, names);
        }
        return names ?? [LOCAL];
      }
    }
  }

  private bindingConstant(b: Binding, depth: number): Constant | undefined {
    if (b.kind !== 'value' || !b.value || b.derived) return undefined;
    if (this.constants.has(b)) return this.constants.get(b);
    this.constants.set(b, undefined);
    const c = this.constant(b.value, b.scope, b.value.startIndex, depth);
    this.constants.set(b, c);
    return c;
  }

  /**
   * `self.<attr>` in a method: the values its class's methods assign to that attribute. Undefined
   * when `object` is not the instance parameter or no method assigns the attribute.
   */
  private instanceAttribute(object: Node, attr: string, scope: Scope, at: number, depth: number): NameOrigin[] | undefined {
    const method = methodOfSelf(scope, object.text); // cheap: scopes only, before any lookup
    const cls = method?.parent;
    const assigned = cls?.instanceAttributes.get(attr);
    if (!method || !cls || !assigned) return undefined;
    // `self` must still be the parameter here (not rebound before this use).
    const { bindings, certain } = this.lookup(object.text, scope, at);
    const param = bindings[0];
    if (!certain || bindings.length !== 1 || param.kind !== 'opaque' || param.scope !== method || param.position !== method.start) return undefined;
    const out: NameOrigin[] = [];
    for (const b of assigned) {
      const step: Indirection = { kind: 'attribute', node: b.value?.parent ?? object, scope: b.scope };
      for (const o of this.bindingNames(b, attr, depth)) out.push(o.qualified === undefined ? o : { ...o, steps: [step, ...(o.steps ?? [])] });
    }
    // A method or class attribute of the same name is what the instance sees until `__init__` runs.
    if (cls.bindings.has(attr)) out.push(LOCAL);
    return out;
  }
}

/** Adds the bindings reaching `pos` to `found`, nearest first; true once one certainly holds. */
function collect(list: readonly Binding[], pos: number, found: Binding[]): boolean {
  for (let i = list.length - 1; i >= 0; i--) {
    const b = list[i];
    if (b.position > pos) continue;
    found.push(b);
    if (b.kind !== 'wildcard' && (pos === Infinity ? b.topLevel : b.domStart <= pos && pos < b.domEnd)) return true;
  }
  return false;
}

/** Python truthiness of a literal. */
export function truthy(v: Literal): boolean {
  return v !== null && v !== false && v !== 0 && v !== '';
}
