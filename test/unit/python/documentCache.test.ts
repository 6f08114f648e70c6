// Incremental re-analysis: the cached tree, edited and re-parsed, gives exactly what a fresh
// parse gives, and trees are freed when documents close.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePythonSource } from '../../../server/src/core/python/analyze';
import { editBetween, PythonDocumentCache } from '../../../server/src/core/python/documentCache';
import { generateLargeScript } from '../../fixtures/scripts/largeScript';

test('editBetween: one edit with tree-sitter rows and columns', () => {
  assert.deepEqual(editBetween('ab\ncd\nef', 'ab\ncXd\nef'), {
    startIndex: 4, oldEndIndex: 4, newEndIndex: 5,
    startPosition: { row: 1, column: 1 }, oldEndPosition: { row: 1, column: 1 }, newEndPosition: { row: 1, column: 2 },
  });
  const e = editBetween('x = 1\ny = 2\n', 'x = 1\n');
  assert.deepEqual([e.startIndex, e.oldEndIndex, e.newEndIndex], [6, 12, 6]);
  assert.deepEqual([e.oldEndPosition, e.newEndPosition], [{ row: 2, column: 0 }, { row: 1, column: 0 }]);
  const same = editBetween('aaa', 'aaaa');
  assert.deepEqual([same.startIndex, same.oldEndIndex, same.newEndIndex], [3, 3, 4]);
});

/** A deterministic pseudo-random sequence (no Math.random in tests). */
function* lcg(seed: number): Generator<number> {
  let s = seed;
  for (;;) {
    s = (s * 1103515245 + 12345) % 2147483648;
    yield s / 2147483648;
  }
}

test('incremental re-analysis equals a fresh analysis after many random edits', async () => {
  const base = [
    'import torch', 'import yaml as Y', 'from transformers import AutoModel', 'REV = "main"', '',
    'def f(p):', '    return torch.load(p)', '', 'm = AutoModel.from_pretrained("a/b", revision=REV)', 'c = Y.load(s)', '',
  ].join('\n');
  const cache = new PythonDocumentCache();
  const rnd = lcg(7);
  const pieces = ['x', ' ', '\n', '(', ')', 'torch.load(q)', '"', '#', 'é', 'weights_only=True', ',', 'def g():\n    ', '😀'];
  let text = base;
  try {
    for (let i = 0; i < 120; i++) {
      const at = Math.floor(rnd.next().value as number * (text.length + 1));
      const del = Math.floor(rnd.next().value as number * 3);
      const piece = (rnd.next().value as number) < 0.3 ? '' : pieces[Math.floor(rnd.next().value as number * pieces.length)];
      text = text.slice(0, at) + piece + text.slice(Math.min(text.length, at + del));
      const incremental = await cache.analyze('doc', text);
      const fresh = await analyzePythonSource(text);
      assert.deepEqual(incremental, fresh, `after edit ${i}: ${JSON.stringify(text)}`);
    }
    assert.equal(cache.size, 1);
  } finally {
    cache.dispose();
  }
  assert.equal(cache.size, 0);
});

test('a one-character edit in a large script re-analyses to the same findings', async () => {
  const { text, expected } = generateLargeScript(2000);
  const cache = new PythonDocumentCache();
  try {
    assert.equal((await cache.analyze('big', text)).length, expected.length);
    const at = text.indexOf('\n', text.length >> 1);
    const edited = `${text.slice(0, at)} ${text.slice(at)}`;
    assert.deepEqual(await cache.analyze('big', edited), await analyzePythonSource(edited));
    cache.close('big');
    assert.equal(cache.size, 0);
    cache.close('big'); // closing twice is harmless
  } finally {
    cache.dispose();
  }
});

test('edits inside bodies take the body path and still equal a fresh analysis', async () => {
  const base = [
    'import torch, yaml, pickle', 'from transformers import AutoModel', 'REV = "main"', 'SAFE = True', '',
    '@decorate(torch.load(p0))', 'def a(p):', '    x = torch.load(p)  # msl: ignore[MSL101] ours', '    return yaml.load(x)', '',
    'class B:', '    def m(self, q):', '        return pickle.loads(q)', '', '    w = AutoModel.from_pretrained("o/n", revision=REV)', '',
    'def c(p, weights_only=SAFE):', "    '''doc'''", '    return torch.load(p, weights_only=weights_only)', '',
    'def d():', '    global SAFE', '    SAFE = False', '',
    'torch.load(top)', '',
  ].join('\n');
  const cache = new PythonDocumentCache();
  const rnd = lcg(11);
  const statements = ['torch.load(z)', 'pickle.loads(1)', 'global SAFE', '# msl: ignore[MSL104] x', 'y = REV', 'return yaml.load(v, Loader=yaml.Loader)'];
  let text = base;
  let body = 0;
  try {
    await cache.analyze('d', text);
    for (let i = 0; i < 150; i++) {
      const lines = text.split('\n');
      const r = rnd.next().value as number;
      const li = Math.floor(rnd.next().value as number * lines.length);
      const line = lines[li];
      if (r < 0.5 && /^\s+\S/.test(line) && !line.trimEnd().endsWith(':')) {
        // A new statement after an indented line, at the same indentation.
        const indent = /^\s*/.exec(line)![0];
        lines.splice(li + 1, 0, indent + statements[Math.floor(rnd.next().value as number * statements.length)]);
      } else {
        // Change the first letter of an argument (a one-character edit that keeps the syntax).
        const letters = [...line].map((c, k) => (/[a-z]/.test(c) && line[k - 1] === '(' ? k : -1)).filter((k) => k >= 0);
        if (letters.length === 0) continue;
        const k = letters[Math.floor(rnd.next().value as number * letters.length)];
        lines[li] = line.slice(0, k) + 'q' + line.slice(k + 1);
      }
      text = lines.join('\n');
      const incremental = await cache.analyze('d', text);
      if (cache.lastPath === 'body') body++;
      assert.deepEqual(incremental, await analyzePythonSource(text), `after edit ${i} (${cache.lastPath}): ${JSON.stringify(text)}`);
    }
  } finally {
    cache.dispose();
  }
  assert.ok(body >= 8, `the body path was taken ${body} times`);
});
