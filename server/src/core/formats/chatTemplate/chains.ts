// Attribute/call/filter chains (`cycler.__init__.__globals__.os.popen('id').read()`) flattened into
// a base and segments, each segment's name resolved (literal, folded from pieces, or dynamic), and
// judged as a whole so one payload gives one finding.
import { TEMPLATE_OBFUSCATED_ATTRIBUTE, TEMPLATE_RESOURCE_EXHAUSTION, TEMPLATE_SANDBOX_ESCAPE } from '../../rules/gguf';
import { severityRank, type Severity } from '../../findings';
import { list, print, str, sub, type Node } from './ast';
import { foldNumber, foldString, type Env } from './fold';
import {
  ATTRIBUTE_FILTERS, ESCAPE_DUNDERS, GADGET_GLOBALS, NORMAL_GADGET_ATTRIBUTES, SENSITIVE_ATTRIBUTES, SINK_CALLS, isDunder, isPrivate,
} from './names';
import type { TemplateIssue } from './types';

export type How = 'literal' | 'folded' | 'dynamic';

export interface Segment {
  kind: 'attr' | 'item' | 'call' | 'filter';
  /** Attribute or item name; for filters, the filter's name. */
  name?: string;
  /** For attribute-taking filters: the attribute name they look up. */
  attribute?: string;
  how?: How;
  /** Expressions below this segment that are not part of the chain (args, computed keys). */
  operands: Node[];
}

export interface Chain {
  root: Node;
  base: Node;
  /** Base first. */
  segments: Segment[];
  /** Nodes consumed as names (not reported again by the string sweep). */
  names: Node[];
}

export const isChainNode = (n: Node): boolean => n.type === 'MemberExpression' || n.type === 'CallExpression' || n.type === 'FilterExpression';

const MAX_RANGE = 1_000_000;

export function flatten(root: Node, env: Env): Chain {
  const segments: Segment[] = [];
  const names: Node[] = [];
  let cur: Node = root;
  for (let guard = 0; guard < 10_000 && isChainNode(cur); guard++) {
    if (cur.type === 'MemberExpression') {
      const prop = sub(cur, 'property');
      const seg = memberSegment(cur, prop, env);
      if (prop && seg.how !== 'dynamic' && seg.name !== undefined) names.push(prop);
      segments.push(seg);
      cur = sub(cur, 'object') ?? cur;
    } else if (cur.type === 'CallExpression') {
      segments.push({ kind: 'call', operands: list(cur, 'args') });
      cur = sub(cur, 'callee') ?? cur;
    } else {
      segments.push(filterSegment(cur, env, names));
      cur = sub(cur, 'operand') ?? cur;
    }
  }
  return { root, base: cur, segments: segments.reverse(), names };
}

function memberSegment(n: Node, prop: Node | undefined, env: Env): Segment {
  if (!prop) return { kind: 'attr', operands: [] };
  if (!n.computed) return { kind: 'attr', name: str(prop, 'value'), how: 'literal', operands: [] };
  if (prop.type === 'StringLiteral') return { kind: 'item', name: str(prop, 'value'), how: 'literal', operands: [prop] };
  if (prop.type === 'IntegerLiteral' || prop.type === 'SliceExpression' || foldNumber(prop, env) !== undefined) return { kind: 'item', operands: [prop] };
  const folded = foldString(prop, env);
  return folded !== undefined ? { kind: 'item', name: folded, how: 'folded', operands: [prop] } : { kind: 'item', how: 'dynamic', operands: [prop] };
}

function filterSegment(n: Node, env: Env, names: Node[]): Segment {
  const filter = sub(n, 'filter');
  const isCall = filter?.type === 'CallExpression';
  const name = filter ? str((isCall ? sub(filter, 'callee') : filter) ?? filter, 'value') : undefined;
  const args = isCall && filter ? list(filter, 'args') : [];
  const seg: Segment = { kind: 'filter', name, operands: args };
  if (!name || !ATTRIBUTE_FILTERS.has(name)) return seg;
  const kw = args.find((a) => a.type === 'KeywordArgumentExpression' && str(sub(a, 'key') ?? a, 'value') === 'attribute');
  const positional = name === 'attr' || name === 'selectattr' || name === 'rejectattr' || name === 'groupby' ? args[0] : undefined;
  const arg = kw ? sub(kw, 'value') : positional && positional.type !== 'KeywordArgumentExpression' ? positional : undefined;
  if (!arg) return seg;
  const folded = foldString(arg, env);
  seg.attribute = folded;
  seg.how = arg.type === 'StringLiteral' ? 'literal' : folded !== undefined ? 'folded' : 'dynamic';
  if (folded !== undefined) names.push(arg);
  return seg;
}

