import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzChatTemplate } from './fuzzCases';

test('chat template fuzz: 2,400 token soups and mutations (+480 file scans), no crash, only known rules', async () => {
  const stats = await fuzzChatTemplate(2400, 1);
  assert.deepEqual(stats.failures.slice(0, 5), []);
  assert.equal(stats.cases, 2400 + 240 + 240);
  assert.ok(stats.findings > 500, `the fuzzer reaches the checks (${stats.findings} findings)`);
});
