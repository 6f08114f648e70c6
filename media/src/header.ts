// The top of the report: the verdict from the worst finding, counts by severity, what the file
// is, the trust note, and the actions (exports, disassembly, rescan, default editor).
import type { Severity } from '../../server/src/core/findings';
import { verdictFor, type ReportData, type ViewContext } from '../../server/src/protocol/webview';
import { h } from './dom';
import { bytes, SEVERITIES } from './format';
import { post } from './vscodeApi';

/** Plain glyphs in a CSS circle: emoji fonts are not installed everywhere a webview renders. */
const ICON: Record<Severity | 'clean', string> = { critical: '!', high: '!', medium: '?', low: 'i', info: 'i', clean: '✓' };

export function headerSection(r: ReportData, ctx: ViewContext): HTMLElement {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of r.findings) counts[f.severity]++;
  const worst = SEVERITIES.find((s) => counts[s] > 0);
  const v = verdictFor(worst);
  const chips = SEVERITIES.map((s) =>
    h('span', { class: `count sev-${s}${counts[s] === 0 ? ' zero' : ''}`, title: `${counts[s]} ${s}` }, h('b', {}, counts[s].toLocaleString('en-US')), ` ${s}`));
  const facts = [
    r.formatLabel,
    r.error ? `unreadable: ${r.error}` : bytes(r.size),
    `detected by ${r.detectedBy === 'magic' ? 'signature' : r.detectedBy}`,
    `scanned in ${r.scanMs} ms`,
  ];
  return h('header', { class: `verdict tone-${v.tone}`, role: 'banner' },
    h('div', { class: 'verdict-line' },
      h('span', { class: 'verdict-icon', 'aria-hidden': 'true' }, ICON[v.tone]),
      h('div', {},
        h('h1', { id: 'verdict-title' }, v.title),
        h('p', { class: 'verdict-detail' }, h('span', { class: 'file' }, r.fileName), ` · ${facts.join(' · ')}`),
        h('p', { class: 'verdict-detail' }, v.detail))),
    h('div', { class: 'counts', 'aria-label': 'Findings by severity' }, ...chips),
    trustNote(ctx),
    r.limitsHit.length > 0
      ? h('p', { class: 'banner warn' }, `Scan limits were reached (${r.limitsHit.join(', ')}): part of the file was not analysed, and the findings say where.`)
      : null,
    toolbar(ctx));
}

function trustNote(ctx: ViewContext): HTMLElement {
  return ctx.trusted
    ? h('p', { class: 'note' }, 'Static analysis only: nothing in this file was loaded or executed to produce this report.')
    : h('p', { class: 'banner restricted', id: 'restricted-banner' },
      h('strong', {}, 'Restricted Mode. '),
      'This workspace is not trusted, so only static analysis runs: nothing in this file was loaded or executed, and runtime probes are disabled.');
}

function toolbar(ctx: ViewContext): HTMLElement {
  const button = (label: string, onclick: () => void, cls = 'secondary', title?: string) => h('button', { class: cls, onclick, title }, label);
  return h('nav', { class: 'toolbar', 'aria-label': 'Report actions' },
    button('Export JSON', () => post({ type: 'export', format: 'json' }), 'secondary', 'The same JSON as `msl scan --format json`'),
    button('Export SARIF', () => post({ type: 'export', format: 'sarif' }), 'secondary', 'SARIF 2.1.0, as `msl scan --format sarif`'),
    button('Export Markdown', () => post({ type: 'export', format: 'markdown' }), 'secondary', 'A summary for a pull-request comment'),
    button('Copy Markdown', () => post({ type: 'copyMarkdown' }), 'secondary', 'Copy the pull-request summary to the clipboard'),
    button('Open disassembly document', () => post({ type: 'showDisassembly' })),
    button('Rescan', () => post({ type: 'rescan' })),
    ctx.priority === 'option' ? button('Reopen in default editor', () => post({ type: 'reopenDefault' }), 'link') : null);
}

/** The section links under the header. */
export function sectionNav(findings: number): HTMLElement {
  const link = (id: string, label: string) => h('a', { href: `#${id}` }, label);
  return h('nav', { class: 'sections', 'aria-label': 'Sections' },
    link('findings', `Findings (${findings.toLocaleString('en-US')})`), link('structure', 'Structure'),
    link('disassembly', 'Disassembly'), link('provenance', 'Provenance'), link('probes', 'Runtime probes'));
}
