// Helpers shared by the rule families: reading arguments, constants, reporting on a call.
import type { Node } from 'web-tree-sitter';
import type { Confidence, Fix, Severity } from '../../findings';
import type { RuleMeta } from '../../rules/types';
import { removeArgumentEdits } from '../removal';
import type { Constant } from '../resolve';
import { truthy } from '../resolve';
import type { Scope } from '../scopes';
import type { CallArguments } from '../syntax';
import { literalValue } from '../syntax';
import { oneLine } from '../text';
import { lowerConfidence, type CallMatch, type KeywordMatch, type ScriptContext } from './types';

/** The argument passed by keyword `name`, or else at `position` (unless a `*args` comes first). */
export function argument(args: CallArguments, position: number | undefined, name: string | undefined): Node | undefined {
  const kw = name ? args.keywords.get(name)?.childForFieldName('value') : undefined;
  if (kw) return kw;
  if (position === undefined) return undefined;
  const p = args.positional[position];
  if (!p) return undefined;
  // Positions after a `*args` splat are unknown.
  const splat = args.list?.namedChildren.find((c) => c?.type === 'list_splat');
  return splat && splat.startIndex < p.startIndex ? undefined : p;
}

export function constantOf(node: Node | undefined, scope: Scope, ctx: ScriptContext): Constant | undefined {
  return node ? ctx.resolver.constant(node, scope) : undefined;
}

export function stringConstant(node: Node | undefined, scope: Scope, ctx: ScriptContext): string | undefined {
  const c = constantOf(node, scope, ctx);
  return typeof c?.value === 'string' ? c.value : undefined;
}

/** A full git commit id: the only revision that cannot move. */
export function isCommitSha(s: string | undefined): boolean {
  return s !== undefined && /^[0-9a-f]{40}$/i.test(s);
}

export interface CallReport {
  message: string;
  confidence?: Confidence;
  severity?: Severity;
  fix?: Fix;
  /** The node the finding points at (the whole call by default). */
  at?: Node;
}

/** Reports on a call: range, evidence, and a confidence no higher than the callee's resolution. */
export function reportCall(rule: RuleMeta, m: Pick<CallMatch, 'call'> & { resolution?: Confidence }, ctx: ScriptContext, r: CallReport): void {
  const at = r.at ?? m.call;
  let confidence = r.confidence ?? rule.confidence;
  if (m.resolution) confidence = lowerConfidence(confidence, m.resolution);
  ctx.report(rule, {
    message: r.message,
    location: { kind: 'text', range: ctx.lines.range(at.startIndex, at.endIndex) },
    evidence: oneLine(m.call.text),
    confidence,
    ...(r.severity ? { severity: r.severity } : {}),
    ...(r.fix ? { fix: r.fix } : {}),
  });
}

/** How a keyword's value reads: literally the risky value, a constant equal to it, something else, or unknown. */
export type KeywordState = 'literal' | 'constant' | 'safe' | 'unknown';

export function keywordState(value: Node, risky: boolean, scope: Scope, ctx: ScriptContext): { state: KeywordState; constant?: Constant } {
  const literal = literalValue(value);
  if (literal !== undefined) return { state: truthy(literal) === risky && literal !== null ? 'literal' : 'safe' };
  const c = ctx.resolver.constant(value, scope);
  if (!c) return { state: 'unknown' };
  return { state: c.value !== null && truthy(c.value) === risky ? 'constant' : 'safe', constant: c };
}

/** The fix that deletes a keyword argument (`name=value`) from its call (or from the `partial` that binds it). */
export function removeKeywordFix(m: Pick<KeywordMatch, 'keyword' | 'args'>, ctx: ScriptContext): Fix | undefined {
  const list = m.keyword.parent?.type === 'argument_list' ? m.keyword.parent : m.args.list;
  if (!list) return undefined;
  const edits = removeArgumentEdits(list, m.keyword, ctx.lines);
  return edits && { title: `Remove ${oneLine(m.keyword.text, 60)}`, edits };
}

/** "`T.load` (torch.load)" for a keyword match whose callee resolves, else the callee as written. */
export function describeWritten(m: Pick<KeywordMatch, 'written' | 'origins'>): string {
  const q = m.origins.find((o) => o.qualified !== undefined)?.qualified;
  return q && q !== m.written ? `\`${m.written}\` (${q})` : `\`${m.written}\``;
}

/** True when some binding of the callee resolves to a name starting with one of `prefixes`. */
export function calleeUnder(m: Pick<KeywordMatch, 'origins'>, prefixes: readonly string[]): boolean {
  return m.origins.some((o) => o.qualified !== undefined && prefixes.some((p) => o.qualified === p || o.qualified!.startsWith(`${p}.`)));
}

/** Line number (1-based) where a constant was set, for messages. */
export function constantLine(c: Constant, ctx: ScriptContext): number | undefined {
  return c.binding ? ctx.lines.lineOf(c.binding.value?.startIndex ?? c.binding.position) + 1 : undefined;
}
