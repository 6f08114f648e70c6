// Chat template analysis: lex and parse with @huggingface/jinja (the parser only; nothing is ever
// rendered), then walk the AST for sandbox-escape chains, obfuscated attribute names, template
// loading and resource exhaustion. A template that does not parse is a finding, and its tokens are
// scanned instead so a payload cannot hide behind a syntax error.
import { parse, tokenize, type Token } from './jinja';
import { TEMPLATE_PARSE_FAILURE, TEMPLATE_RESOURCE_EXHAUSTION, TEMPLATE_SANDBOX_ESCAPE } from '../../rules/gguf';
import { children, isNode, list, operatorOf, print, str, sub, type Node } from './ast';
import { flatten, formatCount, isChainNode, judgeChain } from './chains';
import { foldNumber, foldString, type Env } from './fold';
import { ESCAPE_DUNDERS, isDunder } from './names';
import { scanText, scanTokens, stripLoaderStatements } from './tokens';
import type { TemplateAnalysis, TemplateIssue } from './types';

/** Real chat templates are a few KB; beyond this the JavaScript lexer gets slow, so text scan only. */
export const MAX_TEMPLATE_CHARS = 1024 * 1024;
const MAX_REPEAT = 10_000_000;
const MAX_ISSUES = 200;

export function analyzeTemplate(text: string): TemplateAnalysis {
  if (text.length > MAX_TEMPLATE_CHARS) {
    const big: TemplateIssue = {
      rule: TEMPLATE_RESOURCE_EXHAUSTION,
      message: `The template is ${text.length} characters long (real chat templates are a few thousand); it was scanned as text only, not parsed.`,
      evidence: `${text.length} characters`,
    };
    return { issues: dedupe([big, ...scanText(text)]), parsed: false };
  }
  let tokens: Token[];
  try {
    tokens = tokenize(text);
  } catch (e) {
    return { issues: dedupe([parseFailure('lexing', e), ...scanText(text)]), parsed: false };
  }
  const stripped = stripLoaderStatements(tokens);
  let program: unknown;
  try {
    program = parse(stripped.tokens);
  } catch (e) {
    return { issues: dedupe([...stripped.issues, parseFailure('parsing', e), ...scanTokens(stripped.tokens)]), parsed: false };
  }
  if (!isNode(program)) return { issues: dedupe([...stripped.issues, parseFailure('parsing', 'no program'), ...scanTokens(stripped.tokens)]), parsed: false };
  return { issues: dedupe([...stripped.issues, ...walk(program)]), parsed: true };
}

function parseFailure(stage: string, e: unknown): TemplateIssue {
  const why = e instanceof RangeError ? 'nesting too deep' : e instanceof Error ? e.message : String(e);
  return { rule: TEMPLATE_PARSE_FAILURE, message: `The template failed ${stage}: ${why}. Its tokens were scanned instead.`, evidence: why.slice(0, 300) };
}

interface Scope {
  env: Env;
  /** Names the template binds itself (set, for, macro parameters): not globals. */
  locals: Set<string>;
}

function collectScope(program: Node): Scope {
  const env = new Map<string, Node[]>();
  const locals = new Set<string>();
  const bind = (n: Node | undefined): void => {
    if (!n) return;
    if (n.type === 'Identifier') locals.add(str(n, 'value') ?? '');
    if (n.type === 'TupleLiteral' && Array.isArray(n.value)) (n.value as unknown[]).filter(isNode).forEach(bind);
    if (n.type === 'KeywordArgumentExpression') bind(sub(n, 'key'));
  };
  forEachNode(program, (n) => {
    if (n.type === 'Set') {
      const target = sub(n, 'assignee');
      const value = sub(n, 'value');
      bind(target);
      if (target?.type === 'Identifier' && value) {
        const name = str(target, 'value') ?? '';
        env.set(name, [...(env.get(name) ?? []), value]);
      }
    } else if (n.type === 'For') {
      bind(sub(n, 'loopvar'));
    } else if (n.type === 'Macro') {
      bind(sub(n, 'name'));
      list(n, 'args').forEach(bind);
    }
  });
  return { env, locals };
}

function forEachNode(root: Node, visit: (n: Node) => void): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    visit(n);
    for (const c of children(n)) stack.push(c.node);
  }
}

function walk(program: Node): TemplateIssue[] {
  const scope = collectScope(program);
  const issues: TemplateIssue[] = [];
  const consumed = new Set<Node>();
  const stack: { node: Node; statement: boolean }[] = children(program).reverse();
  while (stack.length > 0 && issues.length < MAX_ISSUES) {
    const { node, statement } = stack.pop()!;
    if (statement && node.type === 'StringLiteral') continue; // template text
    if (isChainNode(node)) {
      const chain = flatten(node, scope.env);
      chain.names.forEach((n) => consumed.add(n));
      issues.push(...judgeChain(chain, scope.env, scope.locals));
      const next: Node[] = [chain.base, ...chain.segments.flatMap((s) => s.operands)];
      for (let i = next.length - 1; i >= 0; i--) stack.push({ node: next[i]!, statement: false });
      continue;
    }
    if (node.type === 'StringLiteral' && !consumed.has(node)) issues.push(...sweepString(node));
    if (node.type === 'BinaryExpression') issues.push(...judgeBinary(node, scope.env));
    const kids = children(node);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return issues;
}

/** A string in an expression (not template text) that names a Python internal. */
function sweepString(n: Node): TemplateIssue[] {
  const v = str(n, 'value') ?? '';
  const m = /__[A-Za-z_]+__/.exec(v);
  if (!m) return [];
  return [{
    rule: TEMPLATE_SANDBOX_ESCAPE,
    message: `A string in an expression names the Python internal \`${m[0]}\`.`,
    evidence: print(n),
    severity: isDunder(v) && ESCAPE_DUNDERS.has(v) ? 'high' : 'medium',
    confidence: 'medium',
    needle: m[0],
  }];
}

function judgeBinary(n: Node, env: Env): TemplateIssue[] {
  const op = operatorOf(n);
  const left = sub(n, 'left');
  const right = sub(n, 'right');
  if (op === '*') {
    const [s, k] = foldString(left, env) !== undefined ? [left, right] : [right, left];
    const count = foldNumber(k, env);
    if (foldString(s, env) !== undefined && count !== undefined && count > MAX_REPEAT) {
      return [{ rule: TEMPLATE_RESOURCE_EXHAUSTION, message: `A string is repeated ${formatCount(count)} times.`, evidence: print(n), needle: '*' }];
    }
  }
  if (op === '**') {
    const exp = foldNumber(right, env);
    if (exp !== undefined && exp > 1000) {
      return [{ rule: TEMPLATE_RESOURCE_EXHAUSTION, message: `A power with the exponent ${exp} builds an enormous integer.`, evidence: print(n), needle: '**' }];
    }
  }
  return [];
}

function dedupe(issues: TemplateIssue[]): TemplateIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.rule.id}\u0000${i.message}\u0000${i.evidence}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
