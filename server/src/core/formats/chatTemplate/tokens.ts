// Token- and text-level passes. `{% import %}`, `{% include %}`, `{% extends %}` and `{% from %}` are
// not in the JavaScript parser's language: they are reported and cut out so the rest still parses.
// When a template does not parse at all, the tokens (or the raw text) are scanned instead.
import type { Token } from './jinja';
import { TEMPLATE_INCLUDE_IMPORT, TEMPLATE_SANDBOX_ESCAPE } from '../../rules/gguf';
import { ESCAPE_DUNDERS, GADGET_GLOBALS, SENSITIVE_ATTRIBUTES, isDunder, isPrivate } from './names';
import type { TemplateIssue } from './types';

const LOADER_STATEMENTS = new Set(['import', 'include', 'extends', 'from']);

export function stripLoaderStatements(tokens: readonly Token[]): { tokens: Token[]; issues: TemplateIssue[] } {
  const out: Token[] = [];
  const issues: TemplateIssue[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if (t.type === 'OpenStatement' && next?.type === 'Identifier' && LOADER_STATEMENTS.has(next.value)) {
      let j = i + 1;
      while (j < tokens.length && tokens[j]!.type !== 'CloseStatement') j++;
      const words = tokens.slice(i + 1, j).map((x) => (x.type === 'StringLiteral' ? JSON.stringify(x.value) : x.value));
      issues.push({
        rule: TEMPLATE_INCLUDE_IMPORT,
        message: `The template uses \`{% ${next.value} %}\`, which loads another template through the runtime's loader.`,
        evidence: `{% ${words.join(' ')} %}`,
        needle: next.value,
      });
      i = j; // drop the whole statement, close tag included
      continue;
    }
    out.push(t);
  }
  return { tokens: out, issues };
}

/** Fallback when the AST is not available: suspicious names among identifiers and strings. */
export function scanTokens(tokens: readonly Token[]): TemplateIssue[] {
  const names = new Map<string, string>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type !== 'Identifier' && t.type !== 'StringLiteral') continue;
    const afterDot = tokens[i - 1]?.type === 'Dot';
    if (isDunder(t.value) || isPrivate(t.value) || (afterDot && SENSITIVE_ATTRIBUTES.has(t.value)) || (t.type === 'Identifier' && GADGET_GLOBALS.has(t.value) && tokens[i + 1]?.type === 'Dot' && t.value !== 'loop')) {
      names.set(t.value, t.type);
    }
    if (t.type === 'StringLiteral' && /__\w+__/.test(t.value) && !isDunder(t.value)) names.set(t.value, t.type);
  }
  return namesIssue([...names.keys()], 'tokens');
}

const TEXT_DUNDER = /__[A-Za-z_]+__/g;
const TEXT_LOADER = /\{%[-+]?\s*(import|include|extends|from)\b[^%]*%\}/g;
const MAX_TEXT_HITS = 50;

/** Last resort (lexer failure, oversized template): regular expressions over the raw text. */
export function scanText(text: string): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const dunders = new Set<string>();
  for (const m of text.matchAll(TEXT_DUNDER)) {
    dunders.add(m[0]);
    if (dunders.size >= MAX_TEXT_HITS) break;
  }
  issues.push(...namesIssue([...dunders], 'text'));
  let n = 0;
  for (const m of text.matchAll(TEXT_LOADER)) {
    if (n++ >= MAX_TEXT_HITS) break;
    issues.push({ rule: TEMPLATE_INCLUDE_IMPORT, message: `The template uses \`{% ${m[1]} %}\`, which loads another template.`, evidence: m[0].slice(0, 200), needle: m[0], confidence: 'medium' });
  }
  return issues;
}

function namesIssue(names: string[], source: 'tokens' | 'text'): TemplateIssue[] {
  if (names.length === 0) return [];
  const critical = names.some((n) => ESCAPE_DUNDERS.has(n));
  const what = source === 'tokens' ? 'its tokens' : 'its text';
  return [{
    rule: TEMPLATE_SANDBOX_ESCAPE,
    message: `The template could not be analysed as an AST, but ${what} name Python internals or gadgets: ${names.slice(0, 12).join(', ')}.`,
    evidence: names.slice(0, 12).join(', '),
    severity: critical ? 'critical' : 'high',
    confidence: 'medium',
    needle: names[0],
  }];
}
