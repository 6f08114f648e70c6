// The report webview's Provenance rows (the DOM-free part of media/src/provenance.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { provenanceRows, type ProvenanceRow } from '../../../media/src/provenanceModel';
import type { FileProvenanceStatus } from '../../../server/src/core/provenance/status';
import type { ReportData } from '../../../server/src/protocol/webview';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const REV = '0123456789abcdef0123456789abcdef01234567';

function report(provenance?: FileProvenanceStatus, sha256: string | null = A): ReportData {
  const r: ReportData = {
    uri: 'file:///w/m.pkl', fileName: 'm.pkl', format: 'pickle', formatLabel: 'Python pickle', detectedBy: 'magic',
    size: 1234, findings: [], summary: {}, limitsHit: [], scanMs: 1, scannedAt: new Date(0).toISOString(),
  };
  if (sha256) r.sha256 = sha256;
  if (provenance) r.provenance = provenance;
  return r;
}

const row = (rows: ProvenanceRow[], label: string) => rows.find((r) => r.label === label);
const brief = (r: ProvenanceRow | undefined) => r && [r.tone, r.badge ?? '', r.value];

describe('provenanceRows', () => {
  it('without provenance data: digest, size and time only', () => {
    assert.deepEqual(provenanceRows(report()).map((r) => r.label), ['SHA-256', 'Size', 'Scanned']);
    assert.equal(row(provenanceRows(report(undefined, null)), 'SHA-256')!.value, 'not computed (the file could not be read)');
  });

  it('a matching, pinned, verified file reads as all good', () => {
    const rows = provenanceRows(report({
      manifest: 'match', manifestProblems: 0, entryPath: 'models/m.pkl',
      recorded: { size: 1234, sha256: A, format: 'pickle' }, actual: { size: 1234, sha256: A },
      source: { kind: 'hub', repo: 'org/model', revision: REV, pinned: true },
      license: { id: 'apache-2.0', from: 'manifest' },
      signature: { status: 'verified', bundle: 'models/m.sig', signer: 'the configured public key', publicKey: 'keys/p.pem' },
    }));
    assert.deepEqual(rows.map((r) => r.label), ['Manifest', 'SHA-256', 'Size', 'Source', 'Licence', 'Signature', 'Scanned']);
    assert.deepEqual(brief(row(rows, 'Manifest')), ['ok', 'Matches', 'Size and SHA-256 match the entry for models/m.pkl.']);
    assert.deepEqual(brief(row(rows, 'Source')), ['ok', 'Pinned', `org/model @ ${REV}`]);
    assert.equal(row(rows, 'Source')!.code, true);
    assert.deepEqual(brief(row(rows, 'Licence')), ['neutral', '', 'apache-2.0 (recorded in msl.lock.json)']);
    assert.deepEqual(brief(row(rows, 'Signature')), ['ok', 'Verified', 'Signed by the configured public key (keys/p.pem), bundle models/m.sig']);
  });

  it('a replaced file shows both digests and both sizes, a plain-HTTP source and the invalid signature', () => {
    const rows = provenanceRows(report({
      manifest: 'mismatch', manifestProblems: 0, entryPath: 'models/m.pkl',
      recorded: { size: 1000, sha256: B, format: 'pickle' }, actual: { size: 1234, sha256: A },
      source: { kind: 'url', url: 'http://x.example/m.pkl', plainHttp: true },
      signature: { status: 'invalid', bundle: 'm.sig', reason: 'signature verification failed' },
    }));
    assert.deepEqual(brief(row(rows, 'Manifest')), ['bad', 'Mismatch', 'This is not the file recorded for models/m.pkl: it was replaced or changed since it was recorded.']);
    assert.deepEqual(brief(row(rows, 'SHA-256')), ['bad', '', A]);
    assert.equal(row(rows, 'Recorded SHA-256')!.value, B);
    assert.equal(row(rows, 'Recorded size')!.value, '1,000 bytes (now 1,234)');
    assert.deepEqual(brief(row(rows, 'Source')), ['bad', 'Plain HTTP', 'http://x.example/m.pkl']);
    assert.deepEqual(brief(row(rows, 'Licence')), ['neutral', '', 'not recorded']);
    assert.deepEqual(brief(row(rows, 'Signature')), ['bad', 'Invalid', 'm.sig: signature verification failed']);
  });

  it('unrecorded, unpinned, unsigned, not configured: each says so in words', () => {
    const noEntry = provenanceRows(report({ manifest: 'no-entry', manifestProblems: 2, entryPath: 'm.pkl', license: { id: 'mit', from: 'model card' }, signature: { status: 'not-applicable' } }));
    assert.deepEqual(brief(row(noEntry, 'Manifest')), ['warn', 'Not recorded', 'm.pkl has no entry in msl.lock.json (msl.lock.json has 2 problems: its entry may be unreadable).']);
    assert.deepEqual(brief(row(noEntry, 'Source')), ['neutral', '', 'not recorded']);
    assert.deepEqual(brief(row(noEntry, 'Licence')), ['neutral', '', 'mit (from the model card)']);
    assert.deepEqual(brief(row(noEntry, 'Signature')), ['neutral', '', 'not checked (no manifest entry)']);
    const base = { manifest: 'match' as const, manifestProblems: 0, entryPath: 'm.pkl' };
    const unpinned = provenanceRows(report({ ...base, source: { kind: 'hub', repo: 'org/m', revision: 'main', pinned: false }, signature: { status: 'unsigned', required: true } }));
    assert.deepEqual(brief(row(unpinned, 'Source')), ['warn', 'Not pinned', 'org/m @ main (not a 40-hex commit id: it can move)']);
    assert.deepEqual(row(unpinned, 'Signature')!.badge, 'Unsigned');
    assert.equal(row(unpinned, 'Signature')!.tone, 'bad');
    const optional = provenanceRows(report({ ...base, signature: { status: 'unsigned', required: false } }));
    assert.equal(row(optional, 'Signature')!.tone, 'neutral');
    const nokey = provenanceRows(report({ ...base, signature: { status: 'not-configured', bundle: 'm.sig' } }));
    assert.deepEqual(brief(row(nokey, 'Signature'))!.slice(0, 2), ['warn', 'Not configured']);
    assert.deepEqual(brief(row(provenanceRows(report({ manifest: 'no-manifest', manifestProblems: 0, signature: { status: 'not-applicable' } })), 'Manifest'))!.slice(0, 2), ['neutral', 'No manifest']);
  });
});
