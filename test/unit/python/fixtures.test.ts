// Every fixture script is checked both ways against its caret comments: no missing finding,
// no extra one. Fixtures with fixes must match their `.fixed.py` twin once every fix is applied.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzePythonSource } from '../../../server/src/core/python/analyze';
import { key, parseExpectations } from './expectations';
import { applyAllFixes, asExpectations, readScript, SCRIPTS_DIR } from './helpers';

/** Findings that may appear only once a fix is applied (removing `trust_remote_code` lets MSL202 speak). */
const REVEALED_BY_FIXES = new Set(['MSL202']);

const fixtures = fs.readdirSync(SCRIPTS_DIR).filter((f) => f.endsWith('.py') && !f.endsWith('.fixed.py')).sort();

test('the fixture folder holds the expected scripts', () => {
  for (const name of [
    'aliases.py', 'weights_only.py', 'shadowing.py', 'contexts.py', 'not_torch.py', 'unicode.py', 'empty.py', 'syntax_error.py', 'fixes.py', 'implicit.py',
    'deserialization.py', 'yaml_loads.py', 'environment.py', 'provenance.py', 'loaders.py', 'transport.py', 'execution.py', 'remove_keyword.py',
    'safe_code.py', 'suppressions.py', 'realistic_hf_trainer.py', 'realistic_accelerate.py', 'realistic_diffusers.py', 'realistic_lightning.py',
    'realistic_keras.py',
  ]) {
    assert.ok(fixtures.includes(name), name);
  }
});

for (const name of fixtures) {
  test(`fixture ${name}: findings match the caret comments`, async () => {
    const text = readScript(name);
    const expected = parseExpectations(text);
    const findings = await analyzePythonSource(text);
    const pinned = new Set(expected.filter((e) => e.confidence).map((e) => `${e.line}:${e.character}`));
    const actual = asExpectations(findings, (e) => pinned.has(`${e.line}:${e.character}`)).map(key).sort();
    assert.deepEqual(actual, expected.map(key).sort());
  });

  test(`fixture ${name}: fixes apply cleanly and leave nothing fixable`, async () => {
    const text = readScript(name);
    const findings = await analyzePythonSource(text);
    const fixable = findings.filter((f) => f.fix);
    const twin = path.join(SCRIPTS_DIR, name.replace(/\.py$/, '.fixed.py'));
    if (fixable.length === 0) {
      assert.ok(!fs.existsSync(twin), `${name} has no fixes, so it should have no .fixed.py`);
      return;
    }
    assert.ok(fs.existsSync(twin), `${name} has fixes, so it needs ${path.basename(twin)} with the exact fixed text`);
    const fixed = await applyAllFixes(text);
    assert.equal(fixed, fs.readFileSync(twin, 'utf8'));
    const again = await analyzePythonSource(fixed);
    assert.deepEqual(again.filter((f) => f.fix).map((f) => f.evidence), []);
    // What had no fix is still reported, and fixing revealed nothing but the expected rules.
    const before = findings.filter((f) => !f.fix).map((f) => `${f.ruleId} ${f.evidence}`).sort();
    const after = again.map((f) => `${f.ruleId} ${f.evidence}`).sort();
    for (const b of before) assert.ok(after.includes(b), `${b} is still reported after the fixes`);
    const extra = again.filter((f) => !before.includes(`${f.ruleId} ${f.evidence}`));
    assert.deepEqual(extra.filter((f) => !REVEALED_BY_FIXES.has(f.ruleId)).map((f) => f.ruleId), []);
  });
}
