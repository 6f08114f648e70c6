import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzOnnx } from './fuzzCases';

test('ONNX parser and analyzer: 2,400 generated and mutated models', async () => {
  const r = await fuzzOnnx(2400, 0x5eed01);
  assert.equal(r.cases, 2400);
  assert.deepEqual(r.failures.slice(0, 5), []);
  assert.ok(r.findings > 500, `findings ${r.findings}`); // the generator does reach the checks
});
