// source.fixAll.msl: non-overlapping, document-ordered, stable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFinding, type Finding, type TextEdit } from '../../../server/src/core/findings';
import { analyzePythonSource } from '../../../server/src/core/python/analyze';
import { fixAllEdits } from '../../../server/src/core/python/fixAll';
import { TORCH_LOAD_WITHOUT_WEIGHTS_ONLY } from '../../../server/src/core/rules/codeDeserialization';

const edit = (line: number, from: number, to: number, newText = ''): TextEdit => ({ range: { start: { line, character: from }, end: { line, character: to } }, newText });
const finding = (edits: TextEdit[]): Finding => createFinding(TORCH_LOAD_WITHOUT_WEIGHTS_ONLY, {
  message: 'm', location: { kind: 'text', range: edits[0].range }, fix: { title: 't', edits },
});

test('overlapping fixes: the first in document order wins, touching ones both apply', () => {
  const a = finding([edit(1, 5, 10)]);
  const b = finding([edit(1, 8, 12)]);
  const c = finding([edit(1, 12, 14)]);
  const d = finding([edit(0, 3, 3, 'x')]);
  assert.deepEqual(fixAllEdits([c, b, a, d]), [edit(0, 3, 3, 'x'), edit(1, 5, 10), edit(1, 12, 14)]);
  assert.deepEqual(fixAllEdits([a, b, c, d]), fixAllEdits([d, c, b, a]), 'stable whatever the input order');
});

test('two insertions at the same point are not both taken', () => {
  assert.deepEqual(fixAllEdits([finding([edit(2, 4, 4, 'a')]), finding([edit(2, 4, 4, 'b')])]), [edit(2, 4, 4, 'a')]);
});

test('a real document: every MSL fix in one batch', async () => {
  const text = 'import torch, yaml, requests\nm = torch.load(p)\nc = yaml.load(s)\nr = requests.get(u, verify=False)\nimport pickle\npickle.loads(b)\n';
  const edits = fixAllEdits(await analyzePythonSource(text));
  assert.equal(edits.length, 3);
});
