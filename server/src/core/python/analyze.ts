// Python scripts: parse with tree-sitter, resolve names, run the rules, apply suppressions.
// Never throws on bad input: tree-sitter recovers from syntax errors and we analyse what parsed.
import type { Node, Tree } from 'web-tree-sitter';
import { createFinding, type Finding } from '../findings';
import { DEFAULT_LIMITS, LIMIT_DESCRIPTIONS } from '../limits';
import { LIMIT_REACHED } from '../rules/scanner';
import { describeIndirection, effectiveArguments, samePartials } from './boundArguments';
import { calleeMatcher, type CalleeMatcher } from './callees';
import type { Indirection } from './callValues';
import { collectModule } from './collect';
import { checkLoaderValues } from './loaderValues';
import { callParts, type ModuleIndex, type Scope } from './scopes';
import { loadPythonGrammar, parsePython } from './parser';
import { Resolver } from './resolve';
import { matchRule } from './ruleMatch';
import { CALL_RULES, KEYWORD_RULES, SUBSCRIPT_ASSIGNMENT_CHECKS } from './rules/index';
import type { CallRule, KeywordMatch, KeywordRule, ScriptContext } from './rules/types';
import { applySuppressions, commentDirectives, type DirectiveComment } from './suppressions';
import { callArguments } from './syntax';
import { LineIndex, oneLine } from './text';

export interface PythonAnalysisOptions {
  /** Parsing stops after this long and an MSL001 finding says so (default: the scan's wall-time limit). */
  maxWallTimeMs?: number;
  /** Hub revisions recorded in the project's msl.lock.json (lower-cased repo id -> commit), for MSL831/MSL832. */
  hubPins?: ReadonlyMap<string, string>;
}

export async function analyzePythonSource(text: string, options: PythonAnalysisOptions = {}): Promise<Finding[]> {
  const grammar = await loadPythonGrammar();
  const budget = options.maxWallTimeMs ?? DEFAULT_LIMITS.maxWallTimeMs;
  const { tree } = parsePython(grammar, text, Date.now() + budget);
  if (!tree) return [parseTimeout(budget)];
  try {
    return analyzePythonTree(tree, text, options);
  } finally {
    tree.delete();
  }
}

export function parseTimeout(budget: number): Finding {
  return createFinding(LIMIT_REACHED, {
    message: `Stopped at the limit on ${LIMIT_DESCRIPTIONS.maxWallTimeMs} (maxWallTimeMs = ${budget}) while parsing. The script was not analysed.`,
    location: { kind: 'file' },
    evidence: `maxWallTimeMs=${budget}`,
  });
}

/** Analysis of an already parsed script (for callers that keep trees for incremental re-parsing). */
export function analyzePythonTree(tree: Tree, text: string, options: Pick<PythonAnalysisOptions, 'hubPins'> = {}): Finding[] {
  const { findings, comments } = analyzeUnsuppressed(tree, text, options);
  return applySuppressions(findings, comments).sort(byPosition);
}

