// String literals that may name local files, for the model-path code lenses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPythonGrammar, parsePython } from '../../../server/src/core/python/parser';
import { pathLiterals } from '../../../server/src/core/python/pathLiterals';

async function literals(text: string): Promise<string[]> {
  const { tree } = parsePython(await loadPythonGrammar(), text);
  try {
    return pathLiterals(tree!, text).map((l) => `${l.range.start.line}:${l.range.start.character}-${l.range.end.character} ${l.value}${l.callee ? ` <${l.callee}>` : ''}`);
  } finally {
    tree!.delete();
  }
}

test('call arguments (positional and keyword) and assigned constants, with the callee', async () => {
  const text = [
    'CKPT = "models/x.pt"',
    'm = torch.load("a/b.pt", map_location="cpu")',
    'f(g("inner.npy"), "outer.pkl")',
    'M.from_pretrained(pretrained_model_name_or_path=\'./local\')',
    "w = r'C:\\models\\w.bin'",
  ].join('\n');
  assert.deepEqual(await literals(text), [
    '0:7-20 models/x.pt',
    '1:15-23 a/b.pt <load>',
    '1:38-43 cpu <load>',
    '2:4-15 inner.npy <g>',
    '2:18-29 outer.pkl <f>',
    '3:48-57 ./local <from_pretrained>',
    '4:4-22 C:\\models\\w.bin',
  ]);
});

test('no interpolation, escapes, bytes, URLs, docstrings or comments', async () => {
  const text = [
    'a = f"{name}.pt"', 'b = b"x.pt"', 'c = "dir\\\\x.pt"', 'd = torch.load("https://host/m.pt")',
    '"""models/doc.pt"""', '# torch.load("c.pt")', 'e = "x.pt" "y.pt"', 'g = torch.load("")',
  ].join('\n');
  assert.deepEqual(await literals(text), []);
});

test('unicode before a literal: columns in UTF-16 code units', async () => {
  assert.deepEqual(await literals('m = load("模型/ü.pt")  # 😀\nn = load("😀.pt")'), ['0:9-18 模型/ü.pt <load>', '1:9-16 😀.pt <load>']);
});
