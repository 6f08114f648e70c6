// What the report's Provenance section says, as plain rows (no DOM here, so it is unit-tested in
// Node): the manifest status, digests, source, licence and signature, each with a tone and a
// short badge word, so the verdict never rests on colour alone.
import type { FileProvenanceStatus, SignatureStatus, SourceStatus } from '../../server/src/core/provenance/status';
import type { ReportData } from '../../server/src/protocol/webview';

export type Tone = 'ok' | 'warn' | 'bad' | 'neutral';

export interface ProvenanceRow {
  label: string;
  value: string;
  tone: Tone;
  /** One or two words shown before the value ("Matches", "Not pinned"). */
  badge?: string;
  /** Monospace and selectable (digests, URLs, revisions). */
  code?: boolean;
}

const MANIFEST = 'msl.lock.json';

export function provenanceRows(r: ReportData): ProvenanceRow[] {
  const p = r.provenance;
  const rows: ProvenanceRow[] = [];
  if (p) rows.push(manifestRow(p));
  const sha256 = r.sha256 ?? p?.actual?.sha256;
  rows.push(sha256 !== undefined
    ? { label: 'SHA-256', value: sha256, tone: p?.manifest === 'mismatch' ? 'bad' : 'neutral', code: true }
    : { label: 'SHA-256', value: 'not computed (the file could not be read)', tone: 'neutral' });
  if (p?.recorded && p.manifest !== 'match') {
    if (p.recorded.sha256 !== sha256) rows.push({ label: 'Recorded SHA-256', value: p.recorded.sha256, tone: 'neutral', code: true });
    if (p.actual && p.recorded.size !== p.actual.size) rows.push({ label: 'Recorded size', value: `${p.recorded.size.toLocaleString('en-US')} bytes (now ${p.actual.size.toLocaleString('en-US')})`, tone: 'bad' });
  }
  rows.push({ label: 'Size', value: `${r.size.toLocaleString('en-US')} bytes`, tone: 'neutral' });
  if (p) {
    rows.push(sourceRow(p.source, p));
    rows.push(p.license
      ? { label: 'Licence', value: `${p.license.id} (${p.license.from === 'manifest' ? `recorded in ${MANIFEST}` : 'from the model card'})`, tone: 'neutral' }
      : { label: 'Licence', value: 'not recorded', tone: 'neutral' });
    if (p.use) rows.push({ label: 'Recorded use', value: p.use, tone: 'neutral' });
    rows.push(signatureRow(p.signature));
  }
  rows.push({ label: 'Scanned', value: new Date(r.scannedAt).toLocaleString(), tone: 'neutral' });
  return rows;
}

function manifestRow(p: FileProvenanceStatus): ProvenanceRow {
  const label = 'Manifest';
  const entry = p.entryPath ?? 'this file';
  switch (p.manifest) {
    case 'no-manifest':
      return { label, badge: 'No manifest', tone: 'neutral', value: `The workspace has no ${MANIFEST}: where this file came from is not recorded.` };
    case 'not-a-model':
      return { label, badge: 'Not tracked', tone: 'neutral', value: `${MANIFEST} records model files only.` };
    case 'no-entry': {
      const broken = p.manifestProblems > 0 ? ` (${MANIFEST} has ${p.manifestProblems} problem${p.manifestProblems === 1 ? '' : 's'}: its entry may be unreadable)` : '';
      return { label, badge: 'Not recorded', tone: 'warn', value: `${entry} has no entry in ${MANIFEST}${broken}.` };
    }
    case 'match':
      return { label, badge: 'Matches', tone: 'ok', value: `Size and SHA-256 match the entry for ${entry}.` };
    case 'mismatch':
      return { label, badge: 'Mismatch', tone: 'bad', value: `This is not the file recorded for ${entry}: it was replaced or changed since it was recorded.` };
    case 'unreadable':
      return { label, badge: 'Unreadable', tone: 'bad', value: `Recorded as ${entry}, but the file cannot be read to compare it.` };
  }
}

function sourceRow(s: SourceStatus | undefined, p: FileProvenanceStatus): ProvenanceRow {
  const label = 'Source';
  if (!s) return { label, tone: 'neutral', value: p.manifest === 'no-entry' || p.manifest === 'no-manifest' ? 'not recorded' : '—' };
  if (s.kind === 'url') {
    return s.plainHttp
      ? { label, badge: 'Plain HTTP', tone: 'bad', value: s.url, code: true }
      : { label, tone: 'neutral', value: s.url, code: true };
  }
  const value = `${s.repo} @ ${s.revision}`;
  return s.pinned
    ? { label, badge: 'Pinned', tone: 'ok', value, code: true }
    : { label, badge: 'Not pinned', tone: 'warn', value: `${value} (not a 40-hex commit id: it can move)`, code: true };
}

function signatureRow(s: SignatureStatus): ProvenanceRow {
  const label = 'Signature';
  switch (s.status) {
    case 'not-applicable':
      return { label, tone: 'neutral', value: 'not checked (no manifest entry)' };
    case 'unsigned':
      return s.required
        ? { label, badge: 'Unsigned', tone: 'bad', value: 'No signature is recorded, and the project requires signed models (provenance.requireSignatures).' }
        : { label, badge: 'Unsigned', tone: 'neutral', value: 'No signature is recorded for this file.' };
    case 'not-configured':
      return { label, badge: 'Not configured', tone: 'warn', value: `${s.bundle} is recorded, but no public key or trusted root is configured to check it (provenance.publicKey, provenance.trustedRoot).` };
    case 'unusable':
      return { label, badge: 'Cannot check', tone: 'warn', value: `${s.bundle}: ${s.reason}` };
    case 'invalid':
      return { label, badge: 'Invalid', tone: 'bad', value: `${s.bundle}: ${s.reason}${s.signer ? ` (signed by ${s.signer})` : ''}` };
    case 'verified':
      return { label, badge: 'Verified', tone: 'ok', value: `Signed by ${s.signer}${s.publicKey ? ` (${s.publicKey})` : ''}, bundle ${s.bundle}` };
  }
}
