// Every fixture script is checked both ways against its caret comments: no missing finding,
// no extra one. Fixtures with fixes must match their `.fixed.py` twin once every fix is applied.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzePythonSource } from '../../../server/src/core/python/analyze';
import { key, parseExpectations } from './expectations';
import { applyAllFixes, asExpectations, readScript, SCRIPTS_DIR } from './helpers';

const fixtures = fs.readdirSync(SCRIPTS_DIR).filter((f) => f.endsWith('.py') && !f.endsWith('.fixed.py')).sort();

test('the fixture folder holds the expected scripts', () => {
  for (const name of ['aliases.py', 'weights_only.py', 'shadowing.py', 'contexts.py', 'not_torch.py', 'unicode.py', 'empty.py', 'syntax_error.py', 'fixes.py', 'implicit.py']) {
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

  test(`fixture ${name}: fixes apply cleanly and leave no fixable MSL101`, async () => {
    const text = readScript(name);
    const findings = await analyzePythonSource(text);
    const fixable = findings.filter((f) => f.fix);
    const twin = path.join(SCRIPTS_DIR, name.replace(/\.py$/, '.fixed.py'));
    if (fixable.length === 0) {
      assert.ok(!fs.existsSync(twin), `${name} has no fixes, so it should have no .fixed.py`);
      return;
    }
    assert.ok(fs.existsSync(twin), `${name} has fixes, so it needs ${path.basename(twin)} with the exact fixed text`);
    const fixed = applyAllFixes(text, findings);
    assert.equal(fixed, fs.readFileSync(twin, 'utf8'));
    const again = (await analyzePythonSource(fixed)).filter((f) => f.ruleId === 'MSL101');
    assert.deepEqual(again.filter((f) => f.fix).map((f) => f.evidence), []);
    assert.equal(again.length, findings.length - fixable.length, 'only the findings without a fix remain');
  });
}
