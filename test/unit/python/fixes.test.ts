// The MSL101 quick fix on its own: exact text after applying it, and messages / no-fix cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePythonSource } from '../../../server/src/core/python/analyze';
import { applyFixesOnce } from './helpers';

async function fixOnce(text: string): Promise<string> {
  const findings = await analyzePythonSource(text);
  assert.equal(findings.length, 1, `one finding expected, got ${findings.map((f) => f.message).join(' | ')}`);
  assert.ok(findings[0].fix, 'the finding carries a fix');
  const fixed = applyFixesOnce(text, findings);
  assert.deepEqual((await analyzePythonSource(fixed)).map((f) => f.ruleId), []);
  return fixed;
}

const cases: [string, string, string][] = [
  ['no arguments', 'import torch\ntorch.load()\n', 'import torch\ntorch.load(weights_only=True)\n'],
  ['one argument', 'import torch\ntorch.load(f)\n', 'import torch\ntorch.load(f, weights_only=True)\n'],
  ['trailing comma', 'import torch\ntorch.load(f,)\n', 'import torch\ntorch.load(f, weights_only=True)\n'],
  ['flip False', 'import torch\ntorch.load(f, weights_only=False, mmap=True)\n', 'import torch\ntorch.load(f, weights_only=True, mmap=True)\n'],
  ['flip in parentheses', 'import torch\ntorch.load(f, weights_only=(False))\n', 'import torch\ntorch.load(f, weights_only=True)\n'],
  ['CRLF multi-line', 'import torch\r\nx = torch.load(\r\n    f,\r\n    map_location="cpu",\r\n)\r\n',
    'import torch\r\nx = torch.load(\r\n    f,\r\n    map_location="cpu",\r\n    weights_only=True,\r\n)\r\n'],
  ['no newline at end of file', 'import torch\nx = torch.load(\n    f\n)', 'import torch\nx = torch.load(\n    f,\n    weights_only=True\n)'],
  ['comment between the last argument and its comma', 'import torch\nx = torch.load(\n    f  # path\n    ,\n)\n',
    'import torch\nx = torch.load(\n    f  # path\n    ,\n    weights_only=True,\n)\n'],
  ['line continuation', 'import torch\nx = torch.load(f, \\\n  map_location="cpu")\n', 'import torch\nx = torch.load(f, \\\n  map_location="cpu", weights_only=True)\n'],
  ['non-ASCII before the call', 'import torch\nnom = "é😀"; x = torch.load(nom)\n', 'import torch\nnom = "é😀"; x = torch.load(nom, weights_only=True)\n'],
];

for (const [name, input, output] of cases) {
  test(`fix: ${name}`, async () => {
    assert.equal(await fixOnce(input), output);
  });
}

test('the fix edit is an insertion at the end of the last argument', async () => {
  const [f] = await analyzePythonSource('import torch\nm = torch.load(p)\n');
  assert.deepEqual(f.fix, {
    title: 'Add weights_only=True',
    edits: [{ range: { start: { line: 1, character: 16 }, end: { line: 1, character: 16 } }, newText: ', weights_only=True' }],
  });
  assert.deepEqual(f.location, { kind: 'text', range: { start: { line: 1, character: 4 }, end: { line: 1, character: 17 } } });
  assert.equal(f.evidence, 'torch.load(p)');
  assert.equal(f.severity, 'high');
  assert.equal(f.title, '`torch.load` without `weights_only=True`');
});

test('messages name the callee as written and as resolved', async () => {
  const [a, b] = await analyzePythonSource('import torch as T\nT.load(p)\ntorch_load = T.load\ntorch_load(p, weights_only=False)\n');
  assert.equal(a.message, '`T.load` (torch.load) is called without `weights_only=True`, so the file is unpickled and can run code (the default before PyTorch 2.6).');
  assert.equal(b.message, '`torch_load` (torch.load) is called with `weights_only=False` (unrestricted unpickling), so the file can run code when loaded.');
  assert.equal(b.fix?.title, 'Change weights_only=False to True');
});

test('no fix with **kwargs, and the message says why', async () => {
  const [f] = await analyzePythonSource('import torch\ndef g(p, **kw):\n    return torch.load(p, **kw)\n');
  assert.equal(f.confidence, 'low');
  assert.equal(f.fix, undefined);
  assert.match(f.message, /No automatic fix: adding the keyword would raise TypeError/);
});

test('no fix for a constant: the message points at its line', async () => {
  const [f] = await analyzePythonSource('import torch\n\nTRUST = False\ntorch.load(p, weights_only=TRUST)\n');
  assert.equal(f.fix, undefined);
  assert.equal(f.message, '`torch.load` is called with `weights_only=TRUST`, which is False (set on line 3), so the file is unpickled and can run code.');
});

test('no "add" fix when the callee may be another function', async () => {
  const text = 'import os\nif os.name == "nt":\n    from torch import load\nelse:\n    def load(p):\n        return p\nload(p)\n';
  const [f] = await analyzePythonSource(text);
  assert.equal(f.confidence, 'medium');
  assert.equal(f.fix, undefined);
  assert.match(f.message, /No automatic fix: `load` may also name something else here\./);
});

test('a generator argument is flagged without a fix', async () => {
  const [f] = await analyzePythonSource('import torch\ntorch.load(x for x in y)\n');
  assert.equal(f.ruleId, 'MSL101');
  assert.equal(f.fix, undefined);
});

test('evidence is one line of at most 200 characters', async () => {
  const long = 'x'.repeat(300);
  const [f] = await analyzePythonSource(`import torch\ntorch.load(\n    "${long}",\n)\n`);
  assert.equal(f.evidence?.length, 200);
  assert.ok(f.evidence?.startsWith('torch.load( "xxx'));
  assert.ok(f.evidence?.endsWith('…'));
});