/** Names a chain looks up, with how each was obtained. */
function lookups(chain: Chain): { name: string; how: How }[] {
  const out: { name: string; how: How }[] = [];
  for (const s of chain.segments) {
    const name = s.kind === 'filter' ? s.attribute : s.name;
    if (s.kind !== 'call' && name !== undefined && s.how) out.push({ name, how: s.how });
  }
  return out;
}

export function judgeChain(chain: Chain, env: Env, locals: ReadonlySet<string>): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const evidence = print(chain.root);
  const names = lookups(chain);
  const baseName = chain.base.type === 'Identifier' ? str(chain.base, 'value') : undefined;
  const global = baseName !== undefined && !locals.has(baseName) ? baseName : undefined;
  const first = chain.segments[0];
  const reasons: string[] = [];
  let severity: Severity | undefined;
  const raise = (s: Severity): void => {
    if (!severity || severityRank(s) > severityRank(severity)) severity = s;
  };
  const dunders = names.filter((n) => isDunder(n.name));
  if (dunders.length > 0) {
    reasons.push(`Python internals ${unique(dunders.map((d) => d.name)).join(', ')}`);
    raise(dunders.some((d) => ESCAPE_DUNDERS.has(d.name)) ? 'critical' : 'high');
  }
  const privates = names.filter((n) => isPrivate(n.name));
  if (privates.length > 0) {
    reasons.push(`private attribute(s) ${unique(privates.map((p) => p.name)).join(', ')}`);
    raise('high');
  }
  if (global && GADGET_GLOBALS.has(global) && first && first.kind !== 'call' && first.kind !== 'filter') {
    const attr = first.name ?? '';
    if (!NORMAL_GADGET_ATTRIBUTES[global]?.has(attr)) {
      reasons.push(`an attribute of the gadget object \`${global}\``);
      raise('high');
    }
  }
  if (global && SINK_CALLS.has(global) && first?.kind === 'call') {
    reasons.push(`a call of \`${global}\``);
    raise('high');
  }
  const sensitive = names.filter((n) => SENSITIVE_ATTRIBUTES.has(n.name));
  if (sensitive.length > 0 && (severity || chain.segments.some((s) => s.kind === 'call'))) {
    reasons.push(`attribute(s) reaching the system: ${unique(sensitive.map((s) => s.name)).join(', ')}`);
    raise('medium');
  }
  if (severity) {
    const needle = dunders[0]?.name ?? privates[0]?.name ?? global ?? sensitive[0]?.name;
    issues.push({ rule: TEMPLATE_SANDBOX_ESCAPE, message: `The template reaches ${reasons.join('; ')}.`, evidence, severity, needle });
  }
  for (const n of names.filter((x) => x.how === 'folded')) {
    const bad = isDunder(n.name) || isPrivate(n.name) || SENSITIVE_ATTRIBUTES.has(n.name);
    issues.push({
      rule: TEMPLATE_OBFUSCATED_ATTRIBUTE,
      message: `The attribute name "${n.name}" is assembled at run time instead of written literally.`,
      evidence, severity: bad ? 'high' : 'medium', confidence: 'high',
    });
  }
  if (chain.segments.some((s) => s.kind === 'filter' && s.name === 'attr' && s.how === 'dynamic')) {
    issues.push({ rule: TEMPLATE_OBFUSCATED_ATTRIBUTE, message: 'The `attr` filter looks up an attribute whose name is computed at run time.', evidence, needle: 'attr' });
  }
  if (global === 'range' && first?.kind === 'call') issues.push(...judgeRange(first.operands, env, evidence));
  return issues;
}

function judgeRange(args: readonly Node[], env: Env, evidence: string): TemplateIssue[] {
  const nums = args.map((a) => foldNumber(a, env));
  if (nums.length === 0 || nums.some((n) => n === undefined)) return [];
  const [a, b, step] = nums.length === 1 ? [0, nums[0]!, 1] : [nums[0]!, nums[1]!, nums[2] ?? 1];
  const count = step === 0 ? 0 : Math.max(0, Math.ceil((b - a) / step));
  if (!(count > MAX_RANGE)) return [];
  return [{ rule: TEMPLATE_RESOURCE_EXHAUSTION, message: `\`range\` produces ${formatCount(count)} items; chat templates loop over messages, not millions of numbers.`, evidence, needle: 'range' }];
}

export function formatCount(n: number): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US') : 'infinitely many';
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
