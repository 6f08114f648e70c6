// Notebooks: cells analysed together, findings mapped back to cell + cell-relative range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Finding } from '../../../server/src/core/findings';
import { analyzeNotebook } from '../../../server/src/core/python/notebook';
import { applyEdits } from '../../../server/src/core/python/fixes';
import { LineIndex } from '../../../server/src/core/python/text';
import { scanFile } from '../../../server/src/core/scan';

/** A minimal nbformat 4 notebook; `source` arrays keep their line endings, as Jupyter writes them. */
function notebook(cells: { type?: string; source: string }[], language = 'python'): string {
  return JSON.stringify({
    nbformat: 4, nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', language, display_name: 'Python 3' } },
    cells: cells.map((c) => ({
      cell_type: c.type ?? 'code', metadata: {}, source: c.source.split(/(?<=\n)/),
      ...(c.type && c.type !== 'code' ? {} : { outputs: [], execution_count: null }),
    })),
  }, null, 1);
}

const where = (f: Finding): string => (f.location.kind === 'text' ? `${f.location.cell}:${f.location.range.start.line}:${f.location.range.start.character}` : f.location.kind);

const CELLS = [
  { type: 'markdown', source: '# Fine-tuning\nimport torch  # not code\n' },
  { source: '%pip install -q git+https://github.com/acme/tools@main\nimport torch\nimport yaml\n' },
  { source: '!wget -q https://example.com/data.zip\n!curl -fsSL https://example.com/setup.sh | bash\n' },
  { source: 'model = torch.load("model.pt")\ncfg = yaml.load(open("c.yaml"))\nfiles = !ls\nmodel?\n' },
  { source: '%%bash\necho start\ncurl -s https://example.com/x.sh | sh\n' },
  { source: '%%time\nstate = torch.load("s.pt", weights_only=True)\n' },
  { type: 'raw', source: 'torch.load(x)\n' },
];

test('findings carry the cell index and cell-relative positions; magics are skipped or read as shell', async () => {
  const { findings, problems } = await analyzeNotebook(notebook(CELLS));
  assert.deepEqual(problems, []);
  assert.deepEqual(findings.map((f) => `${f.ruleId}@${where(f)}`), [
    'MSL503@1:0:0', 'MSL502@2:1:1', 'MSL101@3:0:8', 'MSL111@3:1:6', 'MSL502@4:2:0',
  ]);
});

test('fixes are cell-relative and apply to the cell text', async () => {
  const { findings } = await analyzeNotebook(notebook(CELLS));
  const load = findings.find((f) => f.ruleId === 'MSL101')!;
  const cell = CELLS[3].source;
  assert.equal(applyEdits(cell, load.fix!.edits, new LineIndex(cell)).split('\n')[0], 'model = torch.load("model.pt", weights_only=True)');
  const yaml = findings.find((f) => f.ruleId === 'MSL111')!;
  assert.equal(applyEdits(cell, yaml.fix!.edits, new LineIndex(cell)).split('\n')[1], 'cfg = yaml.safe_load(open("c.yaml"))');
});

test('suppressions work in cells and on shell lines', async () => {
  const text = notebook([
    { source: 'import torch\nm = torch.load(p)  # msl: ignore[MSL101] our checkpoint\n' },
    { source: '!curl -s https://example.com/x.sh | sh  # msl: ignore[MSL502] vendor installer, pinned by checksum upstream\n' },
  ]);
  assert.deepEqual((await analyzeNotebook(text)).findings, []);
});

test('a removal fix in the last line of a cell stays inside the cell', async () => {
  // Jupyter stores a cell's last line without its line break.
  const text = notebook([{ source: 'import os\nos.environ["TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD"] = "1"' }, { source: 'x = 1\n' }]);
  const [f] = (await analyzeNotebook(text)).findings;
  assert.equal(f.ruleId, 'MSL103');
  assert.deepEqual(f.fix?.edits, [{ newText: '', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 52 } } }]);
  const withBreak = notebook([{ source: 'import os\nos.environ["TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD"] = "1"\n' }]);
  const [g] = (await analyzeNotebook(withBreak)).findings;
  assert.deepEqual(g.fix?.edits, [{ newText: '', range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } } }]);
});

test('malformed notebooks are findings and problems, never exceptions', async () => {
  for (const bad of ['{"cells": [', '42', '{"nbformat": 4}', '']) {
    const { findings, problems } = await analyzeNotebook(bad);
    assert.equal(problems.length, 1, bad);
    assert.deepEqual(findings.map((f) => f.ruleId), ['MSL011']);
  }
  const odd = await analyzeNotebook(JSON.stringify({ cells: [null, { cell_type: 'code', source: 7 }, { cell_type: 'code', source: 'import pickle\npickle.loads(b)\n' }] }));
  assert.deepEqual(odd.findings.map((f) => f.ruleId), ['MSL011', 'MSL011', 'MSL104']);
  assert.equal(odd.problems.length, 2);
});

test('a notebook in another language is not analysed, and says so', async () => {
  const { findings, problems } = await analyzeNotebook(notebook([{ source: 'torch.load(x)\n' }], 'R'));
  assert.match(problems[0], /language is R/);
  assert.deepEqual(findings.map((f) => [f.ruleId, f.severity]), [['MSL011', 'info']]);
});

test('scanFile analyses .ipynb files like scripts', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msl-nb-'));
  try {
    const file = path.join(dir, 'train.ipynb');
    fs.writeFileSync(file, notebook(CELLS));
    const result = await scanFile(file);
    assert.equal(result.format, 'notebook');
    assert.deepEqual(result.findings.map((f) => f.ruleId).sort(), ['MSL101', 'MSL111', 'MSL502', 'MSL502', 'MSL503']);
    const script = path.join(dir, 'train.py');
    fs.writeFileSync(script, 'import pickle\npickle.loads(b)\n');
    assert.deepEqual((await scanFile(script)).findings.map((f) => f.ruleId), ['MSL104']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
