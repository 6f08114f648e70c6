// Markdown summary for a pull-request comment: a verdict line, counts, one table row per finding
// (worst first, capped so the comment stays under the hosts' size limits) and the evidence in
// collapsed blocks. Reuses the text formatter's location wording.
import { SEVERITIES, worstSeverity, type Finding, type Severity } from '../../core/findings';
import { formatById } from '../../core/formats/registry';
import type { ScanResult } from '../../core/scan';
import { verdictFor } from '../../protocol/webview';
import { displayPath, emptyCounts, type Reporter, type RunSummary } from '../report';
import type { CliScanResult, RunComparison } from '../resultExtras';
import { baselineNote, capMarkdown, changesSection, fileTable, provenanceSection } from './markdownPr';
import { describeLocation } from './text';

/** Findings listed in the table; the rest are counted. GitHub rejects comments over 65,536 characters. */
export const MARKDOWN_MAX_ROWS = 50;
const MAX_EVIDENCE_CHARS = 600;
const SEVERITY_MARK: Record<Severity, string> = { critical: '🔴', high: '🟠', medium: '🟡', low: '🔵', info: '⚪' };

export interface MarkdownOptions {
  tool: { name: string; version: string };
  maxRows?: number;
  /** `msl scan --changed`: new and fixed findings since BASE (new ones are marked in the table). */
  changes?: RunComparison;
  /** `--baseline`: how many accepted findings were hidden. */
  comparison?: RunComparison;
  /** Size cap of the whole document (default: GitHub's comment limit). */
  maxChars?: number;
}

export function createMarkdownReporter(options: MarkdownOptions, emit: (doc: string) => void): Reporter {
  const results: ScanResult[] = [];
  return {
    result: (r) => void results.push(r),
    error: () => undefined,
    end: (s) => emit(markdownReport(results, options, s)),
  };
}

export function markdownReport(results: readonly ScanResult[], options: MarkdownOptions, summary?: RunSummary): string {
  const findings = results.flatMap((r) => r.findings.map((f, k) => ({ r: r as CliScanResult, f, k })));
  const counts = summary?.findings ?? countAll(findings.map((x) => x.f));
  const worst = worstSeverity(findings.map((x) => x.f));
  const verdict = verdictFor(worst);
  const files = results.length === 1 ? `\`${displayPath(results[0]!.path)}\`` : `${results.length} files`;
  const out: string[] = [
    `### ${worst ? SEVERITY_MARK[worst] : '✅'} ${options.tool.name}: ${verdict.title}`,
    '',
    `${files}: ${SEVERITIES.map((s) => `**${counts[s]}** ${s}`).join(' · ')}`,
  ];
  if (results.length === 1) out.push('', formatLine(results[0]!));
  out.push(...fileTable(results, summary?.errors ?? []));
  if (options.changes) out.push(...changesSection(options.changes));
  if (options.comparison) out.push(...baselineNote(options.comparison, results));
  out.push(...provenanceSection(results));
  const rows = findings.slice(0, options.maxRows ?? MARKDOWN_MAX_ROWS);
  if (rows.length > 0) {
    out.push('', '| Severity | Rule | Finding | Location |', '| --- | --- | --- | --- |');
    for (const { r, f, k } of rows) {
      const where = describeLocation(f.location, displayPath(r.path)) || displayPath(r.path);
      const fresh = options.changes && r.fingerprints?.[k] !== undefined && options.changes.isNew(r.fingerprints[k]!) ? ' 🆕' : '';
      out.push(`| ${SEVERITY_MARK[f.severity]} ${f.severity}${fresh} | \`${f.ruleId}\` | ${cell(f.title)}: ${cell(f.message)} | ${cell(where)} |`);
    }
    if (findings.length > rows.length) out.push('', `_…and ${findings.length - rows.length} more finding(s); see the full JSON or SARIF report._`);
    const withEvidence = rows.filter(({ f }) => f.evidence);
    if (withEvidence.length > 0) {
      out.push('', '<details><summary>Evidence</summary>', '');
      for (const { f } of withEvidence) out.push(`**${f.ruleId}** ${escapeInline(f.why)}`, '', fence(clip(f.evidence!)), '');
      out.push('</details>');
    }
  }
  out.push('', `<sub>Static analysis by ${options.tool.name} ${options.tool.version}: nothing in the scanned files was loaded or executed.</sub>`, '');
  return capMarkdown(out.join('\n'), options.maxChars);
}

function formatLine(r: ScanResult): string {
  const label = r.format === 'unknown' ? 'unknown format' : formatById(r.format)?.label ?? r.format;
  return `Format: ${label} · ${r.size.toLocaleString('en-US')} bytes${r.limitsHit.length > 0 ? ` · limits hit: ${r.limitsHit.join(', ')}` : ''}`;
}

function countAll(findings: readonly Finding[]): Record<Severity, number> {
  const c = emptyCounts();
  for (const f of findings) c[f.severity]++;
  return c;
}

/** A table cell: one line, pipes escaped, inline markup neutralised. */
function cell(s: string): string {
  return escapeInline(s.replace(/\s*\n\s*/g, ' ')).replace(/\|/g, '\\|');
}

function escapeInline(s: string): string {
  return s.replace(/[\\`*_[\]<>]/g, (c) => `\\${c}`);
}

/** A code fence longer than any backtick run inside, so evidence cannot close it early. */
function fence(s: string): string {
  const longest = Math.max(2, ...[...s.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}text\n${s}\n${ticks}`;
}

function clip(s: string): string {
  return s.length > MAX_EVIDENCE_CHARS ? `${s.slice(0, MAX_EVIDENCE_CHARS - 1)}…` : s;
}
