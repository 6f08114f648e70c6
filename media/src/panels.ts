// Provenance: only what is known is shown (the digest computed for this report); manifest and
// signature checks are not part of the report in this version, and it says so.
import type { ReportData } from '../../server/src/protocol/webview';
import { h, muted, section } from './dom';

export function provenanceSection(r: ReportData): HTMLElement {
  return section('provenance', 'Provenance',
    h('table', { class: 'kv' }, h('tbody', {},
      h('tr', {}, h('th', { scope: 'row' }, 'SHA-256'), h('td', { class: 'code selectable' }, r.sha256 ?? 'not computed (the file could not be read)')),
      h('tr', {}, h('th', { scope: 'row' }, 'Size'), h('td', {}, `${r.size.toLocaleString('en-US')} bytes`)),
      h('tr', {}, h('th', { scope: 'row' }, 'Scanned'), h('td', {}, new Date(r.scannedAt).toLocaleString())))),
    muted('Compare the digest with the one published by the model\'s source. Manifest and signature checks are reported as findings (MSL8xx) when the project has a manifest.'));
}
