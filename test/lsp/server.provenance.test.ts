// Provenance in the language server: MSL8xx diagnostics on model files' URIs next to the scan
// findings, the manifest's own diagnostics, Hub pins for scripts, and the request behind
// "Record Provenance for This File" (computes, never writes).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { ScanFileRequest } from '../../server/src/protocol';
import { ProvenanceEntryRequest } from '../../server/src/protocol/provenance';
import { TestClient } from './helpers/lspClient';
import { benignPickle } from './helpers/pickles';
import { makeWorkspace, removeWorkspace, writeFile } from './helpers/workspace';

const REV = '0123456789abcdef0123456789abcdef01234567';
const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code)).sort();
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('language server: provenance', () => {
  let root: string;
  let client: TestClient;
  const good = benignPickle();

  before(async () => {
    const entry = (p: string, b: Buffer) => ({ path: p, size: b.length, sha256: sha(b), format: 'pickle', source: { hub: 'org/model', revision: REV } });
    root = makeWorkspace({
      'models/good.pkl': good,
      'models/tampered.pkl': Buffer.concat([good.subarray(0, good.length - 1), Buffer.from('.')]),
      'models/unlisted.pkl': good,
      'msl.lock.json': JSON.stringify({
        version: 1,
        models: [entry('models/good.pkl', good), { ...entry('models/tampered.pkl', good), sha256: 'e'.repeat(64) }, entry('models/gone.pkl', good)],
      }, null, 2),
    });
    client = await TestClient.start({ root });
  });

  after(() => {
    client?.kill();
    if (root) removeWorkspace(root);
  });

  it('publishes MSL803 on a tampered file and MSL802 on an unlisted one; the genuine one is clean', async () => {
    const tampered = await client.waitForDiagnostics(client.uri('models/tampered.pkl'), (ds) => ds.some((d) => d.code === 'MSL803'));
    assert.match(JSON.stringify(tampered.diagnostics.find((d) => d.code === 'MSL803')!.message), /does not match msl\.lock\.json/);
    const unlisted = await client.waitForDiagnostics(client.uri('models/unlisted.pkl'), (ds) => ds.some((d) => d.code === 'MSL802'));
    assert.deepEqual(codes(unlisted.diagnostics), ['MSL802']);
    const genuine = await client.waitForDiagnostics(client.uri('models/good.pkl'));
    assert.deepEqual(codes(genuine.diagnostics), []);
  });

  it('publishes the missing file on the manifest, on the line of its entry', async () => {
    const m = await client.waitForDiagnostics(client.uri('msl.lock.json'), (ds) => ds.length > 0);
    assert.deepEqual(codes(m.diagnostics), ['MSL804']);
    const line = fs.readFileSync(path.join(root, 'msl.lock.json'), 'utf8').split('\n').findIndex((l) => l.includes('"models/gone.pkl"'));
    assert.equal(m.diagnostics[0]!.range.start.line, line);
  });

  it('computes an entry for "Record Provenance" without writing anything', async () => {
    const before = fs.readFileSync(path.join(root, 'msl.lock.json'), 'utf8');
    const r = await client.connection.sendRequest(ProvenanceEntryRequest, { uri: client.uri('models/unlisted.pkl'), source: { url: 'https://x.test/u.pkl' } });
    assert.equal(r.entryPath, 'models/unlisted.pkl');
    assert.equal(r.sha256, sha(good));
    assert.equal(r.baseText, before);
    assert.deepEqual(JSON.parse(r.manifestText).models.map((e: { path: string }) => e.path), ['models/gone.pkl', 'models/good.pkl', 'models/tampered.pkl', 'models/unlisted.pkl']);
    assert.equal(fs.readFileSync(path.join(root, 'msl.lock.json'), 'utf8'), before, 'the server never writes the manifest');
    // The client writes it; the next scan sees the entry.
    writeFile(root, 'msl.lock.json', r.manifestText);
    const report = await client.connection.sendRequest(ScanFileRequest, { uri: client.uri('models/unlisted.pkl') });
    assert.equal(report.counts.low, 0);
    assert.deepEqual(codes(client.latest(client.uri('models/unlisted.pkl'))!.diagnostics), []);
  });

  it('offers the manifest revision to scripts that load the recorded repository', async () => {
    const uri = client.uri('load.py');
    await client.open(uri, 'from transformers import AutoModel\nAutoModel.from_pretrained("org/model")\n');
    const d = await client.waitForDiagnostics(uri, (ds) => ds.some((x) => x.code === 'MSL831'));
    const pin = d.diagnostics.find((x) => x.code === 'MSL831')!;
    assert.match(JSON.stringify(pin.data), new RegExp(`revision=\\\\"${REV}\\\\"`));
  });
});
