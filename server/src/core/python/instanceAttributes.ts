// Instance attributes a class sets on `self` in its methods (`self.loader = torch.load`), so that
// `self.loader(p)` in another method of the same class resolves like the value assigned.
// Only plain assignments count; an attribute also set through a tuple target gets an opaque
// binding, which keeps its resolution from being exclusive.
import type { Node } from 'web-tree-sitter';
import { newBinding, type Scope } from './scopes';

const UNBOUND_FIRST_PARAMETER = /^@\s*(?:builtins\s*\.\s*)?(?:staticmethod|classmethod)\s*$/;

/** The instance parameter of a method (`self`), or undefined for static/class methods and plain functions. */
export function methodSelfName(fn: Node, enclosing: Scope): string | undefined {
  if (enclosing.kind !== 'class') return undefined;
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  if (decorated?.namedChildren.some((d) => d?.type === 'decorator' && UNBOUND_FIRST_PARAMETER.test(d.text))) return undefined;
  const first = fn.childForFieldName('parameters')?.namedChildren.find((p) => p !== null && p.type !== 'comment');
  const name = first?.type === 'typed_parameter' ? first.namedChild(0) : first;
  return name?.type === 'identifier' ? name.text : undefined;
}

/** The method whose instance parameter `name` denotes in `scope` (through closures), if any. */
export function methodOfSelf(scope: Scope, name: string): Scope | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    if (s.kind === 'function' && s.selfName === name) return s.parent?.kind === 'class' ? s : undefined;
    if (s.kind === 'class' || s.kind === 'module' || s.bindings.has(name)) return undefined;
  }
  return undefined;
}

/**
 * Records `self.<attr> = value` (plain: a value binding) and `self.<attr>` inside a tuple target
 * (opaque) on the method's class. Returns the attribute names recorded.
 */
export function recordInstanceAttributes(assignment: Node, left: Node, right: Node, scope: Scope): string[] {
  const targets = left.type === 'attribute' ? [left] : attributeTargets(left);
  const out: string[] = [];
  for (const target of targets) {
    const object = target.childForFieldName('object');
    const attr = target.childForFieldName('attribute');
    if (object?.type !== 'identifier' || !attr) continue;
    const method = methodOfSelf(scope, object.text);
    const cls = method?.parent;
    if (!method || !cls) continue;
    const plain = target === left;
    // The binding belongs to the scope the value is evaluated in, but is listed on the class.
    const binding = newBinding(scope, attr.text, plain ? 'value' : 'opaque', assignment.endIndex, -1, -1, undefined, plain ? right : undefined);
    const list = cls.instanceAttributes.get(attr.text);
    if (list) list.push(binding);
    else cls.instanceAttributes.set(attr.text, [binding]);
    out.push(attr.text);
  }
  return out;
}

/** Attribute nodes inside a tuple or list target (`self.a, x = ...`). */
function attributeTargets(target: Node): Node[] {
  const out: Node[] = [];
  const pending = [target];
  while (pending.length > 0) {
    const n = pending.pop() as Node;
    if (n.type === 'attribute') out.push(n);
    else if (n.type === 'pattern_list' || n.type === 'tuple_pattern' || n.type === 'list_pattern' || n.type === 'parenthesized_expression') {
      for (const c of n.namedChildren) if (c) pending.push(c);
    }
  }
  return out;
}
