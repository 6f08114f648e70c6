// Genuine pickles (written by CPython itself) and benign fixtures scan clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pythonPickle } from '../../fixtures/pickle/python';
import { pickle } from '../../fixtures/pickle/writer';
import { aboveLow, analyzePickleBytes, importsOf } from './helpers';

const VALUE = "{'a': [1, -2, 2**40, 10**30, -10**30, 2.5, 1.0, None, True, False], 's': 'text \\u00e9\\u4e2d \\ud800', 'b': b'\\x00\\xff', " +
  "'t': (1, (2, 3)), 'set': {1, 2}, 'fs': frozenset([3]), 'ba': bytearray(b'z'), 'c': complex(1, 2), 'nested': [[[]]], 'e': {}, " +
  "'od': collections.OrderedDict(x=1), 'dd': collections.defaultdict(list), 'r': range(3), 'sl': slice(1, 2), 'big': 'x' * 70000}";

for (const protocol of [0, 1, 2, 3, 4, 5]) {
  test(`CPython protocol ${protocol} pickle of builtins scans clean`, async () => {
    const bytes = pythonPickle(VALUE, protocol, 'import collections');
    const s = await analyzePickleBytes(bytes);
    assert.deepEqual(s.findings, [], JSON.stringify(s.findings.map((f) => f.evidence)));
    assert.equal(s.summary.pickles?.length, 1);
    assert.equal(s.summary.pickles?.[0]?.complete, true);
    assert.equal(s.summary.pickles?.[0]?.protocol, protocol >= 2 ? protocol : -1);
    for (const i of s.summary.pickles![0]!.imports) assert.equal(i.verdict, 'allowed', `${i.module}.${i.name}`);
  });
}

test('CPython pickle of a recursive structure and shared references scans clean', async () => {
  const bytes = pythonPickle('v', 4, 'l = [1]; l.append(l); t = (l, l); v = [t, t, {"k": t}]');
  assert.deepEqual((await analyzePickleBytes(bytes)).findings, []);
});

test('NumPy arrays pickled by CPython (protocols 2 and 5) scan clean', async () => {
  for (const protocol of [2, 5]) {
    const bytes = pythonPickle("[numpy.arange(6, dtype='f4').reshape(2, 3), numpy.float64(1.5), numpy.dtype('U5'), numpy.array(['a', None], dtype=object)]", protocol, 'import numpy');
    const s = await analyzePickleBytes(bytes);
    assert.deepEqual(aboveLow(s), [], `protocol ${protocol}: ${JSON.stringify(s.findings.map((f) => f.evidence))}`);
  }
});

test('an OrderedDict of torch rebuild calls (a state dict) raises nothing above low', async () => {
  const bytes = pickle((w) => {
    w.proto(2).global('collections', 'OrderedDict').emptyTuple().reduce().binput(0).mark();
    for (const key of ['conv.weight', 'conv.bias']) {
      w.str(key).global('torch._utils', '_rebuild_tensor_v2').mark();
      w.mark().str('storage').global('torch', 'FloatStorage').str('0').str('cpu').binint1(4).tuple().binpersid();
      w.binint1(0).value({ tuple: [2, 2] }).value({ tuple: [2, 1] }).bool(false).global('collections', 'OrderedDict').emptyTuple().reduce();
      w.tuple().reduce();
    }
    w.setitems().stop();
  });
  const s = await analyzePickleBytes(bytes);
  assert.deepEqual(aboveLow(s), []);
  assert.deepEqual(importsOf(s), ['collections.OrderedDict', 'torch._utils._rebuild_tensor_v2', 'torch.FloatStorage']);
});

test('plain dict / list / numbers written by our assembler scan clean', async () => {
  const s = await analyzePickleBytes(pickle((w) => w.proto(4).value({ dict: [['a', [1, 2.5, null, true, 'x', { tuple: [1n << 70n] }]]] }).stop()));
  assert.deepEqual(s.findings, []);
});
