// The report's Provenance section: a key/value table from `provenanceRows`, each verdict a word
// in a bordered badge (theme colours via CSS classes, never inline styles), digests selectable.
import type { ReportData } from '../../server/src/protocol/webview';
import { h, muted, section } from './dom';
import { provenanceRows, type ProvenanceRow } from './provenanceModel';

export function provenanceView(r: ReportData): HTMLElement {
  const note = r.provenance
    ? 'Entries are recorded in msl.lock.json by "msl lock" or the command "Record Provenance for This File"; problems also appear as MSL8xx findings.'
    : 'Compare the digest with the one published by the model\'s source.';
  return section('provenance', 'Provenance',
    h('table', { class: 'kv provenance' }, h('tbody', {}, ...provenanceRows(r).map(row))),
    muted(note));
}

function row(r: ProvenanceRow): HTMLElement {
  return h('tr', { class: `prov-${r.tone}` },
    h('th', { scope: 'row' }, r.label),
    h('td', {},
      // The space keeps the badge a separate word for screen readers and copied text.
      r.badge ? h('span', { class: 'prov-badge' }, r.badge) : null, r.badge ? ' ' : null,
      r.code ? h('span', { class: 'code selectable' }, r.value) : r.value));
}
