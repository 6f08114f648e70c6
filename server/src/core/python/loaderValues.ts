// Unsafe loaders passed as values and called by someone else: `map(torch.load, paths)`,
// `DatasetFolder(root, loader=pickle.load)`, `{"pt": torch.load}`, `return joblib.load`. The
// receiver passes only the data, so the loader runs with its default arguments: the rule of a
// direct call without options applies (through VALUE_RULES), at medium confidence since the
// call itself is not seen. A name bound to a loader (`load = torch.load`) is no finding: calls
// through it are already resolved, and its own uses are followed instead.
//
// No query pass of its own: a regular expression finds each occurrence of a loader's last name
// (`load`, `loads`, ...) and then of every name found bound to one; occurrences followed by `(`
// (calls), `.` or `=` are dropped on the text, the rest are looked up in the tree and resolved.
import type { Node } from 'web-tree-sitter';
import type { RuleMeta } from '../rules/types';
import { describeIndirection, effectiveArguments } from './boundArguments';
import { calleeMatcher } from './callees';
import { methodOfSelf } from './instanceAttributes';
import { matchRule, type RuleHit } from './ruleMatch';
import { VALUE_RULES } from './rules/index';
import { lowerConfidence, type CallMatch, type ScriptContext } from './rules/types';
import { scopeLocator, type ModuleIndex, type Scope } from './scopes';
import { callArguments, moduleNameOf, type CallArguments } from './syntax';
import { oneLine } from './text';
import { valueUses, type Sink, type UseContext } from './valueUses';
import { weightsOnlyValueFix } from './valueFixes';

const COMPILED = VALUE_RULES.map((rule) => ({ rule, matcher: calleeMatcher(rule.callees) }));
/** Functions only: calling a class (`pickle.Unpickler`) loads nothing yet, and classes are mostly subclassed or type-checked. */
const LOADERS = calleeMatcher(VALUE_RULES.flatMap((r) => r.callees).filter((c) => /^[a-z_]/.test(c.slice(c.lastIndexOf('.') + 1))));
/** Keywords a receiving call passes on with the function (`executor.submit(torch.load, p, weights_only=True)`). */
const FORWARDED = ['weights_only', 'Loader', 'allow_pickle'];
/** Alias chains followed (`a = torch.load; b = a; map(b, ps)` is two). */
const MAX_ROUNDS = 8;
const IDENTIFIER = /^[A-Za-z_]\w*$/;

export function checkLoaderValues(root: Node, index: ModuleIndex, ctx: ScriptContext): void {
  const text = ctx.lines.text;
  let locate: ((offset: number) => Scope) | undefined; // built at the first occurrence that needs it
  const scopeOf = (n: Node): Scope => (locate ??= scopeLocator(index.scopes))(n.startIndex);
  const searched = new Set(LOADERS.lastSegments);
  const seen = new Set<number>();
  let names = [...searched];
  for (let round = 0; names.length > 0 && round < MAX_ROUNDS; round++) {
    const found: string[] = [];
    const follow = (name: string): void => {
      if (searched.has(name) || !IDENTIFIER.test(name)) return;
      searched.add(name);
      found.push(name);
    };
    for (const [start, end] of occurrences(text, names)) {
      const path = pathTo(root, start, end);
      if (!path) continue;
      const parentOf = (n: Node): Node | null => path.parents.get(n.id) ?? null;
      const imported = importAlias(path.node, parentOf);
      if (imported) follow(imported);
      const reference = imported ? undefined : referenceAt(path.node, parentOf);
      if (!reference || seen.has(reference.id)) continue;
      seen.add(reference.id);
      const scope = scopeOf(reference);
      if (!ctx.resolver.qualifiedNames(reference, scope).some((o) => o.qualified !== undefined && LOADERS.matches(o.qualified))) continue;
      const uses: UseContext = {
        parentOf,
        calleeNames: (call) => {
          const fn = call.childForFieldName('function');
          return fn ? ctx.resolver.qualifiedNames(fn, scopeOf(fn)).map((o) => o.qualified) : [];
        },
        isSelf: (object) => methodOfSelf(scopeOf(object), object.text) !== undefined,
        inClassBody: (n) => scopeOf(n).kind === 'class',
      };
      for (const use of valueUses(reference, uses)) {
        if (use.kind === 'alias') follow(use.name);
        else report(use.value, use.sink, scope, ctx);
      }
    }
    names = found;
  }
}

/** Offsets of `names` as whole words, except where the text already shows a call, a dotted prefix or a binding target. */
function* occurrences(text: string, names: readonly string[]): Generator<[number, number]> {
  for (const m of text.matchAll(new RegExp(`\\b(?:${names.join('|')})\\b`, 'g'))) {
    const end = m.index + m[0].length;
    let i = end;
    while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
    const next = text[i];
    if (next === '(' || next === '.' || (next === '=' && text[i + 1] !== '=')) continue;
    yield [m.index, end];
  }
}

/**
 * The node spanning exactly [start, end), with the parents of the nodes above it, found going
 * down from the root once: `Node.parent` searches from the root again in every call.
 */
