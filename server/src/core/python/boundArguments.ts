// What a call through indirections really passes, and how to show the path it took.
// `partial(torch.load, map_location="cpu")(p)` calls torch.load(p, map_location="cpu"): the
// arguments bound by each partial come first (positional) or are overridden (keywords), as in
// functools. The rules then see one argument set; fixes that append a keyword go to the partial
// that wraps the function, which covers every call made through it.
import type { Node } from 'web-tree-sitter';
import type { Indirection } from './callValues';
import type { Resolver } from './resolve';
import { callArguments, type CallArguments } from './syntax';
import { oneLine } from './text';

function partials(steps: readonly Indirection[] | undefined): Indirection[] {
  return steps ? steps.filter((s) => s.kind === 'partial') : [];
}

/** True when both origins went through the same `partial` calls (so they receive the same arguments). */
export function samePartials(a: readonly Indirection[] | undefined, b: readonly Indirection[] | undefined): boolean {
  const pa = partials(a);
  const pb = partials(b);
  return pa.length === pb.length && pa.every((s, i) => s.node.id === pb[i].node.id);
}

/**
 * The call's arguments merged with those bound by the partials in `steps` (outermost first).
 * Nodes taken from a partial are adopted by the resolver into the partial's scope.
 */
export function effectiveArguments(own: CallArguments, steps: readonly Indirection[] | undefined, resolver: Resolver): CallArguments {
  const bound = partials(steps);
  if (bound.length === 0) return own;
  const keywords = new Map<string, Node>();
  const positional: Node[] = [];
  let known = true; // positions after a `*args` splat are unknown
  let hasListSplat = false;
  let hasDictSplat = false;
  const add = (args: CallArguments, skipFirst: boolean, scope?: Indirection['scope']): void => {
    const splat = args.list?.namedChildren.find((c) => c?.type === 'list_splat');
    for (const p of args.positional.slice(skipFirst ? 1 : 0)) {
      if (scope) resolver.adopt(p, scope);
      if (known && !(splat && splat.startIndex < p.startIndex)) positional.push(p);
    }
    for (const [name, kw] of args.keywords) {
      const value = kw.childForFieldName('value');
      if (scope && value) resolver.adopt(value, scope);
      keywords.set(name, kw);
    }
    if (splat) known = false;
    hasListSplat ||= args.hasListSplat;
    hasDictSplat ||= args.hasDictSplat;
  };
  for (let i = bound.length - 1; i >= 0; i--) add(callArguments(bound[i].node), true, bound[i].scope);
  add(own, false);
  return { list: callArguments(bound[bound.length - 1].node).list, positional, keywords, hasListSplat, hasDictSplat };
}

/**
 * `getattr(torch, "load") → torch.load`; a step nested inside the previous one shown is left out
 * (it is already visible there). No line numbers: they would go stale when the script is
 * re-analysed one function body at a time.
 */
export function describeIndirection(steps: readonly Indirection[], qualified: string): string {
  const shown: Node[] = [];
  for (const s of steps) {
    const last = shown[shown.length - 1];
    if (last && s.node.startIndex >= last.startIndex && s.node.endIndex <= last.endIndex) continue;
    shown.push(s.node);
  }
  return [...shown.map((n) => oneLine(n.text, 80)), qualified].join(' → ');
}
