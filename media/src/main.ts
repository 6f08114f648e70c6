// Entry point of the report webview (a browser bundle). It renders what the extension sends
// (`ToWebview`) and asks for everything else with `FromWebview` messages; it never touches the file.
import type { ModelDisassembly } from '../../server/src/core/disasm';
import type { ReportData, ToWebview, ViewContext } from '../../server/src/protocol/webview';
import { DisassemblyView } from './disassemblyView';
import { h } from './dom';
import { findingsSection, revealFinding } from './findings';
import { headerSection, sectionNav } from './header';
import { provenanceSection } from './panels';
import { probesSection } from './probes';
import type { ProbeReport } from '../../server/src/core/probes/types';
import { StructureView } from './structure';
import { post, saveViewState, viewState } from './vscodeApi';

interface State {
  report?: ReportData;
  context?: ViewContext;
  disassembly?: ModelDisassembly;
  probes?: ProbeReport;
  probesRunning: boolean;
  fileName: string;
}

const root = document.getElementById('root')!;
const state: State = { fileName: '', probesRunning: false };
let disasmView: DisassemblyView | undefined;
let structureView: StructureView | undefined;
let pendingReveal: Extract<ToWebview, { type: 'revealFinding' | 'revealSection' }> | undefined;

window.addEventListener('message', (e: MessageEvent<ToWebview>) => {
  const m = e.data;
  switch (m.type) {
    case 'loading':
      state.fileName = m.fileName;
      state.context = m.context;
      state.report = undefined;
      state.disassembly = undefined;
      state.probes = undefined;
      root.replaceChildren(h('p', { class: 'loading', role: 'status' }, `Scanning ${m.fileName}…`));
      break;
    case 'report':
      state.report = m.report;
      state.context = m.context;
      render();
      break;
    case 'disassembly':
      state.disassembly = m.disassembly;
      if (state.report) render();
      break;
    case 'probesRunning':
      state.probesRunning = true;
      renderProbes();
      break;
    case 'probes':
      state.probes = m.report;
      state.probesRunning = false;
      renderProbes();
      break;
    case 'context':
      state.context = m.context;
      if (state.report) render();
      break;
    case 'error':
      root.replaceChildren(h('div', { class: 'banner error', role: 'alert' }, m.message));
      break;
    case 'revealFinding':
    case 'revealSection':
      // A webview shown again reloads: the reveal may come before the report it points into.
      if (state.report) reveal(m);
      else pendingReveal = m;
      break;
    case 'notice':
      if (state.probesRunning) {
        state.probesRunning = false;
        renderProbes();
      }
      showNotice(m.message);
      break;
  }
});

function render(): void {
  const r = state.report!;
  const ctx = state.context!;
  const scrollY = window.scrollY;
  // A re-render (the disassembly arriving) must not take keyboard focus away from the findings.
  const listFocused = document.activeElement?.id === 'findings-list';
  disasmView = new DisassemblyView(r.fileName, state.disassembly);
  structureView = new StructureView(r.summary);
  const targets = {
    inDisassembly: (f: Parameters<DisassemblyView['reveal']>[0], go: boolean) => disasmView?.reveal(f, go) ?? false,
    inStructure: (f: Parameters<StructureView['reveal']>[0], go: boolean) => structureView?.reveal(f, go) ?? false,
  };
  const initial = typeof viewState().selected === 'number' ? (viewState().selected as number) : 0;
  root.replaceChildren(
    headerSection(r, ctx),
    sectionNav(r.findings.length),
    h('main', {},
      findingsSection(r.findings, targets, initial),
      structureView.element,
      disasmView.element,
      provenanceSection(r),
      probesSection(ctx, state.probes, state.probesRunning)),
    // Kept across re-renders, so a notice shown just before (a revealed section's) stays up.
    document.getElementById('notice') ?? h('div', { id: 'notice', role: 'status', 'aria-live': 'polite' }));
  window.scrollTo(0, scrollY);
  if (listFocused) document.getElementById('findings-list')?.focus({ preventScroll: true });
  if (pendingReveal) {
    const m = pendingReveal;
    pendingReveal = undefined;
    // After the list's own initial selection (also a microtask).
    queueMicrotask(() => reveal(m));
  }
  document.getElementById('findings-list')?.addEventListener('click', () => {
    const sel = document.querySelector<HTMLElement>('#findings-list [aria-selected="true"]');
    if (sel) saveViewState({ selected: Number(sel.dataset.index) });
  });
}

function reveal(m: Extract<ToWebview, { type: 'revealFinding' | 'revealSection' }>): void {
  if (m.type === 'revealFinding') {
    if (revealFinding(m.index)) saveViewState({ selected: m.index });
    return;
  }
  document.getElementById(m.section)?.scrollIntoView({ block: 'start' });
  showNotice(m.notice);
}

function renderProbes(): void {
  const old = document.getElementById('probes');
  if (old && state.context) old.replaceWith(probesSection(state.context, state.probes, state.probesRunning));
}

function showNotice(message: string): void {
  const el = document.getElementById('notice');
  if (!el) return;
  el.textContent = message;
  el.classList.add('shown');
  setTimeout(() => el.classList.remove('shown'), 4000);
}

post({ type: 'ready' });
