// Hovers over our diagnostics explain the rule: what, why, what to do instead, and the docs link.
import { MarkupKind, type Diagnostic, type Hover, type Position, type Range } from 'vscode-languageserver';
import { ruleById } from '../core/rules/index';
import { ruleDocsUrl } from '../core/rules/docs';
import { diagnosticData } from './diagnostics';

export function hoverFor(position: Position, diagnostics: readonly Diagnostic[]): Hover | null {
  const hits = diagnostics.filter((d) => diagnosticData(d) && contains(d.range, position));
  if (hits.length === 0) return null;
  const seen = new Set<string>();
  const sections: string[] = [];
  for (const d of hits) {
    const data = diagnosticData(d)!;
    if (seen.has(data.ruleId)) continue;
    seen.add(data.ruleId);
    sections.push(ruleMarkdown(data.ruleId, data.severity));
  }
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range: hits[0]!.range };
}

export function ruleMarkdown(ruleId: string, severity: string): string {
  const rule = ruleById(ruleId);
  if (!rule) return `**${ruleId}** (${severity})\n\n[Rule documentation](${ruleDocsUrl(ruleId)})`;
  const parts = [`**${rule.id}: ${rule.title}** · ${severity}`, rule.why, rule.description];
  if (rule.safeAlternative) parts.push(`**Safe alternative:** ${rule.safeAlternative}`);
  parts.push(`[${rule.id} documentation](${ruleDocsUrl(rule.id)})`);
  return parts.join('\n\n');
}

/** Inclusive of both ends, so hovering the last character of a call still explains it. */
function contains(r: Range, p: Position): boolean {
  const afterStart = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const beforeEnd = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return afterStart && beforeEnd;
}
