// Start-up variants: `msl.scanOnStartup: false`, and a minimal client (no configuration pull,
// no dynamic watchers, no work-done progress) that still gets the default behaviour.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ScanFileRequest, ScanWorkspaceRequest } from '../../server/src/protocol';
import { TestClient } from './helpers/lspClient';
import { maliciousPickle } from './helpers/pickles';
import { makeWorkspace, removeWorkspace } from './helpers/workspace';

async function withSession(options: { settings?: { scanOnStartup: boolean }; minimal?: boolean }, body: (c: TestClient) => Promise<void>): Promise<void> {
  const root = makeWorkspace({ 'evil.pkl': maliciousPickle(), 'other.pkl': maliciousPickle() });
  const client = await TestClient.start({ root, ...options });
  try {
    await body(client);
    assert.equal(await client.shutdown(), 0);
  } finally {
    client.kill();
    removeWorkspace(root);
  }
}

describe('language server: start-up', () => {
  it('with msl.scanOnStartup false, nothing is scanned until asked', () =>
    withSession({ settings: { scanOnStartup: false } }, async (client) => {
      await client.waitFor(() => client.registrations.length > 0, 'watcher registration (start-up done)');
      // msl/scanFile goes through the same serial queue a start-up scan would use.
      await client.connection.sendRequest(ScanFileRequest, { uri: client.uri('other.pkl') });
      assert.equal(client.publishCount(client.uri('evil.pkl')), 0);
      assert.deepEqual(client.progressTokens, []);
      assert.deepEqual(client.summaries, [{ counts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, filesWithFindings: 0, scanning: false }]);
      const report = await client.connection.sendRequest(ScanWorkspaceRequest, {});
      assert.equal(report.files, 2);
      await client.waitForDiagnostics(client.uri('evil.pkl'), (ds) => ds.some((d) => d.code === 'MSL601'));
    }));

  it('a minimal client gets the default scan without watchers or progress', () =>
    withSession({ minimal: true }, async (client) => {
      await client.waitForDiagnostics(client.uri('evil.pkl'), (ds) => ds.some((d) => d.code === 'MSL601'));
      await client.waitForDiagnostics(client.uri('other.pkl'), (ds) => ds.some((d) => d.code === 'MSL601'));
      assert.deepEqual(client.registrations, []);
      assert.deepEqual(client.progressTokens, []);
      assert.deepEqual(client.configurationRequests, []);
    }));
});
