import { test } from 'node:test';
import assert from 'node:assert/strict';
import picomatch from 'picomatch';
import { analyzeTemplate } from '../../../server/src/core/formats/chatTemplate/analyze';
import { scanBytes } from '../../../server/src/core/scan';
import { claimedFormat } from '../../../server/src/core/detect';
import { defaultInclude } from '../../../server/src/core/workspace/walk';
import { atLeast } from '../../../server/src/core/findings';
import { BENIGN_TEMPLATES, MALICIOUS_TEMPLATES } from '../../fixtures/chatTemplate/templates';

const text = (s: string) => Uint8Array.from(Buffer.from(s, 'utf8'));

for (const [name, template] of Object.entries(BENIGN_TEMPLATES)) {
  test(`benign template ${name}: parsed, nothing above info`, () => {
    const r = analyzeTemplate(template);
    assert.equal(r.parsed, true);
    assert.deepEqual(r.issues.filter((i) => atLeast(i.severity ?? i.rule.severity, 'low')).map((i) => i.message), []);
  });
}

for (const [name, m] of Object.entries(MALICIOUS_TEMPLATES)) {
  test(`malicious template ${name}: ${m.rule} ${m.severity}`, () => {
    const r = analyzeTemplate(m.template);
    const got = r.issues.map((i) => `${i.rule.id}:${i.severity ?? i.rule.severity}`);
    assert.ok(got.includes(`${m.rule}:${m.severity}`), got.join(' '));
  });
}

test('one payload chain gives one sandbox-escape finding with the chain as evidence', () => {
  const r = analyzeTemplate("{{ cycler.__init__.__globals__.os.popen('id').read() }}");
  assert.deepEqual(r.issues.map((i) => i.rule.id), ['MSL736']);
  assert.equal(r.issues[0]!.evidence, "cycler.__init__.__globals__.os.popen('id').read()");
  assert.match(r.issues[0]!.message, /__init__, __globals__/);
});

test('variables the template binds are not gadgets; loop helpers are normal', () => {
  assert.deepEqual(analyzeTemplate('{% set config = {"a": 1} %}{{ config.a }}{% for g in groups %}{{ g.name }}{% endfor %}').issues, []);
  assert.deepEqual(analyzeTemplate('{% for m in messages %}{{ loop.index }}{{ loop.cycle("a", "b") }}{% endfor %}').issues, []);
});

test('import/include statements are cut out so the rest is still analysed', () => {
  const r = analyzeTemplate("{% from 'x' import y %}{{ x.__class__ }}");
  assert.equal(r.parsed, true);
  assert.deepEqual(r.issues.map((i) => i.rule.id).sort(), ['MSL736', 'MSL738']);
});

test('deep nesting and oversized templates do not crash', () => {
  const deep = analyzeTemplate(`{{ ${'('.repeat(50_000)}1${')'.repeat(50_000)} }}`);
  assert.equal(deep.parsed, false);
  assert.ok(deep.issues.some((i) => i.rule.id === 'MSL739'));
  const huge = analyzeTemplate(`${'x'.repeat(1024 * 1024)}{{ a.__globals__ }}`);
  assert.deepEqual(huge.issues.map((i) => i.rule.id).sort(), ['MSL735', 'MSL736']);
});

test('files are recognised by name and picked up by the default include', () => {
  assert.equal(claimedFormat('models/x/tokenizer_config.json'), 'tokenizer-config');
  assert.equal(claimedFormat('chat_template.json'), 'tokenizer-config');
  assert.equal(claimedFormat('template.jinja'), 'chat-template');
  assert.equal(claimedFormat('config.json'), undefined);
  const include = picomatch(defaultInclude(), { dot: true, nocase: true });
  for (const f of ['m/tokenizer_config.json', 'chat_template.json', 'a/b/t.jinja', 'm.gguf', 'm.safetensors']) assert.ok(include(f), f);
  assert.equal(include('m/config.json'), false);
});

test('tokenizer_config.json: string and list forms, located by JSON pointer', async () => {
  const one = await scanBytes(text(JSON.stringify({ bos_token: '<s>', chat_template: '{{ x.__class__ }}' })), 'tokenizer_config.json');
  assert.equal(one.format, 'tokenizer-config');
  assert.deepEqual(one.findings.map((f) => [f.ruleId, f.location]), [['MSL736', { kind: 'pointer', pointer: '/chat_template' }]]);
  const list = await scanBytes(text(JSON.stringify({ chat_template: [{ name: 'default', template: BENIGN_TEMPLATES.chatml }, { name: 'tool_use', template: "{% include 'x' %}" }] })), 'tokenizer_config.json');
  assert.deepEqual(list.findings.map((f) => [f.ruleId, f.location]), [['MSL738', { kind: 'pointer', pointer: '/chat_template/1/template' }]]);
  assert.equal(list.summary.facts?.chatTemplates, 2);
});

test('a duplicated chat_template key is a parser differential', async () => {
  const raw = `{"chat_template": ${JSON.stringify(BENIGN_TEMPLATES.chatml)}, "chat_template": "{{ lipsum.__globals__.os }}"}`;
  const r = await scanBytes(text(raw), 'chat_template.json');
  assert.deepEqual(r.findings.map((f) => f.ruleId).sort(), ['MSL721', 'MSL736']);
});

test('invalid JSON is reported and its text still scanned', async () => {
  const r = await scanBytes(text('{"chat_template": "{{ x.__subclasses__() }}",}'), 'tokenizer_config.json');
  assert.deepEqual(r.findings.map((f) => `${f.ruleId}:${f.severity}`).sort(), ['MSL736:critical', 'MSL739:medium']);
});

test('.jinja files get line:column locations', async () => {
  const r = await scanBytes(text(`{% for m in messages %}\n  {{ m.content }}\n  {{ m.__class__ }}\n{% endfor %}`), 'chat.jinja');
  assert.equal(r.format, 'chat-template');
  assert.deepEqual(r.findings.map((f) => [f.ruleId, f.location]), [['MSL736', { kind: 'text', range: { start: { line: 2, character: 7 }, end: { line: 2, character: 7 } } }]]);
  const benign = await scanBytes(text(BENIGN_TEMPLATES.llama2!), 'llama2.jinja');
  assert.deepEqual(benign.findings, []);
});
