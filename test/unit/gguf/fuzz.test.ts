import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzGguf } from './fuzzCases';

test('GGUF fuzz: 2,400 generated and mutated files, no crash, only known rules', async () => {
  const stats = await fuzzGguf(2400, 1);
  assert.deepEqual(stats.failures.slice(0, 5), []);
  assert.equal(stats.cases, 2400);
  assert.ok(stats.findings > 1000, `the fuzzer reaches the checks (${stats.findings} findings)`);
});