/** Document order, then rule id: stable output whatever order the rules ran in. */
export function byPosition(a: Finding, b: Finding): number {
  const pa = a.location.kind === 'text' ? a.location : undefined;
  const pb = b.location.kind === 'text' ? b.location : undefined;
  if (!pa || !pb) return pa ? 1 : pb ? -1 : a.ruleId.localeCompare(b.ruleId);
  return (pa.cell ?? -1) - (pb.cell ?? -1)
    || pa.range.start.line - pb.range.start.line
    || pa.range.start.character - pb.range.start.character
    || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

export interface UnsuppressedAnalysis {
  findings: Finding[];
  /** `# msl:` directive comments found in the tree. */
  comments: DirectiveComment[];
  lines: LineIndex;
}

/** Every rule's findings before suppressions (notebooks add their magic lines' findings first). */
export function analyzeUnsuppressed(tree: Tree, text: string, options: Pick<PythonAnalysisOptions, 'hubPins'> = {}): UnsuppressedAnalysis {
  const lines = new LineIndex(text);
  const index = collectModule(tree);
  const resolver = new Resolver();
  const findings: Finding[] = [];
  const ctx: ScriptContext = {
    lines, resolver, report: (rule, init) => findings.push(createFinding(rule, init)), ...(options.hubPins ? { hubPins: options.hubPins } : {}),
  };
  runCallRules(index, ctx);
  runKeywordRules(index, ctx);
  checkLoaderValues(tree.rootNode, index, ctx);
  for (const site of index.subscriptAssignments) for (const check of SUBSCRIPT_ASSIGNMENT_CHECKS) check(site, ctx);
  return { findings, comments: commentDirectives(index.comments, lines), lines };
}

interface CompiledRule<R> { rule: R; matcher: CalleeMatcher }

const COMPILED: CompiledRule<CallRule>[] = CALL_RULES.map((rule) => ({ rule, matcher: calleeMatcher(rule.callees) }));
const ANY_CALLEE = calleeMatcher(CALL_RULES.flatMap((r) => r.callees));
const KEYWORDS = new Map<string, KeywordRule[]>();
for (const rule of KEYWORD_RULES) for (const k of rule.keywords) KEYWORDS.set(k, [...(KEYWORDS.get(k) ?? []), rule]);

function runCallRules(index: ModuleIndex, ctx: ScriptContext): void {
  for (const site of index.calls) {
    // Resolution only rewrites the root of a dotted callee, so the last segment must match
    // (unless the callee may be an instance attribute, `self.loader`, which resolves to its value).
    if (site.kind === 'attribute' && !ANY_CALLEE.lastSegments.has(site.key.text) && !index.instanceAttributeNames.has(site.key.text)) continue;
    const fn = site.kind === 'attribute' ? site.key.parent : site.key; // `parent` is not free: only when needed
    if (!fn) continue;
    const origins = ctx.resolver.qualifiedNames(fn, site.scope);
    if (!origins.some((o) => o.qualified !== undefined && ANY_CALLEE.matches(o.qualified))) continue;
    const parts = callParts(site);
    if (!parts) continue;
    const own = callArguments(parts.call);
    for (const { rule, matcher } of COMPILED) {
      const hit = matchRule(matcher, origins);
      if (!hit) continue;
      const { steps, ...match } = hit;
      const args = effectiveArguments(own, steps, ctx.resolver);
      const ruleCtx = steps ? withIndirection(ctx, steps, hit.qualified, parts.call) : ctx;
      rule.check({ call: parts.call, callee: fn, written: oneLine(fn.text, 80), scope: site.scope, args, ...match }, ruleCtx);
    }
  }
}

/** Findings on a call reached through indirections say so in their evidence. */
function withIndirection(ctx: ScriptContext, steps: readonly Indirection[], qualified: string, call: Node): ScriptContext {
  const via = describeIndirection(steps, qualified);
  return { ...ctx, report: (rule, init) => ctx.report(rule, { ...init, evidence: `${init.evidence ?? oneLine(call.text)} (via ${via})` }) };
}

function runKeywordRules(index: ModuleIndex, ctx: ScriptContext): void {
  for (const site of index.keywords) {
    const rules = KEYWORDS.get(site.key.text);
    if (!rules) continue;
    const keyword = site.key.parent;
    const value = keyword?.childForFieldName('value');
    const call = keyword?.parent?.parent;
    const callee = call?.type === 'call' ? call.childForFieldName('function') : null;
    if (!keyword || !value || !call || !callee) continue;
    const target = keywordTarget(call, callee, site.scope, ctx);
    for (const rule of rules) {
      rule.check({ call, ...target, written: oneLine(target.callee.text, 80), keyword, value, scope: site.scope }, ctx);
    }
  }
  for (const site of index.dictKeys) {
    const name = site.key.text.slice(1, -1); // quotes; prefixed or escaped strings never match a name
    const rules = KEYWORDS.get(name);
    const pair = site.key.parent;
    const value = pair?.childForFieldName('value');
    if (!rules || !pair || !value) continue;
    for (const rule of rules) rule.checkDictEntry?.({ name, pair, value, scope: site.scope }, ctx);
  }
}

/**
 * The function a keyword reaches: `partial(f, k=v)` binds `k` for `f`, so the rules see `f`; a
 * call through one `partial` chain sees the arguments it binds too (a pinned `revision`).
 */
function keywordTarget(call: Node, callee: Node, scope: Scope, ctx: ScriptContext): Pick<KeywordMatch, 'callee' | 'origins' | 'args'> {
  const own = callArguments(call);
  const origins = ctx.resolver.qualifiedNames(callee, scope);
  const wrapped = own.positional[0];
  if (wrapped && origins.length > 0 && origins.every((o) => o.qualified === 'functools.partial')) {
    return { callee: wrapped, origins: ctx.resolver.qualifiedNames(wrapped, scope), args: own };
  }
  const through = origins[0]?.steps;
  const shared = origins.every((o) => samePartials(o.steps, through));
  return { callee, origins, args: effectiveArguments(own, shared ? through : undefined, ctx.resolver) };
}
