// Unit tests of the pull-request pieces: git's -z name-status parsing, shards, Markdown escaping
// and the size cap, baseline parsing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNameStatus } from '../../server/src/cli/git';
import { parseShard, shardOf } from '../../server/src/cli/shard';
import { capMarkdown, mdCell, mdCode } from '../../server/src/cli/formatters/markdownPr';
import { parseBaseline } from '../../server/src/cli/baseline';

test('git -z name-status: renames carry the old path; spaces, newlines and unicode pass through', () => {
  const out = Buffer.from('A\0new file.pkl\0R087\0old\nname.pt\0nouveau modèle.pt\0D\0gone.pkl\0M\0a/b.py\0C100\0src.py\0copy.py\0', 'utf8');
  assert.deepEqual(parseNameStatus(out), [
    { status: 'added', path: 'new file.pkl' },
    { status: 'renamed', path: 'nouveau modèle.pt', from: 'old\nname.pt' },
    { status: 'deleted', path: 'gone.pkl' },
    { status: 'modified', path: 'a/b.py' },
    { status: 'copied', path: 'copy.py', from: 'src.py' },
  ]);
  assert.deepEqual(parseNameStatus(Buffer.alloc(0)), []);
});

test('shards: parsing, stable assignment by relative path, roughly even', () => {
  assert.deepEqual(parseShard('2/8'), { index: 2, count: 8 });
  for (const bad of ['0/3', '4/3', '1/0', 'a/b', '1', '1/3/4']) assert.equal(parseShard(bad), undefined, bad);
  assert.equal(shardOf('models/a.pt', 7), shardOf('./models/a.pt', 7));
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < 4000; i++) counts[shardOf(`dir${i % 37}/file${i}.pkl`, 4) - 1]!++;
  for (const c of counts) assert.ok(c > 850 && c < 1150, `balanced: ${counts.join(',')}`);
  assert.equal(shardOf('models/a.pt', 1), 1);
});

test('Markdown escaping: pipes, backticks and HTML cannot break the table or inject markup', () => {
  assert.equal(mdCell('a|b <img src=x> `c` *d*'), 'a\\|b \\<img src=x\\> \\`c\\` \\*d\\*');
  assert.equal(mdCell('line1\n  line2'), 'line1 line2');
  assert.equal(mdCode('a`b'), '``a`b``');
  assert.equal(mdCode('`x`'), '`` `x` ``');
  assert.equal(mdCode('p|q'), '`p\\|q`');
});

test('Markdown size cap: cut at a line, open fences and <details> closed, note added', () => {
  const doc = ['# t', '<details><summary>s</summary>', '', '```text', ...Array.from({ length: 5000 }, (_, i) => `line ${i} ${'x'.repeat(20)}`), '```', '</details>'].join('\n');
  const cut = capMarkdown(doc, 10_000);
  assert.ok(cut.length <= 10_000, String(cut.length));
  assert.match(cut, /\n```\n\n<\/details>\n\n> \[!NOTE\]\n> This summary was cut/);
  assert.equal(capMarkdown('short', 10_000), 'short');
});

test('baseline parsing: entries need a fingerprint, rule and path; justification defaults to empty', () => {
  const fp = 'a'.repeat(64);
  const ok = parseBaseline(JSON.stringify({ version: 1, findings: [{ fingerprint: fp, ruleId: 'MSL601', path: 'a.pkl' }] }), 'b.json');
  assert.deepEqual(ok.baseline?.findings, [{ fingerprint: fp, ruleId: 'MSL601', path: 'a.pkl', title: 'MSL601', justification: '' }]);
  assert.deepEqual(parseBaseline('{', 'b.json').problems.length, 1);
  assert.match(parseBaseline(JSON.stringify({ version: 2, findings: [] }), 'b.json').problems[0]!, /unsupported "version" 2/);
});