function pathTo(root: Node, start: number, end: number): { node: Node; parents: Map<number, Node> } | undefined {
  const node = root.descendantForIndex(start, end);
  if (!node || node.startIndex !== start || node.endIndex !== end) return undefined;
  const parents = new Map<number, Node>();
  for (let n: Node = root; n.id !== node.id;) {
    const child = n.childWithDescendant(node);
    if (!child) return undefined;
    parents.set(child.id, n);
    n = child;
  }
  return { node, parents };
}

type ParentOf = (n: Node) => Node | null;

/** `L` in `from torch import load as L`, when the imported name is a loader. */
function importAlias(node: Node, parentOf: ParentOf): string | undefined {
  const dotted = parentOf(node);
  const aliased = dotted && parentOf(dotted);
  const statement = aliased && parentOf(aliased);
  if (dotted?.type !== 'dotted_name' || aliased?.type !== 'aliased_import' || statement?.type !== 'import_from_statement') return undefined;
  const source = statement.childForFieldName('module_name');
  const alias = aliased.childForFieldName('alias');
  if (!source || !alias || aliased.childForFieldName('name')?.id !== dotted.id) return undefined;
  return LOADERS.matches(`${moduleNameOf(source)}.${moduleNameOf(dotted)}`) ? alias.text : undefined;
}

/** The expression an occurrence belongs to (`torch.load`, `getattr(torch, "load")`), unless it is called or only a prefix. */
function referenceAt(node: Node, parentOf: ParentOf): Node | undefined {
  let ref: Node | undefined;
  if (node.type === 'identifier') {
    const parent = parentOf(node);
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id !== node.id) return undefined;
    ref = parent?.type === 'attribute' ? parent : node;
  } else if (node.type === 'string_content') {
    ref = getattrCall(node, parentOf);
  }
  const up = ref && parentOf(ref);
  if (!ref || !up) return undefined;
  if ((up.type === 'attribute' && up.childForFieldName('object')?.id === ref.id)
    || (up.type === 'call' && up.childForFieldName('function')?.id === ref.id)
    || (up.type === 'keyword_argument' && up.childForFieldName('name')?.id === ref.id)) return undefined;
  return ref;
}

/** `getattr(obj, "load")` for the string content `load` (resolution then checks it is the builtin). */
function getattrCall(content: Node, parentOf: ParentOf): Node | undefined {
  const string = parentOf(content);
  const list = string && parentOf(string);
  const call = list && parentOf(list);
  const fn = call?.type === 'call' ? call.childForFieldName('function') : undefined;
  if (!string || !call || fn?.type !== 'identifier' || fn.text !== 'getattr') return undefined;
  return callArguments(call).positional[1]?.id === string.id ? call : undefined;
}

/** Runs every value rule matching `value` as if it were called with the receiver's forwarded keywords only. */
function report(value: Node, sink: Sink, scope: Scope, ctx: ScriptContext): void {
  const origins = ctx.resolver.qualifiedNames(value, scope);
  for (const { rule, matcher } of COMPILED) {
    const hit = matchRule(matcher, origins);
    if (!hit) continue;
    const args = effectiveArguments(forwarded(sink), hit.steps, ctx.resolver);
    const written = oneLine(value.text, 80);
    const m: CallMatch = {
      call: value, callee: value, written, qualified: hit.qualified, resolution: lowerConfidence(hit.resolution, 'medium'), exclusive: hit.exclusive, scope, args,
    };
    rule.check(m, valueContext(ctx, m, sink, hit));
  }
}

function forwarded(sink: Sink): CallArguments {
  const keywords = new Map<string, Node>();
  const received = sink.receiver ? callArguments(sink.receiver.call) : undefined;
  for (const k of FORWARDED) {
    const kw = received?.keywords.get(k);
    if (kw) keywords.set(k, kw);
  }
  return { list: undefined, positional: [], keywords, hasListSplat: false, hasDictSplat: false };
}

/** The rule's report, told as a value: message and evidence say where it goes, confidence at most medium. */
function valueContext(ctx: ScriptContext, m: CallMatch, sink: Sink, hit: RuleHit): ScriptContext {
  const value = m.call;
  // Steps inside the value itself (`partial(torch.load, ...)` passed as is) are visible in it already.
  const shown = (hit.steps ?? []).filter((s) => s.node.startIndex < value.startIndex || s.node.endIndex > value.endIndex);
  const via = shown.length > 0 ? ` (via ${describeIndirection(shown, hit.qualified)})` : '';
  const passed = [...forwarded(sink).keywords.values()].map((k) => `\`${oneLine(k.text, 60)}\``);
  const options = passed.length > 0 ? passed.join(' and ') : 'its default options';
  return {
    ...ctx,
    report: (rule: RuleMeta, init) => {
      const fix = init.fix ?? weightsOnlyValueFix(rule, m, hit, sink, ctx);
      ctx.report(rule, {
        ...init,
        message: `\`${m.written}\` is ${sink.describe((s) => `\`${s}\``)}, to be called later with ${options}. ${init.message}`,
        evidence: `${m.written} ${sink.describe((s) => s)}${via}`,
        confidence: lowerConfidence(init.confidence ?? rule.confidence, 'medium'),
        ...(fix ? { fix } : {}),
      });
    },
  };
}
