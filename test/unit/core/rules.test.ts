import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_RULES, ruleById } from '../../../server/src/core/rules/index';
import { renderRuleIndex, renderRulePage } from '../../../scripts/ruleDocs';

const FAMILY_DIGIT: Record<string, string> = {
  scanner: '0', 'code-deserialization': '1', 'code-provenance': '2', 'code-loaders': '3', 'code-transport': '4',
  'code-execution': '5', pickle: '6', 'model-format': '7', 'model-provenance': '8', probe: '9',
};

test('rule ids are unique, well-formed and match their family', () => {
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const r of ALL_RULES) {
    assert.match(r.id, /^MSL\d{3}$/, r.id);
    assert.equal(r.id[3], FAMILY_DIGIT[r.family], `${r.id} is in family ${r.family}`);
    assert.ok(!ids.has(r.id), `duplicate id ${r.id}`);
    assert.ok(!names.has(r.name), `duplicate name ${r.name}`);
    assert.match(r.name, /^[a-z0-9]+(-[a-z0-9]+)*$/, r.name);
    ids.add(r.id);
    names.add(r.name);
    assert.ok(r.why.length > 20 && r.why.trim().endsWith('.'), `${r.id}: why must be one full sentence`);
    assert.ok(r.description.length > 40, `${r.id}: description too short`);
    assert.equal(ruleById(r.id), r);
  }
});

test('docs/rules pages are generated from the current metadata', () => {
  const dir = path.join(__dirname, '..', '..', '..', 'docs', 'rules');
  for (const r of ALL_RULES) {
    const file = path.join(dir, `${r.id}.md`);
    assert.ok(fs.existsSync(file), `missing ${file}: run npm run docs`);
    assert.equal(fs.readFileSync(file, 'utf8'), renderRulePage(r), `${r.id}.md is stale: run npm run docs`);
  }
  assert.equal(fs.readFileSync(path.join(dir, 'README.md'), 'utf8'), renderRuleIndex(ALL_RULES));
  const pages = fs.readdirSync(dir).filter((f) => f !== 'README.md');
  assert.deepEqual(pages.sort(), ALL_RULES.map((r) => `${r.id}.md`).sort(), 'orphan pages in docs/rules');
});
