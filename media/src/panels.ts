// Provenance: the manifest status, digests, source, licence and signature (see provenance.ts).
import type { ReportData } from '../../server/src/protocol/webview';
import { provenanceView } from './provenance';

export function provenanceSection(r: ReportData): HTMLElement {
  return provenanceView(r);
}
