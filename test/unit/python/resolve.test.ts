// Name resolution and constant propagation, tested below the rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectModule } from '../../../server/src/core/python/collect';
import { loadPythonGrammar, parsePython } from '../../../server/src/core/python/parser';
import { Resolver } from '../../../server/src/core/python/resolve';
import { callParts } from '../../../server/src/core/python/scopes';
import { callArguments } from '../../../server/src/core/python/syntax';
import { LineIndex } from '../../../server/src/core/python/text';

interface CallView { callee: string; names: string[]; constants: Record<string, unknown> }

/** For every call: its callee as written, the names it may denote, and its keywords' constant values. */
async function calls(text: string): Promise<CallView[]> {
  const { tree } = parsePython(await loadPythonGrammar(), text);
  assert.ok(tree);
  try {
    const index = collectModule(tree);
    const r = new Resolver();
    return index.calls.map((site) => {
      const parts = callParts(site);
      assert.ok(parts);
      const { callee: fn, call: node } = parts;
      const scope = site.scope;
      const names = [...new Set(r.qualifiedNames(fn, scope).map((o) => (o.qualified ? `${o.qualified}${o.via === 'implicit' ? '?' : ''}` : '<local>')))].sort();
      const constants: Record<string, unknown> = {};
      for (const [k, kw] of callArguments(node).keywords) {
        const v = kw.childForFieldName('value');
        const c = v ? r.constant(v, scope) : undefined;
        constants[k] = c ? c.value : '<unknown>';
      }
      return { callee: fn.text, names, constants };
    });
  } finally {
    tree.delete();
  }
}

async function namesOf(text: string): Promise<string[][]> {
  return (await calls(text)).map((c) => c.names);
}

/** Names per callee text (the last call written that way wins). */
async function namesByCallee(text: string): Promise<Record<string, string[]>> {
  return Object.fromEntries((await calls(text)).map((c) => [c.callee, c.names]));
}

test('imports, aliases and dotted modules', async () => {
  assert.deepEqual(await namesOf([
    'import a.b.c', 'import a.b as ab', 'from a.b import c as C, d', 'from . import rel', 'from ..pkg import thing',
    'a.b.c.f()', 'ab.g()', 'C.h()', 'd()', 'rel.load()', 'thing()', 'print()',
  ].join('\n')), [['a.b.c.f'], ['a.b.g'], ['a.b.c.h'], ['a.b.d'], ['.rel.load'], ['..pkg.thing'], ['print?']]);
});

test('wildcard imports may bind any name', async () => {
    // `load?`: the wildcard may not define it, and then it would be a builtin or undefined.
  assert.deepEqual(await namesOf('from torch import *\nload(f)\nfrom json import load\nload(f)\n'), [['load?', 'torch.load'], ['json.load']]);
});

test('importlib.import_module and __import__', async () => {
  const byCallee = await namesByCallee([
    'import importlib', 'M = "torch.serialization"', 't = importlib.import_module(M)', 'u = __import__("torch.serialization")',
    't.load(f)', 'u.serialization.load(f)', 'importlib.import_module(name).load(f)',
  ].join('\n'));
  assert.deepEqual(byCallee['t.load'], ['torch.serialization.load']);
  assert.deepEqual(byCallee['u.serialization.load'], ['torch.serialization.load']);
  assert.deepEqual(byCallee['importlib.import_module(name).load'], ['<local>']);
});

test('walrus, chained assignment and value aliases', async () => {
  assert.deepEqual(await namesOf('import torch\nif (L := torch.load):\n    L(f)\na = b = torch.load\na(f)\nb(f)\n').then((n) => n.filter((x) => x[0] !== '<local>')),
    [['torch.load'], ['torch.load'], ['torch.load']]);
});

test('a walrus inside a comprehension binds in the enclosing function', async () => {
  const out = await namesOf('import torch\ndef f(xs):\n    [(g := torch.load) for x in xs]\n    return g(1)\n');
  assert.deepEqual(out.at(-1), ['torch.load']);
});

test('global and nonlocal redirect bindings', async () => {
  const text = [
    'import torch', 'import json', 'loader = torch.load',
    'def swap():', '    global loader', '    loader = json.load',
    'def use():', '    return loader(f)',
    'def outer():', '    fn = torch.load', '    def inner():', '        nonlocal fn', '        fn = json.load', '    inner()', '    return fn(f)',
  ].join('\n');
  const byCallee = await namesByCallee(text);
  assert.deepEqual(byCallee['loader'], ['json.load', 'torch.load']);
  assert.deepEqual(byCallee['fn'], ['json.load', 'torch.load']);
});

test('comprehensions in a class body do not see class variables', async () => {
  const text = 'import torch\nclass C:\n    torch = object()\n    xs = [torch.load(p) for p in ps]\n    y = torch.load(p)\n';
  assert.deepEqual(await namesOf(text), [['object?'], ['torch.load'], ['<local>']]);
});

test('an unbound local is not the global of the same name', async () => {
  assert.deepEqual(await namesOf('import torch\ndef f():\n    torch.load(p)\n    torch = None\n'), [[]]);
});

test('constants: literals, names, not, strings', async () => {
  const text = [
    'A = False', 'B = not A', 'S = "main"', 'R = r"a\\d"', 'E = "a\\n"', 'F = f"{S}"', 'N = 1_000', 'C = "ab" "cd"', 'X = S', 'P = (None)',
    'f(a=A, b=B, s=S, r=R, e=E, ff=F, n=N, c=C, x=X, p=P, lit=True, u=undefined_name, attr=cfg.flag)',
  ].join('\n');
  const [call] = await calls(text);
  assert.deepEqual(call.constants, {
    a: false, b: true, s: 'main', r: 'a\\d', e: '<unknown>', ff: '<unknown>', n: 1000, c: 'abcd', x: 'main', p: null,
    lit: true, u: '<unknown>', attr: '<unknown>',
  });
});

test('constants follow the binding that reaches the use', async () => {
  const text = 'V = 1\nf(v=V)\nV = 2\nf(v=V)\nif c:\n    V = 3\nf(v=V)\ndef g():\n    return f(v=V)\n';
  assert.deepEqual((await calls(text)).map((c) => c.constants.v), [1, 2, '<unknown>', '<unknown>']);
});

test('line index: LSP positions for \\n, \\r\\n and lone \\r', () => {
  const lines = new LineIndex('a\r\nbb\rc\nd');
  assert.equal(lines.lineCount, 4);
  assert.deepEqual(lines.position(3), { line: 1, character: 0 });
  assert.deepEqual(lines.position(6), { line: 2, character: 0 });
  assert.deepEqual(lines.position(9), { line: 3, character: 1 });
  assert.equal(lines.lineBreak(0), '\r\n');
  assert.equal(lines.lineBreak(1), '\r');
  assert.equal(lines.lineBreak(2), '\n');
  assert.equal(lines.lineBreak(3), '\r\n', 'the last line reuses the first break of the text');
});
