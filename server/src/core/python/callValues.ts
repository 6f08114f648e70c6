// Calls whose result is a known module or function, so that calling or reading it resolves:
//   importlib.import_module("m") / __import__("m")   -> module m (top package for __import__)
//   getattr(obj, "name"[, default])                   -> obj.name (or the default)
//   functools.partial(f, *args, **kwargs)             -> f, its bound arguments kept for the rules
// Each returns origins that remember the call as an Indirection (for evidence and bound arguments).
import type { Node } from 'web-tree-sitter';
import type { NameOrigin, Resolver } from './resolve';
import type { Scope } from './scopes';
import { callArguments, type CallArguments } from './syntax';

export interface Indirection {
  readonly kind: 'import' | 'getattr' | 'partial' | 'attribute';
  /** The call making the indirection, or the `self.x = value` assignment for `attribute`. */
  readonly node: Node;
  /** The scope `node` is evaluated in. */
  readonly scope: Scope;
}

const LOCAL: NameOrigin = { via: 'local' };
const IDENTIFIER = /^[A-Za-z_]\w*$/;

export function callOrigins(r: Resolver, call: Node, scope: Scope, at: number, depth: number): NameOrigin[] {
  const fn = call.childForFieldName('function');
  if (!fn) return [LOCAL];
  const args = callArguments(call);
  const out: NameOrigin[] = [];
  for (const o of r.qualifiedNames(fn, scope, at, depth)) {
    switch (o.qualified) {
      case 'importlib.import_module':
      case '__import__':
      case 'builtins.__import__':
        out.push(...importedModule(r, call, args, o.qualified !== 'importlib.import_module', scope, at, depth));
        break;
      case 'getattr':
      case 'builtins.getattr':
        out.push(...attributeOf(r, call, args, scope, at, depth));
        break;
      case 'functools.partial':
        out.push(...partialOf(r, call, args, scope, at, depth));
        break;
      default:
        out.push(LOCAL);
    }
  }
  return out;
}

function withStep(origins: NameOrigin[], step: Indirection): NameOrigin[] {
  return origins.map((o) => (o.qualified === undefined ? o : { ...o, steps: [step, ...(o.steps ?? [])] }));
}

function plain(args: CallArguments, count: number[]): boolean {
  return count.includes(args.positional.length) && args.keywords.size === 0 && !args.hasDictSplat && !args.hasListSplat;
}

function importedModule(r: Resolver, call: Node, args: CallArguments, top: boolean, scope: Scope, at: number, depth: number): NameOrigin[] {
  if (!plain(args, [1])) return [LOCAL];
  const target = r.constant(args.positional[0], scope, at, depth);
  if (!target || typeof target.value !== 'string' || !/^[A-Za-z_][\w.]*$/.test(target.value)) return [LOCAL];
  const module = top ? target.value.split('.')[0] : target.value;
  return [{ qualified: module, via: 'import', steps: [{ kind: 'import', node: call, scope }] }];
}

/** `getattr(obj, "name")`: obj.name; with a default, the default is another possible value. */
function attributeOf(r: Resolver, call: Node, args: CallArguments, scope: Scope, at: number, depth: number): NameOrigin[] {
  if (!plain(args, [2, 3])) return [LOCAL];
  const [object, name, fallback] = args.positional;
  const attr = r.constant(name, scope, at, depth)?.value;
  if (typeof attr !== 'string' || !IDENTIFIER.test(attr)) return [LOCAL];
  const step: Indirection = { kind: 'getattr', node: call, scope };
  const out = withStep(r.qualifiedNames(object, scope, at, depth).map((o) =>
    (o.qualified === undefined ? o : { ...o, qualified: `${o.qualified}.${attr}` })), step);
  if (fallback) out.push(...r.qualifiedNames(fallback, scope, at, depth));
  return out;
}

/** `partial(f, ...)`: f, unless the function itself comes from a `*` splat. */
function partialOf(r: Resolver, call: Node, args: CallArguments, scope: Scope, at: number, depth: number): NameOrigin[] {
  const fn = args.positional[0];
  const splat = args.list?.namedChildren.find((c) => c?.type === 'list_splat');
  if (!fn || (splat && splat.startIndex < fn.startIndex) || args.keywords.has('func')) return [LOCAL];
  return withStep(r.qualifiedNames(fn, scope, at, depth), { kind: 'partial', node: call, scope });
}
