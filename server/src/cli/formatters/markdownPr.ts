// The pull-request parts of the Markdown summary: a verdict per file, what changed since BASE
// (new and fixed findings), the baseline's effect, provenance status, and the size cap (GitHub
// rejects comments over 65,536 characters; job summaries allow more, but a comment must post).
import { worstSeverity, type Severity } from '../../core/findings';
import { formatById } from '../../core/formats/registry';
import type { ScanResult } from '../../core/scan';
import { verdictFor } from '../../protocol/webview';
import { displayPath, type ScanError } from '../report';
import type { CliScanResult, RunComparison } from '../resultExtras';

export const GITHUB_COMMENT_MAX_CHARS = 65_536;
/** Files listed in the verdict table and findings listed as fixed; the rest are counted. */
const MAX_FILES = 100;
const MAX_FIXED = 50;

const MARK: Record<Severity | 'clean', string> = { critical: '🔴', high: '🟠', medium: '🟡', low: '🔵', info: '⚪', clean: '✅' };

/** A table cell: one line, pipes escaped, inline markup and HTML neutralised. */
export function mdCell(s: string): string {
  return mdInline(s.replace(/\s*\n\s*/g, ' ')).replace(/\|/g, '\\|');
}

/** Backslash-escapes Markdown punctuation, so text cannot open code, links, emphasis or HTML. */
export function mdInline(s: string): string {
  return s.replace(/[\\`*_[\]<>#~&!]/g, (c) => `\\${c}`);
}

/** An inline code span that no backtick run inside can close (CommonMark: a longer fence). */
export function mdCode(s: string): string {
  const text = s.replace(/\s*\n\s*/g, ' ');
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text.replace(/\|/g, '\\|')}${pad}${ticks}`;
}

/** One row per file: the verdict, the format and the counts. */
export function fileTable(results: readonly CliScanResult[], errors: readonly ScanError[]): string[] {
  if (results.length + errors.length <= 1) return [];
  const out = ['', '| File | Verdict | Format | Findings |', '| --- | --- | --- | --- |'];
  for (const r of results.slice(0, MAX_FILES)) {
    const worst = worstSeverity(r.findings);
    const tone = worst ?? 'clean';
    const notes = [r.renamedFrom !== undefined ? `renamed from ${mdCode(displayPath(r.renamedFrom))}` : '', r.lfsOid ? 'Git LFS object scanned' : '']
      .filter(Boolean).join('; ');
    const counts = r.findings.length === 0 ? 'none' : countText(r.findings.map((f) => f.severity));
    out.push(`| ${mdCode(displayPath(r.path))}${notes ? ` (${notes})` : ''} | ${MARK[tone]} ${mdCell(verdictFor(worst).title)} | ${mdCell(formatLabel(r))} | ${counts} |`);
  }
  for (const e of errors.slice(0, Math.max(0, MAX_FILES - results.length))) {
    out.push(`| ${mdCode(displayPath(e.path))} | ❌ not scanned | | ${mdCell(e.message)} |`);
  }
  const listed = Math.min(results.length, MAX_FILES) + Math.min(errors.length, Math.max(0, MAX_FILES - results.length));
  if (results.length + errors.length > listed) out.push('', `_…and ${results.length + errors.length - listed} more file(s)._`);
  return out;
}

/** "Since BASE: N new, M fixed" with the fixed findings listed (the new ones are marked in the table). */
export function changesSection(changes: RunComparison): string[] {
  const fixed = changes.absent();
  const out = ['', `#### Changes since ${mdCode(changes.label)}`, '', `**${changes.newCount()}** new finding(s), **${fixed.length}** fixed.`];
  if (fixed.length > 0) {
    out.push('', '| Fixed | Rule | Finding | File |', '| --- | --- | --- | --- |');
    for (const p of fixed.slice(0, MAX_FIXED)) {
      const sev = p.severity ? `${MARK[p.severity]} ${p.severity}` : '';
      out.push(`| ✔️ ${sev} | ${mdCode(p.ruleId)} | ${mdCell(p.title)} | ${mdCode(displayPath(p.path))} |`);
    }
    if (fixed.length > MAX_FIXED) out.push('', `_…and ${fixed.length - MAX_FIXED} more fixed finding(s)._`);
  }
  return out;
}

export function baselineNote(comparison: RunComparison, results: readonly CliScanResult[]): string[] {
  if (comparison.kind !== 'baseline') return [];
  const accepted = results.reduce((n, r) => n + (r.accepted?.length ?? 0), 0);
  const gone = comparison.absent().length;
  return ['', `_Baseline ${mdCode(comparison.label)}: ${accepted} accepted finding(s) hidden${gone > 0 ? `, ${gone} no longer found (remove them from the baseline)` : ''}._`];
}

/** Provenance (MSL8xx) per file, when any file has such a finding or a recorded source. */
export function provenanceSection(results: readonly ScanResult[]): string[] {
  const rows = results.filter((r) => r.findings.some((f) => /^MSL8\d\d$/.test(f.ruleId)));
  if (rows.length === 0) return [];
  const out = ['', '#### Provenance', '', '| File | Status |', '| --- | --- |'];
  for (const r of rows.slice(0, MAX_FILES)) {
    const titles = [...new Set(r.findings.filter((f) => /^MSL8\d\d$/.test(f.ruleId)).map((f) => `${f.ruleId} ${f.title}`))];
    out.push(`| ${mdCode(displayPath(r.path))} | ${mdCell(titles.join('; '))} |`);
  }
  return out;
}

/**
 * Cuts a document to `max` characters at a line boundary, closing an open code fence and
 * `<details>` block, and says so. Under the cap the text is returned unchanged.
 */
export function capMarkdown(text: string, max = GITHUB_COMMENT_MAX_CHARS): string {
  if (text.length <= max) return text;
  const note = '\n\n> [!NOTE]\n> This summary was cut to fit a pull-request comment; the SARIF or JSON report has every finding.\n';
  const budget = max - note.length - 200;
  const lines = text.slice(0, budget).split('\n');
  lines.pop();
  let fence: string | undefined;
  let details = 0;
  for (const line of lines) {
    const m = /^(`{3,})/.exec(line);
    if (m) fence = fence === undefined ? m[1] : line.startsWith(fence) && line.trim() === fence ? undefined : fence;
    else if (fence === undefined && line.startsWith('<details')) details++;
    else if (fence === undefined && line.startsWith('</details>')) details--;
  }
  if (fence !== undefined) lines.push(fence);
  for (; details > 0; details--) lines.push('', '</details>');
  return `${lines.join('\n')}${note}`;
}

function countText(severities: readonly Severity[]): string {
  const counts = new Map<Severity, number>();
  for (const s of severities) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${n} ${s}`).join(', ');
}

function formatLabel(r: ScanResult): string {
  return r.format === 'unknown' ? 'unknown' : formatById(r.format)?.label ?? r.format;
}
