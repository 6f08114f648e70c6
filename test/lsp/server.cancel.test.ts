// A long workspace scan: cancellable through its work-done progress, and it never blocks the
// connection (the server yields between files, so requests are answered while it runs).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ScanWorkspaceRequest } from '../../server/src/protocol';
import { TestClient } from './helpers/lspClient';
import { maliciousPickle } from './helpers/pickles';
import { makeWorkspace, removeWorkspace } from './helpers/workspace';

const FILES = 400;

describe('language server: long workspace scans', () => {
  let root: string;
  let client: TestClient;

  before(async () => {
    const files: Record<string, Buffer> = {};
    for (let i = 0; i < FILES; i++) files[`m/${String(i).padStart(4, '0')}.pkl`] = maliciousPickle(`echo ${i}`);
    root = makeWorkspace(files);
    client = await TestClient.start({ root });
  });

  after(() => {
    client?.kill();
    if (root) removeWorkspace(root);
  });

  it('answers requests while the start-up scan runs', async () => {
    const begin = await client.waitFor(() => client.progress.find((p) => p.value.kind === 'begin'), 'progress begin');
    const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: client.uri('x.py') }, position: { line: 0, character: 0 } });
    assert.equal(hover, null);
    const ended = client.progress.some((p) => p.token === begin.token && p.value.kind === 'end');
    assert.equal(ended, false, 'the hover was answered before the scan ended');
    await client.waitForProgressEnd();
  });

  it('stops when the user cancels the progress, keeping what was published', async () => {
    const seq = client.seq;
    const pending = client.connection.sendRequest(ScanWorkspaceRequest, {});
    const begin = await client.waitFor(() => client.progress.find((p) => p.seq > seq && p.value.kind === 'begin'), 'progress begin');
    await client.connection.sendNotification('window/workDoneProgress/cancel', { token: begin.token });
    const report = await pending;
    assert.equal(report.cancelled, true);
    assert.equal(report.files < FILES, true, `scanned ${report.files} of ${FILES}`);
    const end = await client.waitForProgressEnd(seq);
    assert.equal(end.token, begin.token);
    assert.equal(client.latest(client.uri('m/0000.pkl'))!.diagnostics.some((d) => d.code === 'MSL601'), true);
    const summary = await client.waitFor(() => client.summaries.at(-1)?.scanning === false && client.summaries.at(-1), 'summary after the scan');
    assert.equal(summary.filesWithFindings, FILES);
  });

  it('a new scan supersedes a running one, and runs to the end', async () => {
    const first = client.connection.sendRequest(ScanWorkspaceRequest, {});
    const second = client.connection.sendRequest(ScanWorkspaceRequest, {});
    const [a, b] = await Promise.all([first, second]);
    assert.equal(a.cancelled, true);
    assert.deepEqual({ files: b.files, cancelled: b.cancelled, critical: b.counts.critical }, { files: FILES, cancelled: false, critical: FILES });
  });

  it('shuts down cleanly', async () => {
    assert.equal(await client.shutdown(), 0);
  });
});
