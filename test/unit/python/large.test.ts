// A 5,000-line generated training script: every expected finding, nothing else (no timing here:
// speed is measured by test/bench/python.bench.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePythonSource } from '../../../server/src/core/python/analyze';
import { generateLargeScript } from '../../fixtures/scripts/largeScript';
import { applyFixesOnce, start } from './helpers';

test('a 5,000-line script: all findings at the expected places', async () => {
  const { text, expected } = generateLargeScript(5000);
  assert.ok(text.split('\n').length >= 5000);
  const findings = await analyzePythonSource(text);
  assert.ok(expected.length > 300, `the generator plants many calls (${expected.length})`);
  assert.deepEqual(findings.map(start), expected);
  assert.deepEqual([...new Set(findings.map((f) => f.ruleId))], ['MSL101']);
});

test('a 5,000-line script: after every fix only the constant-driven calls remain', async () => {
  const { text } = generateLargeScript(5000);
  const findings = await analyzePythonSource(text);
  const unfixable = findings.filter((f) => !f.fix);
  assert.ok(unfixable.length > 0 && unfixable.every((f) => f.evidence === 'T.load(path, weights_only=UNSAFE)'));
  const again = await analyzePythonSource(applyFixesOnce(text, findings));
  assert.deepEqual(again.map((f) => f.evidence), unfixable.map((f) => f.evidence));
});
