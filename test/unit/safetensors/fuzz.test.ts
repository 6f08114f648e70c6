import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzSafetensors } from './fuzzCases';

test('safetensors fuzz: 2,400 generated and mutated files, no crash, only known rules', async () => {
  const stats = await fuzzSafetensors(2400, 1);
  assert.deepEqual(stats.failures.slice(0, 5), []);
  assert.equal(stats.cases, 2400);
  assert.ok(stats.findings > 1000, `the fuzzer reaches the checks (${stats.findings} findings)`);
});
