// msl.lock.json changing under a running server, the way VS Code reports it: the file is written
// on disk and `workspace/didChangeWatchedFiles` arrives (the manifest is never synced as a text
// document). The model files' MSL8xx diagnostics follow without reopening anything, only the
// files whose entry changed are re-checked, and the engine does not re-read unchanged models.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { ScanFileRequest } from '../../server/src/protocol';
import { TestClient } from './helpers/lspClient';
import { benignPickle, maliciousPickle } from './helpers/pickles';
import { applyEdits } from './helpers/text';
import { makeWorkspace, removeWorkspace, writeFile } from './helpers/workspace';

const REV = '89abcdef0123456789abcdef0123456789abcdef';
const CHANGED = 2;
const CREATED = 1;
const DELETED = 3;
const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code)).sort();
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const msl8 = (ds: Diagnostic[]) => codes(ds).filter((c) => c.startsWith('MSL8'));

/** A harmless pickle (one string) exactly as long as `other`. */
function sameSizeBenign(other: Buffer): Buffer {
  const n = other.length - 8;
  const len = Buffer.alloc(4);
  len.writeUInt32LE(n);
  return Buffer.concat([Buffer.from('\x80\x02X', 'latin1'), len, Buffer.from('a'.repeat(n)), Buffer.from('.')]);
}

type Entry = { path: string; size: number; sha256: string; format: string; source: { hub: string; revision: string } | { url: string } };

