// Loading the grammar once, and analysis that never throws on hostile or broken input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePythonSource } from '../../../server/src/core/python/analyze';
import { loadPythonGrammar, parsePython } from '../../../server/src/core/python/parser';

test('concurrent first calls share one parser', async () => {
  const [a, b, c] = await Promise.all([loadPythonGrammar(), loadPythonGrammar(), loadPythonGrammar()]);
  assert.equal(a, b);
  assert.equal(b, c);
  assert.equal(await loadPythonGrammar(), a);
});

test('the parser reports UTF-16 offsets, which positions rely on', async () => {
  const grammar = await loadPythonGrammar();
  const text = 'é😀 = 1; f(x)\n';
  const { tree } = parsePython(grammar, text);
  assert.ok(tree);
  try {
    const call = tree.rootNode.descendantsOfType('call')[0];
    assert.equal(call?.startIndex, text.indexOf('f(x)'));
    assert.equal(call?.startIndex, 9);
  } finally {
    tree.delete();
  }
});

test('parsing stops at the deadline and analysis reports MSL001', async () => {
  const grammar = await loadPythonGrammar();
  const text = 'x = [\n' + '  (1, 2, 3),\n'.repeat(200_000) + ']\n';
  const outcome = parsePython(grammar, text, Date.now() - 1);
  assert.equal(outcome.tree, null);
  assert.equal(outcome.timedOut, true);
  const findings = await analyzePythonSource(text, { maxWallTimeMs: -1 });
  assert.deepEqual(findings.map((f) => [f.ruleId, f.location.kind, f.evidence]), [['MSL001', 'file', 'maxWallTimeMs=-1']]);
  // The shared parser is still usable afterwards.
  assert.equal((await analyzePythonSource('import torch\ntorch.load(f)\n')).length, 1);
});

const hostile: [string, string, number][] = [
  ['empty', '', 0],
  ['only whitespace and comments', '\n\n   # torch.load(f)\n\t\n', 0],
  ['a byte order mark', '\uFEFFimport torch\ntorch.load(f)\n', 1],
  ['NUL bytes and junk', 'import torch\n\u0000\u0001\u00ff(((\ntorch.load(f)\n', 1],
  ['an unclosed bracket after the call', 'import torch\nx = torch.load(f)\ny = [1, 2\n', 1],
  // tree-sitter recovers this one as an ERROR node without a call in it: nothing to report yet.
  ['an unclosed call', 'import torch\nx = torch.load(f\ny = [1, 2\n', 0],
  ['deeply nested parentheses', 'import torch\nx = ' + '('.repeat(20_000) + 'torch.load(f)' + ')'.repeat(20_000) + '\n', 1],
  ['deeply nested assignment target', 'import torch\n' + '('.repeat(20_000) + 'a' + ',)'.repeat(20_000) + ' = 1\ntorch.load(f)\n', 1],
  ['deeply nested weights_only value', 'import torch\ntorch.load(f, weights_only=' + '('.repeat(20_000) + 'False' + ')'.repeat(20_000) + ')\n', 1],
  ['a long alias chain', 'import torch\na0 = torch.load\n' + Array.from({ length: 3000 }, (_, i) => `a${i + 1} = a${i}`).join('\n') + '\na3000(f)\n', 0],
  ['lone carriage returns', 'import torch\rx = 1\rtorch.load(f)\r', 1],
  ['Python 2 syntax', 'import torch\nprint "hello"\nexec "x = 1"\ntorch.load(f)\n', 1],
];

for (const [name, text, count] of hostile) {
  test(`never throws: ${name}`, async () => {
    const findings = await analyzePythonSource(text);
    assert.equal(findings.filter((f) => f.ruleId === 'MSL101').length, count);
  });
}

test('a lone \\r is a line break for positions, as in LSP', async () => {
  const [f] = await analyzePythonSource('import torch\rx = 1\r  torch.load(f)\r');
  assert.deepEqual(f.location, { kind: 'text', range: { start: { line: 2, character: 2 }, end: { line: 2, character: 15 } } });
});
