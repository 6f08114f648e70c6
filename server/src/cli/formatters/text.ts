// Human-readable report: one block per file with findings, a summary line, errors listed.
// Streams: each file's block is written as soon as it is known, so memory stays flat.
import type { Finding, Location } from '../../core/findings';
import { SEVERITIES } from '../../core/findings';
import { formatById } from '../../core/formats/registry';
import type { ScanResult } from '../../core/scan';
import { displayPath, type Reporter, type RunSummary, type ScanError } from '../report';
import type { BaselineState, CliScanResult, PriorFinding, RunComparison } from '../resultExtras';
import type { Style } from '../style';

export interface TextOptions {
  style: Style;
  /** Also list files without findings. */
  verbose: boolean;
  /** Findings only: no summary, no error list. */
  quiet: boolean;
  write: (chunk: string) => void;
  /** --changed (BASE) or --baseline: mark each finding new or unchanged, list the fixed ones. */
  comparison?: RunComparison;
}

const INDENT = '    ';

export function createTextReporter(o: TextOptions): Reporter {
  return {
    result(r) {
      if (r.findings.length === 0) {
        if (o.verbose) o.write(`${o.style.dim('ok')}  ${displayPath(r.path)}  ${o.style.dim(`(${formatLabel(r)})`)}\n`);
        return;
      }
      o.write(formatFileBlock(r, o.style, o.comparison ? (r as CliScanResult).states : undefined));
    },
    error() {
      // Errors are printed on stderr as they happen and listed again with the summary.
    },
    end(summary) {
      if (o.quiet) return;
      if (o.comparison) o.write(formatComparison(o.comparison, o.style));
      o.write(formatSummary(summary, o.style));
    },
  };
}

export function formatFileBlock(r: ScanResult, style: Style, states?: readonly BaselineState[]): string {
  const lines = [`${style.path(displayPath(r.path))}  (${formatLabel(r)})`];
  r.findings.forEach((f, i) => lines.push(...formatFinding(f, r.path, style, states?.[i])));
  return `${lines.join('\n')}\n\n`;
}

function formatFinding(f: Finding, filePath: string, style: Style, state?: BaselineState): string[] {
  const label = style.severity(f.severity, f.severity.toUpperCase().padEnd(8));
  // Under a comparison, reviewers look for what this change introduced: new ones are tagged.
  const tag = state === 'new' ? `${style.bold('NEW')} ` : state === 'unchanged' ? `${style.dim('(already in base)')} ` : '';
  const out = [`  ${label} ${tag}${style.bold(f.ruleId)}  ${f.title}`, `${INDENT}${f.message}`];
  const where = describeLocation(f.location, displayPath(filePath));
  if (where) out.push(`${INDENT}${style.dim('at')} ${where}`);
  if (f.evidence) out.push(...indentBlock(`${style.dim('evidence:')} ${f.evidence}`));
  out.push(`${INDENT}${style.dim('why:')} ${f.why}`);
  if (f.fix) out.push(`${INDENT}${style.dim('fix:')} ${f.fix.title}`);
  return out;
}

/**
 * `archive/data.pkl @ 0x1a (file offset 0x5c)`, `script.py:3:5`, `nb.ipynb cell 4, 2:5` (cells
 * counted from 1 in notebook order, markdown cells included; line:column inside the cell), or ''
 * for the whole file.
 */
export function describeLocation(l: Location, filePath: string): string {
  const chain = 'members' in l && l.members && l.members.length > 0 ? l.members.join(' > ') : '';
  switch (l.kind) {
    case 'text':
      if (l.cell !== undefined) return `${filePath} cell ${l.cell + 1}, ${l.range.start.line + 1}:${l.range.start.character + 1}`;
      return `${filePath}:${l.range.start.line + 1}:${l.range.start.character + 1}`;
    case 'bytes': {
      const at = `@ ${hex(l.offset)}${l.length !== undefined ? ` (${l.length} byte${l.length === 1 ? '' : 's'})` : ''}`;
      const file = l.fileOffset !== undefined && chain ? `, file offset ${hex(l.fileOffset)}` : '';
      return chain ? `${chain} ${at}${file}` : `${filePath} ${at}`;
    }
    case 'pointer':
      return chain ? `${chain} ${l.pointer}` : l.pointer;
    case 'file':
      return chain;
  }
}

/** "Compared with BASE: N new, M fixed" and the fixed findings, one line each. */
export function formatComparison(c: RunComparison, style: Style): string {
  const fixed = c.absent();
  const lines = [`${style.bold(`Compared with ${c.label}:`)} ${c.newCount()} new, ${fixed.length} fixed.`];
  for (const p of fixed) lines.push(`  ${style.dim('fixed')} ${formatPrior(p)}`);
  return `${lines.join('\n')}\n`;
}

function formatPrior(p: PriorFinding): string {
  const sev = p.severity ? `${p.severity.toUpperCase()} ` : '';
  return `${sev}${p.ruleId}  ${p.title}  (${displayPath(p.path)})`;
}

export function formatSummary(s: RunSummary, style: Style): string {
  const counts = SEVERITIES.map((sev) => {
    const text = `${s.findings[sev]} ${sev}`;
    return s.findings[sev] > 0 ? style.severity(sev, text) : text;
  }).join(', ');
  const files = `${s.filesWithFindings} file${s.filesWithFindings === 1 ? '' : 's'} with findings`;
  let out = `${style.bold(`Scanned ${s.files} file${s.files === 1 ? '' : 's'}:`)} ${counts}; ${files}.\n`;
  if (s.errors.length > 0) {
    out += `${s.errors.length} path${s.errors.length === 1 ? '' : 's'} could not be scanned:\n`;
    out += s.errors.map((e: ScanError) => `  ${displayPath(e.path)}: ${e.message}\n`).join('');
  }
  return out;
}

function formatLabel(r: ScanResult): string {
  return r.format === 'unknown' ? 'unknown format' : formatById(r.format)?.label ?? r.format;
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

function indentBlock(text: string): string[] {
  return text.split('\n').map((line, i) => (i === 0 ? `${INDENT}${line}` : `${INDENT}  ${line}`));
}