describe('language server: msl.lock.json changes re-evaluate provenance', () => {
  const a = benignPickle();
  const b = benignPickle();
  const evil = maliciousPickle('id');
  const c = sameSizeBenign(evil);
  const entry = (p: string, bytes: Buffer, source: Entry['source'] = { hub: 'org/model', revision: REV }): Entry =>
    ({ path: p, size: bytes.length, sha256: sha(bytes), format: 'pickle', source });
  const ENTRY_A = entry('models/a.pkl', a);
  const ENTRY_B = entry('models/b.pkl', b);
  const ENTRY_C = entry('models/c.pkl', c);
  const manifest = (...models: Entry[]) => `${JSON.stringify({ version: 1, models }, null, 2)}\n`;
  /** Whole seconds, so that restoring it gives the very same mtimeMs. */
  const FIXED_MTIME = 1_700_000_000;

  let root: string;
  let client: TestClient;
  let manifestUri: string;

  /** Writes the manifest and sends the notification VS Code's watcher would send. */
  async function writeManifest(text: string, type: 1 | 2 = CHANGED): Promise<number> {
    const seq = client.seq;
    writeFile(root, 'msl.lock.json', text);
    await client.fileEvents([{ uri: manifestUri, type }]);
    return seq;
  }

  const diagnosticsAfter = (rel: string, seq: number, accept: (ds: Diagnostic[]) => boolean) =>
    client.waitForDiagnostics(client.uri(rel), accept, seq).then((e) => e.diagnostics);

  before(async () => {
    root = makeWorkspace({
      'models/a.pkl': a,
      'models/b.pkl': b,
      'models/c.pkl': c,
      'msl.lock.json': manifest(ENTRY_A, ENTRY_B, ENTRY_C),
    });
    fs.utimesSync(path.join(root, 'models/c.pkl'), FIXED_MTIME, FIXED_MTIME);
    client = await TestClient.start({ root });
    manifestUri = client.uri('msl.lock.json');
    for (const rel of ['models/a.pkl', 'models/b.pkl', 'models/c.pkl']) await client.waitForDiagnostics(client.uri(rel));
  });

  after(() => {
    client?.kill();
    if (root) removeWorkspace(root);
  });

  it('asks the client to watch msl.lock.json in every workspace folder', () => {
    const watchers = client.registrations
      .filter((r) => r.method === 'workspace/didChangeWatchedFiles')
      .flatMap((r) => (r.registerOptions as { watchers: { globPattern: { pattern: string } | string }[] }).watchers);
    const patterns = watchers.map((w) => (typeof w.globPattern === 'string' ? w.globPattern : w.globPattern.pattern));
    assert.ok(patterns.includes('msl.lock.json'), `watched: ${patterns.join(', ')}`);
  });

  it('starts clean: every file matches its entry', () => {
    for (const rel of ['models/a.pkl', 'models/b.pkl', 'models/c.pkl']) assert.deepEqual(codes(client.latest(client.uri(rel))!.diagnostics), [], rel);
  });

  it('a wrong digest written to the manifest gives the model MSL803 without reopening it; other files are not re-checked', async () => {
    // Same size as the right digest: only a forced re-read (not the size/mtime stamp) sees it reliably.
    const seq = await writeManifest(manifest({ ...ENTRY_A, sha256: 'e'.repeat(64) }, ENTRY_B, ENTRY_C));
    const ds = await diagnosticsAfter('models/a.pkl', seq, (d) => d.some((x) => x.code === 'MSL803'));
    assert.deepEqual(codes(ds), ['MSL803']);
    const message = ds[0]!.message;
    assert.match(typeof message === 'string' ? message : message.value, new RegExp(`sha256 ${sha(a)}, recorded ${'e'.repeat(64)}`));
    assert.equal(ds[0]!.severity, 1, 'high: shown as an error');
    // Every scan goes through one queue: once this explicit scan is done, any refresh of b ran before it.
    await client.connection.sendRequest(ScanFileRequest, { uri: client.uri('models/a.pkl') });
    assert.equal(client.publishCount(client.uri('models/b.pkl'), seq), 0, 'b.pkl\'s entry did not change');
  });

  it('removing the entry gives "no manifest entry" (MSL802); restoring it clears it', async () => {
    let seq = await writeManifest(manifest(ENTRY_B, ENTRY_C));
    assert.deepEqual(codes(await diagnosticsAfter('models/a.pkl', seq, (d) => d.some((x) => x.code === 'MSL802'))), ['MSL802']);
    seq = await writeManifest(manifest(ENTRY_A, ENTRY_B, ENTRY_C));
    assert.deepEqual(codes(await diagnosticsAfter('models/a.pkl', seq, () => true)), []);
  });

  it('a plain-HTTP source and an unpinned Hub revision appear as soon as the entry says so', async () => {
    let seq = await writeManifest(manifest(entry('models/a.pkl', a, { url: 'http://models.example/a.pkl' }), ENTRY_B, ENTRY_C));
    assert.deepEqual(msl8(await diagnosticsAfter('models/a.pkl', seq, (d) => d.length > 0)), ['MSL805']);
    seq = await writeManifest(manifest(entry('models/a.pkl', a, { hub: 'org/model', revision: 'main' }), ENTRY_B, ENTRY_C));
    assert.deepEqual(msl8(await diagnosticsAfter('models/a.pkl', seq, (d) => d.some((x) => x.code === 'MSL806'))), ['MSL806']);
  });

  it('an entry for a file that does not exist is reported on the manifest, and cleared when the file appears', async () => {
    let seq = await writeManifest(manifest(ENTRY_A, ENTRY_B, ENTRY_C, entry('models/gone.pkl', a)));
    const m = await client.waitForDiagnostics(manifestUri, (d) => d.length > 0, seq);
    assert.deepEqual(codes(m.diagnostics), ['MSL804']);
    assert.deepEqual(codes(await diagnosticsAfter('models/a.pkl', seq, () => true)), [], 'a.pkl is back to its clean entry');
    seq = client.seq;
    writeFile(root, 'models/gone.pkl', a);
    await client.fileEvents([{ uri: client.uri('models/gone.pkl'), type: CREATED }]);
    assert.deepEqual(codes((await client.waitForDiagnostics(manifestUri, () => true, seq)).diagnostics), []);
    assert.deepEqual(codes(await diagnosticsAfter('models/gone.pkl', seq, () => true)), []);
    // And it comes back when the file is deleted again.
    seq = client.seq;
    fs.rmSync(path.join(root, 'models/gone.pkl'));
    await client.fileEvents([{ uri: client.uri('models/gone.pkl'), type: DELETED }]);
    assert.deepEqual(codes((await client.waitForDiagnostics(manifestUri, (d) => d.length > 0, seq)).diagnostics), ['MSL804']);
    assert.deepEqual((await client.waitForDiagnostics(client.uri('models/gone.pkl'), () => true, seq)).diagnostics, []);
  });

  it('reuses the engine\'s findings of an unchanged model: only the provenance checks run again', async () => {
    // c.pkl is swapped for a malicious pickle of the same size and mtime (no event for it): a
    // manifest-only refresh must not re-parse it, so the pickle finding stays absent...
    fs.writeFileSync(path.join(root, 'models/c.pkl'), evil);
    fs.utimesSync(path.join(root, 'models/c.pkl'), FIXED_MTIME, FIXED_MTIME);
    let seq = await writeManifest(manifest(ENTRY_A, ENTRY_B));
    assert.deepEqual(codes(await diagnosticsAfter('models/c.pkl', seq, (d) => d.length > 0)), ['MSL802']);
    // ...while the file's own change event scans it in full.
    seq = client.seq;
    await client.fileEvents([{ uri: client.uri('models/c.pkl'), type: CHANGED }]);
    const full = await diagnosticsAfter('models/c.pkl', seq, (d) => d.some((x) => x.code === 'MSL601'));
    assert.deepEqual(codes(full), ['MSL601', 'MSL802']);
  });

  it('deleting the manifest clears its diagnostics and every MSL8xx finding; creating it again brings them back', async () => {
    let seq = await writeManifest(manifest({ ...ENTRY_A, sha256: 'e'.repeat(64) }, ENTRY_B, entry('models/missing.pkl', a)));
    await diagnosticsAfter('models/a.pkl', seq, (d) => d.some((x) => x.code === 'MSL803'));
    await client.waitForDiagnostics(manifestUri, (d) => d.length > 0, seq);
    seq = client.seq;
    fs.rmSync(path.join(root, 'msl.lock.json'));
    await client.fileEvents([{ uri: manifestUri, type: DELETED }]);
    assert.deepEqual(codes(await diagnosticsAfter('models/a.pkl', seq, () => true)), []);
    assert.deepEqual(codes(await diagnosticsAfter('models/c.pkl', seq, () => true)), ['MSL601'], 'no manifest, no MSL802');
    assert.deepEqual((await client.waitForDiagnostics(manifestUri, () => true, seq)).diagnostics, []);
    seq = await writeManifest(manifest(ENTRY_B), CREATED);
    assert.deepEqual(codes(await diagnosticsAfter('models/a.pkl', seq, () => true)), ['MSL802']);
  });
});

