// The findings: a virtual list (severity, rule, title, location) and, below it, the selected
// finding in full (message, why, evidence, location). Selecting one marks its place in the
// structure and the disassembly; Enter or "Show" scrolls the page there.
import type { Finding } from '../../server/src/core/findings';
import { h, muted, section } from './dom';
import { placeLabel } from './format';
import { post } from './vscodeApi';
import { VirtualList } from './virtualList';

export interface RevealTargets {
  /** Marks (and with `go`, scrolls to and focuses) the finding's place; false when it has none there. */
  inDisassembly(f: Finding, go: boolean): boolean;
  inStructure(f: Finding, go: boolean): boolean;
}

/** The rendered findings list (the report renders one at a time), for `revealFinding`. */
let current: VirtualList<Finding> | undefined;

export function findingsSection(findings: readonly Finding[], targets: RevealTargets, initial: number): HTMLElement {
  current = undefined;
  if (findings.length === 0) return section('findings', 'Findings', muted('No findings: the static checks found nothing to report in this file.'));
  const detail = h('div', { class: 'finding-detail', 'aria-live': 'polite' });
  const list = new VirtualList<Finding>({
    id: 'findings-list',
    label: 'Findings, worst first',
    rowHeight: 30,
    maxHeight: 330,
    className: 'findings',
    render: (f) =>
      h('div', { class: `finding-row sev-${f.severity}` },
        h('span', { class: `sev-pill sev-${f.severity}` }, f.severity),
        h('span', { class: 'rule' }, f.ruleId),
        h('span', { class: 'title' }, f.title, h('span', { class: 'msg' }, ` — ${f.message}`)),
        h('span', { class: 'where' }, placeLabel(f.location))),
    onSelect: (i) => {
      const f = findings[i]!;
      targets.inDisassembly(f, false);
      targets.inStructure(f, false);
      detail.replaceChildren(findingDetail(f, targets));
    },
    onActivate: (i) => void (targets.inDisassembly(findings[i]!, true) || targets.inStructure(findings[i]!, true)),
  });
  list.setItems(findings);
  current = list;
  const hint = h('p', { class: 'hint' }, `${findings.length.toLocaleString('en-US')} finding${findings.length === 1 ? '' : 's'}, worst first. ↑/↓ to move, Enter to show the place in the file.`);
  const el = section('findings', 'Findings', hint, list.element, detail);
  // Select after the other sections exist, so the first finding's place is marked too.
  queueMicrotask(() => list.select(Math.min(initial, findings.length - 1)));
  return el;
}

/** Selects the finding, brings the list into view and gives it keyboard focus; false when there is no such row. */
export function revealFinding(index: number): boolean {
  const list = current;
  if (!list || !list.element.isConnected || !Number.isInteger(index) || index < 0 || index >= list.length) return false;
  list.select(index);
  list.element.closest('section')?.scrollIntoView({ block: 'start' });
  list.element.focus({ preventScroll: true });
  return true;
}

function findingDetail(f: Finding, targets: RevealTargets): HTMLElement {
  const actions = h('div', { class: 'actions' });
  if (targets.inDisassembly(f, false)) actions.append(h('button', { class: 'secondary', onclick: () => targets.inDisassembly(f, true) }, 'Show in disassembly'));
  if (targets.inStructure(f, false)) actions.append(h('button', { class: 'secondary', onclick: () => targets.inStructure(f, true) }, 'Show in structure'));
  actions.append(h('button', { class: 'link', onclick: () => post({ type: 'openRuleDocs', ruleId: f.ruleId }) }, `About ${f.ruleId}`));
  return h('article', { class: `finding sev-${f.severity}`, 'data-rule': f.ruleId },
    h('header', {},
      h('span', { class: `sev-pill sev-${f.severity}` }, f.severity),
      h('span', { class: 'rule' }, f.ruleId),
      h('strong', {}, f.title),
      h('span', { class: 'confidence' }, `${f.confidence} confidence`)),
    h('p', { class: 'message' }, f.message),
    h('dl', {},
      h('dt', {}, 'Why it matters'), h('dd', {}, f.why),
      f.evidence ? h('dt', {}, 'Evidence') : null,
      f.evidence ? h('dd', {}, h('pre', { class: 'evidence' }, f.evidence)) : null,
      h('dt', {}, 'Location'), h('dd', {}, placeLabel(f.location)),
      f.fix ? h('dt', {}, 'Fix') : null,
      f.fix ? h('dd', {}, f.fix.title) : null),
    actions);
}
