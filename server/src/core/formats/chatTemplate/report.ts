// Turns template issues into findings at a place the host chooses (GGUF key, JSON pointer, or a
// line:column / byte offset in a .jinja file), and records what was checked in the summary.
import type { AnalysisContext } from '../../context';
import type { Location } from '../../findings';
import { analyzeTemplate } from './analyze';
import type { TemplateIssue } from './types';

/** Maps an index in the template text (when the issue has one) to a location. */
export type Locate = (index: number | undefined) => Location;

export function checkTemplate(ctx: AnalysisContext, template: string, locate: Locate): void {
  const result = analyzeTemplate(template);
  for (const issue of result.issues) reportIssue(ctx, issue, template, locate);
  const facts = (ctx.summary.facts ??= {});
  facts.chatTemplates = (typeof facts.chatTemplates === 'number' ? facts.chatTemplates : 0) + 1;
  if (!result.parsed) facts.chatTemplatesNotParsed = (typeof facts.chatTemplatesNotParsed === 'number' ? facts.chatTemplatesNotParsed : 0) + 1;
}

function reportIssue(ctx: AnalysisContext, issue: TemplateIssue, template: string, locate: Locate): void {
  const at = issue.needle ? template.indexOf(issue.needle) : -1;
  ctx.report(issue.rule, {
    message: issue.message,
    location: locate(at >= 0 ? at : undefined),
    evidence: issue.evidence,
    severity: issue.severity,
    confidence: issue.confidence,
  });
}

/** Line and character (UTF-16 units, as LSP counts) of an index in a text. */
export function positionAt(text: string, index: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: index - lineStart };
}