describe('language server: the Hub pin quick fix follows msl.lock.json', () => {
  const SCRIPT = 'from transformers import AutoModel\nmodel = AutoModel.from_pretrained("Acme/Widget")\n';
  let root: string;
  let client: TestClient;

  before(async () => {
    root = makeWorkspace({ 'models/w.pkl': benignPickle(), 'scripts/batch.py': SCRIPT, 'msl.lock.json': '{"version": 1, "models": []}\n' });
    client = await TestClient.start({ root });
    await client.waitForDiagnostics(client.uri('scripts/batch.py'));
  });

  after(() => {
    client?.kill();
    if (root) removeWorkspace(root);
  });

  async function quickFixes(uri: string, ds: Diagnostic[]): Promise<CodeAction[]> {
    return (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 50 } },
      context: { diagnostics: ds, only: ['quickfix'] },
    })) as CodeAction[];
  }

  it('offers no pin while the manifest does not record the repository, then offers the recorded commit', async () => {
    const uri = client.uri('load.py');
    await client.open(uri, SCRIPT);
    const first = await client.waitForDiagnostics(uri);
    assert.equal(first.diagnostics.some((d) => d.code === 'MSL831'), false);
    assert.equal((await quickFixes(uri, first.diagnostics)).some((a) => /revision/.test(a.title)), false);

    const seq = client.seq;
    const pinned = { path: 'models/w.pkl', size: benignPickle().length, sha256: sha(benignPickle()), format: 'pickle', source: { hub: 'acme/widget', revision: REV } };
    writeFile(root, 'msl.lock.json', JSON.stringify({ version: 1, models: [pinned] }));
    await client.fileEvents([{ uri: client.uri('msl.lock.json'), type: CHANGED }]);

    // The open script (no edit, same version) and the script on disk both get MSL831.
    const open = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'MSL831'), seq);
    const actions = await quickFixes(uri, open.diagnostics.filter((d) => d.code === 'MSL831'));
    assert.equal(actions.length, 1);
    assert.equal(applyEdits(SCRIPT, actions[0]!.edit!.changes![uri]!).split('\n')[1], `model = AutoModel.from_pretrained("Acme/Widget", revision="${REV}")`);
    await client.waitForDiagnostics(client.uri('scripts/batch.py'), (d) => d.some((x) => x.code === 'MSL831'), seq);
    // The model file's entry is new too: it lost its "no manifest entry" finding.
    assert.deepEqual(codes((await client.waitForDiagnostics(client.uri('models/w.pkl'), () => true, seq)).diagnostics), []);
  });

  it('withdraws the pin when the entry goes away', async () => {
    const uri = client.uri('load.py');
    const seq = client.seq;
    writeFile(root, 'msl.lock.json', JSON.stringify({ version: 1, models: [] }));
    await client.fileEvents([{ uri: client.uri('msl.lock.json'), type: CHANGED }]);
    const d = await client.waitForDiagnostics(uri, (ds) => !ds.some((x) => x.code === 'MSL831'), seq);
    assert.equal(d.diagnostics.some((x) => x.code === 'MSL831'), false);
    assert.deepEqual(codes((await client.waitForDiagnostics(client.uri('models/w.pkl'), () => true, seq)).diagnostics), ['MSL802']);
  });
});
