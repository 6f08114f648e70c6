// Every script rule has complete metadata and at least one positive case among the fixtures;
// the realistic scripts written from common framework patterns produce no high finding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { analyzePythonSource } from '../../../server/src/core/python/analyze';
import { ALL_RULES } from '../../../server/src/core/rules/index';
import { atLeast } from '../../../server/src/core/findings';
import { parseExpectations } from './expectations';
import { readScript, SCRIPTS_DIR } from './helpers';

const CODE_FAMILIES = new Set(['code-deserialization', 'code-provenance', 'code-loaders', 'code-transport', 'code-execution']);
const codeRules = ALL_RULES.filter((r) => CODE_FAMILIES.has(r.family));
const scripts = fs.readdirSync(SCRIPTS_DIR).filter((f) => f.endsWith('.py') && !f.endsWith('.fixed.py'));

test('the five code families hold the full rule set', () => {
  const ids = codeRules.map((r) => r.id);
  assert.deepEqual(ids.filter((id) => id.startsWith('MSL1')), ['MSL101', 'MSL102', 'MSL103', 'MSL104', 'MSL105', 'MSL106', 'MSL107', 'MSL108', 'MSL109', 'MSL110', 'MSL111', 'MSL112', 'MSL113']);
  assert.equal(ids.filter((id) => id.startsWith('MSL2')).length, 9);
  assert.equal(ids.filter((id) => id.startsWith('MSL3')).length, 11);
  assert.equal(ids.filter((id) => id.startsWith('MSL4')).length, 3);
  assert.equal(ids.filter((id) => id.startsWith('MSL5')).length, 4);
});

test('script rules: complete metadata, ids match their family digit', () => {
  const digit: Record<string, string> = { 'code-deserialization': '1', 'code-provenance': '2', 'code-loaders': '3', 'code-transport': '4', 'code-execution': '5' };
  for (const r of codeRules) {
    assert.match(r.id, new RegExp(`^MSL${digit[r.family]}\\d\\d$`), r.id);
    assert.match(r.name, /^[a-z0-9]+(-[a-z0-9]+)*$/, r.id);
    assert.ok(r.title.length > 5 && r.description.length > 40, r.id);
    assert.match(r.why, /^[^\n]+\.$/, `${r.id}: why is one sentence ending with a period`);
    assert.equal(r.why.split(/\.\s+[A-Z]/).length, 1, `${r.id}: why is a single sentence`);
    assert.ok(r.safeAlternative && r.safeAlternative.length > 10, `${r.id}: safe alternative`);
    for (const ref of r.references ?? []) assert.match(ref, /^https:\/\//, r.id);
  }
});

test('every script rule has a positive case in the caret fixtures', () => {
  const expected = new Set(scripts.flatMap((name) => parseExpectations(readScript(name)).map((e) => e.ruleId)));
  const missing = codeRules.map((r) => r.id).filter((id) => !expected.has(id));
  assert.deepEqual(missing, []);
  for (const id of ['MSL009', 'MSL010']) assert.ok(expected.has(id), id);
});

for (const name of scripts.filter((s) => s.startsWith('realistic_') || s === 'safe_code.py')) {
  test(`${name}: safe framework code gets no high or critical finding`, async () => {
    const findings = await analyzePythonSource(readScript(name));
    assert.deepEqual(findings.filter((f) => atLeast(f.severity, 'high')).map((f) => `${f.ruleId} ${f.evidence}`), []);
    if (name === 'safe_code.py') assert.deepEqual(findings.map((f) => f.ruleId), []);
  });
}
