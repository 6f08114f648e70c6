import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzTensorflow } from './fuzzCases';

test('TensorFlow parsers and analyzers: 2,400 generated and mutated graphs', async () => {
  const r = await fuzzTensorflow(2400, 0x5eed02);
  assert.equal(r.cases, 2400);
  assert.deepEqual(r.failures.slice(0, 5), []);
  assert.ok(r.findings > 500, `findings ${r.findings}`);
});
