// The built server driven over stdio JSON-RPC: Python documents (MSL101), quick fixes applied
// to the text, fix-all, hovers, debounced re-analysis, and what happens on close.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity, type CodeAction, type Diagnostic, type Hover, type MarkupContent, type TextEdit } from 'vscode-languageserver-protocol';
import { ruleDocsUrl } from '../../server/src/core/rules/docs';
import { TestClient } from './helpers/lspClient';
import { applyEdits } from './helpers/text';
import { makeWorkspace, removeWorkspace } from './helpers/workspace';

const SCRIPT = ['import torch', 'import torch as T', 'from torch import load', '', 'model = torch.load(path)', 'other = T.load("x.pt", map_location="cpu")', 'third = load(f)', ''].join('\n');
const FIXED = [
  'import torch', 'import torch as T', 'from torch import load', '',
  'model = torch.load(path, weights_only=True)',
  'other = T.load("x.pt", map_location="cpu", weights_only=True)',
  'third = load(f, weights_only=True)', '',
].join('\n');

const msl101 = (ds: Diagnostic[]) => ds.filter((d) => d.code === 'MSL101');

describe('language server: Python documents', () => {
  let root: string;
  let client: TestClient;
  let uri: string;
  const text = new Map<string, string>();

  before(async () => {
    root = makeWorkspace({ 'train.py': 'import torch\nstate = torch.load("ckpt.pt")\n' });
    client = await TestClient.start({ root });
    uri = client.uri('scratch/new_script.py'); // not on disk
    await client.waitForProgressEnd();
  });

  after(() => {
    client?.kill();
    if (root) removeWorkspace(root);
  });

  it('the start-up scan analyses scripts on disk too', async () => {
    const e = await client.waitForDiagnostics(client.uri('train.py'), (ds) => msl101(ds).length === 1);
    assert.deepEqual(msl101(e.diagnostics)[0]!.range, { start: { line: 1, character: 8 }, end: { line: 1, character: 29 } });
  });

  it('publishes MSL101 for each torch.load without weights_only, with its docs link and fix', async () => {
    text.set(uri, SCRIPT);
    await client.open(uri, SCRIPT);
    const e = await client.waitForDiagnostics(uri, (ds) => msl101(ds).length === 3);
    assert.equal(e.version, 1);
    const [first] = msl101(e.diagnostics);
    assert.deepEqual(first!.range, { start: { line: 4, character: 8 }, end: { line: 4, character: 24 } });
    assert.equal(first!.severity, DiagnosticSeverity.Error); // high
    assert.equal(first!.source, 'Model Security Lint');
    assert.deepEqual(first!.codeDescription, { href: ruleDocsUrl('MSL101') });
    const data = first!.data as { ruleId: string; fix: { title: string; edits: TextEdit[] } };
    assert.equal(data.ruleId, 'MSL101');
    assert.equal(data.fix.title, 'Add weights_only=True');
  });

  it('offers the fix as a preferred quick fix whose edit gives the exact text', async () => {
    const diagnostics = msl101(client.latest(uri)!.diagnostics);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0]!.range,
      context: { diagnostics: [diagnostics[0]], only: ['quickfix'] },
    })) as CodeAction[];
    assert.equal(actions.length, 1);
    const a = actions[0]!;
    assert.equal(a.kind, 'quickfix');
    assert.equal(a.isPreferred, true);
    assert.equal(a.title, 'Add weights_only=True');
    const after = applyEdits(SCRIPT, a.edit!.changes![uri]!);
    assert.equal(after.split('\n')[4], 'model = torch.load(path, weights_only=True)');
    assert.equal(after.split('\n')[5], SCRIPT.split('\n')[5], 'only that call changes');
  });

  it('source.fixAll.msl fixes every call in one edit', async () => {
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    })) as CodeAction[];
    assert.deepEqual(actions.map((a) => a.kind), ['source.fixAll.msl']);
    assert.equal(applyEdits(SCRIPT, actions[0]!.edit!.changes![uri]!), FIXED);
  });

  it('hovering the call explains the rule, with the safe alternative and the docs link', async () => {
    const hover = (await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: 4, character: 14 },
    })) as Hover;
    const value = (hover.contents as MarkupContent).value;
    assert.equal((hover.contents as MarkupContent).kind, 'markdown');
    assert.match(value, /^\*\*MSL101: `torch.load` without `weights_only=True`\*\* · high/);
    assert.match(value, /\*\*Safe alternative:\*\* Pass `weights_only=True`/);
    assert.ok(value.includes(`(${ruleDocsUrl('MSL101')})`));
    const nothing = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
    assert.equal(nothing, null);
  });

  it('re-analyses after edits (debounced: a burst of versions publishes the last one)', async () => {
    const seq = client.seq;
    const v2 = SCRIPT.replace('torch.load(path)', 'torch.load(path, weights_only=False)');
    await client.replaceText(uri, 2, v2);
    await client.replaceText(uri, 3, FIXED.replace('x.pt', 'y.pt'));
    await client.replaceText(uri, 4, FIXED);
    const e = await client.waitForDiagnostics(uri, () => true, seq);
    assert.equal(e.version, 4);
    assert.deepEqual(msl101(e.diagnostics), []);
    assert.equal(client.publishCount(uri, seq), 1);
  });

  it('offers no stale fixes: no actions while the published diagnostics describe an older version', async () => {
    const seq = client.seq;
    await client.replaceText(uri, 5, SCRIPT);
    const actions = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.deepEqual(actions, []);
    const e = await client.waitForDiagnostics(uri, (ds) => msl101(ds).length === 3, seq);
    assert.equal(e.version, 5);
  });

  it('a script not on disk loses its diagnostics on close; one on disk falls back to the disk scan', async () => {
    let seq = client.seq;
    await client.close(uri);
    await client.waitForDiagnostics(uri, (ds) => ds.length === 0, seq);
    const onDisk = client.uri('train.py');
    await client.open(onDisk, 'import torch\n');
    seq = client.seq;
    await client.waitForDiagnostics(onDisk, (ds) => ds.length === 0);
    await client.close(onDisk);
    await client.waitForDiagnostics(onDisk, (ds) => msl101(ds).length === 1, seq);
  });

  it('counts open documents in the workspace summary', async () => {
    const seq = client.summaries.length;
    await client.open(uri, SCRIPT, 'python', 1);
    const s = await client.waitFor(() => client.summaries.slice(seq).find((x) => x.counts.high === 4), 'summary with 4 high');
    assert.equal(s.filesWithFindings, 2);
  });

  it('shuts down cleanly', async () => {
    assert.equal(await client.shutdown(), 0);
  });
});
