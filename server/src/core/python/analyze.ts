// Python scripts: parse with tree-sitter, resolve names, run the call rules.
// Never throws on bad input: tree-sitter recovers from syntax errors and we analyse what parsed.
import type { Tree } from 'web-tree-sitter';
import { createFinding, type Confidence, type Finding } from '../findings';
import { DEFAULT_LIMITS, LIMIT_DESCRIPTIONS } from '../limits';
import { LIMIT_REACHED } from '../rules/scanner';
import { collectModule } from './collect';
import { callParts } from './scopes';
import { loadPythonGrammar, parsePython } from './parser';
import { Resolver, type NameOrigin } from './resolve';
import { CALL_RULES } from './rules/index';
import type { CallRule, ScriptContext } from './rules/types';
import { callArguments } from './syntax';
import { LineIndex, oneLine } from './text';

export interface PythonAnalysisOptions {
  /** Parsing stops after this long and an MSL001 finding says so (default: the scan's wall-time limit). */
  maxWallTimeMs?: number;
}

export async function analyzePythonSource(text: string, options: PythonAnalysisOptions = {}): Promise<Finding[]> {
  const grammar = await loadPythonGrammar();
  const budget = options.maxWallTimeMs ?? DEFAULT_LIMITS.maxWallTimeMs;
  const { tree } = parsePython(grammar, text, Date.now() + budget);
  if (!tree) {
    return [createFinding(LIMIT_REACHED, {
      message: `Stopped at the limit on ${LIMIT_DESCRIPTIONS.maxWallTimeMs} (maxWallTimeMs = ${budget}) while parsing. The script was not analysed.`,
      location: { kind: 'file' },
      evidence: `maxWallTimeMs=${budget}`,
    })];
  }
  try {
    return analyzePythonTree(tree, text);
  } finally {
    tree.delete();
  }
}

/** Analysis of an already parsed script (for callers that keep trees for incremental re-parsing). */
export function analyzePythonTree(tree: Tree, text: string): Finding[] {
  const lines = new LineIndex(text);
  const index = collectModule(tree);
  const resolver = new Resolver();
  const findings: Finding[] = [];
  const ctx: ScriptContext = { lines, resolver, report: (rule, init) => findings.push(createFinding(rule, init)) };

  for (const site of index.calls) {
    // Resolution only rewrites the root of a dotted callee, so the last segment must match.
    if (site.kind === 'attribute' && !LAST_SEGMENTS.has(site.key.text)) continue;
    const fn = site.kind === 'attribute' ? site.key.parent : site.key; // `parent` is not free: only when needed
    if (!fn) continue;
    const origins = resolver.qualifiedNames(fn, site.scope);
    if (!origins.some((o) => o.qualified !== undefined && ALL_CALLEES.has(o.qualified))) continue;
    const parts = callParts(site);
    if (!parts) continue;
    for (const rule of CALL_RULES) {
      const hit = matchRule(rule, origins);
      if (!hit) continue;
      rule.check({
        call: parts.call,
        written: oneLine(fn.text, 80),
        qualified: hit.qualified,
        resolution: hit.resolution,
        exclusive: hit.exclusive,
        scope: site.scope,
        args: callArguments(parts.call),
      }, ctx);
    }
  }
  return findings;
}

const ALL_CALLEES = new Set(CALL_RULES.flatMap((r) => r.callees));
const LAST_SEGMENTS = new Set([...ALL_CALLEES].map((c) => c.slice(c.lastIndexOf('.') + 1)));

/**
 * A rule matches when some binding of the callee resolves to one of its callees. Resolution is
 * `high` only when every binding does and at least one comes from an import; a bare `torch` that
 * nobody imported, or a name that may also be something else, gives `medium`.
 */
function matchRule(rule: CallRule, origins: readonly NameOrigin[]): { qualified: string; resolution: Confidence; exclusive: boolean } | undefined {
  const hit = origins.find((o) => o.qualified !== undefined && rule.callees.includes(o.qualified));
  if (!hit?.qualified) return undefined;
  const exclusive = origins.every((o) => o.qualified !== undefined && rule.callees.includes(o.qualified));
  const imported = origins.some((o) => o.via === 'import');
  return { qualified: hit.qualified, resolution: exclusive && imported ? 'high' : 'medium', exclusive };
}
