// Runtime probe results, worded as evidence: the trigger scan's flip rate per candidate patch, the
// confidence histogram on noise, and the other probes' numbers. Charts are plain bars (no library).
import type { ProbeReport, TriggerCandidateResult } from '../../server/src/core/probes/types';
import type { ViewContext } from '../../server/src/protocol/webview';
import { h, muted, section } from './dom';
import { post } from './vscodeApi';

export function probesSection(ctx: ViewContext, report: ProbeReport | undefined, running: boolean): HTMLElement {
  const reasonId = 'probes-reason';
  return section('probes', 'Runtime probes',
    muted('Probes run the model in a sandboxed child process to look for trigger-sensitive or otherwise suspicious behaviour. They never run in an untrusted workspace.'),
    h('div', { class: 'actions' },
      h('button', { id: 'run-probes', disabled: !ctx.probes.enabled || running, 'aria-describedby': reasonId, onclick: () => post({ type: 'runProbes' }) }, running ? 'Running probes…' : 'Run probes'),
      h('span', { id: reasonId, class: 'reason' }, ctx.probes.reason)),
    report ? results(report) : muted(running ? 'Probing…' : 'No probe results: none have been run for this report.'));
}

function results(r: ProbeReport): HTMLElement {
  const status = r.status === 'completed'
    ? `Completed in ${Math.round(r.timings.totalMs)} ms${r.budget ? `, ${r.budget.ranInferences} inferences` : ''}${r.runtimeVersion ? ` (onnxruntime ${r.runtimeVersion})` : ''}.`
    : `Stopped: ${r.status}${r.reason ? ` (${r.reason})` : ''}.`;
  const parts: (HTMLElement | null)[] = [h('p', { class: r.status === 'completed' ? 'note' : 'banner warn' }, status)];
  if (r.findings.length > 0) {
    parts.push(h('ul', { class: 'probe-findings' }, ...r.findings.map((f) =>
      h('li', {}, h('span', { class: `sev-pill sev-${f.severity}` }, f.severity), ' ', h('span', { class: 'rule' }, f.ruleId), ' ', h('strong', {}, f.title), ` — ${f.message}`))));
  }
  const p = r.probes;
  if (p.trigger && p.trigger.candidates.length > 0) parts.push(chart('Trigger scan: flip rate per candidate patch', triggerBars(p.trigger.candidates, new Set(p.trigger.flagged.map((c) => c.label)))));
  if (p.confidence) {
    const bins = p.confidence.histogram.map((n, i) => ({ label: `${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)}`, value: n, flagged: i === 9 }));
    parts.push(chart(`Top-class confidence on ${p.confidence.inputs} noise inputs (${Math.round(p.confidence.overconfidentFraction * 100)}% above 0.9)`, bars(bins, (v) => String(v))));
  }
  const facts: [string, string][] = [];
  if (p.exposure) facts.push(['Output exposure', `${p.exposure.output}: ${p.exposure.kind}, ${p.exposure.classes} classes, ${p.exposure.precisionDigits} significant digits`]);
  if (p.determinism) facts.push(['Determinism', `same session max diff ${p.determinism.sameSessionMaxDiff}${p.determinism.threadsMaxDiff !== undefined ? `, across thread counts ${p.determinism.threadsMaxDiff}` : ''}`]);
  if (p.stability) facts.push(['Stability', `${Math.round(p.stability.flipRate * 100)}% of ${p.stability.inputs} inputs flip under noise σ=${p.stability.sigma}`]);
  if (p.numerics) facts.push(['Numerics', p.numerics.cases.map((c) => `${c.label}: ${c.error ?? (c.nan + c.inf > 0 ? `${c.nan} NaN, ${c.inf} Inf` : 'finite')}`).join('; ')]);
  facts.push(...setupFacts(r));
  if (r.budget && r.budget.skipped.length > 0) facts.push(['Left out by the budget', r.budget.skipped.join('; ')]);
  if (r.budget && r.budget.notApplicable.length > 0) facts.push(['Not applicable', r.budget.notApplicable.join('; ')]);
  if (facts.length > 0) parts.push(h('table', { class: 'kv' }, h('tbody', {}, ...facts.map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, v))))));
  return h('div', { id: 'probe-results' }, ...parts);
}

/** How the run was set up: what was fed to the model and how the budget was spent (evidence for the numbers above). */
function setupFacts(r: ProbeReport): [string, string][] {
  const out: [string, string][] = [];
  for (const i of r.inputs) {
    const range = `${i.range.lo}..${i.range.hi} (${i.range.source}${i.range.detail ? `: ${i.range.detail}` : ''})`;
    out.push([`Input ${i.name}`, `${i.dtype}[${i.shape.join(', ')}]${i.layout ? ` ${i.layout}` : ''}, values ${range}`]);
  }
  const free = r.freeDimensions;
  if (free && Object.keys(free.sizes).length > 0) {
    const sizes = Object.entries(free.sizes).map(([k, v]) => `${k} = ${v}`).join(', ');
    const tried = free.retries.map((t) => Object.entries(t.sizes).map(([k, v]) => `${k} = ${v}`).join(', ')).join('; ');
    out.push(['Free dimensions', `${sizes}${tried ? ` (rejected by the runtime first: ${tried})` : ''}`]);
  }
  const b = r.budget;
  if (b) {
    const bound = b.limitedBy === 'time' ? `bounded by the ${b.targetMs} ms time budget` : b.limitedBy === 'inferences' ? `bounded by the ${b.maxInferences}-inference cap` : 'every applicable probe fit';
    const trigger = r.probes.trigger ? `; trigger candidates ${r.probes.trigger.candidatesRun}/${r.probes.trigger.candidatesPlanned}` : '';
    out.push(['Budget', `planned ${Math.round(b.plannedMs)} ms, ran ${b.ranInferences}/${b.plannedInferences} inferences (${bound}; one case ≈ ${b.caseMs.toFixed(2)} ms)${trigger}`]);
  }
  return out;
}

function triggerBars(candidates: readonly TriggerCandidateResult[], flagged: ReadonlySet<string>): HTMLElement {
  const rows = candidates.slice(0, 40).map((c) => ({ label: `${c.label} → class ${c.targetClass}`, value: c.flipRate, flagged: flagged.has(c.label) }));
  return bars(rows, (v) => `${Math.round(v * 100)}%`, 1);
}

function bars(rows: { label: string; value: number; flagged: boolean }[], text: (v: number) => string, max?: number): HTMLElement {
  const top = max ?? Math.max(1, ...rows.map((r) => r.value));
  return h('div', { class: 'histogram', role: 'table' }, ...rows.map((r) => {
    const bar = h('span', { class: `bar${r.flagged ? ' flagged' : ''}` });
    bar.style.width = `${Math.max(0.5, (r.value / top) * 100)}%`;
    return h('div', { class: 'hist-row', role: 'row' }, h('span', { class: 'hist-label code', role: 'cell', title: r.label }, r.label), h('span', { class: 'hist-bar', role: 'cell' }, bar), h('span', { class: 'num', role: 'cell' }, text(r.value)));
  }));
}

function chart(title: string, body: HTMLElement): HTMLElement {
  return h('div', { class: 'sub' }, h('h3', {}, title), body);
}
