// `# msl: ignore[...]` directives and the project's severity overrides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePythonSource } from '../../../server/src/core/python/analyze';
import { parseDirective } from '../../../server/src/core/python/suppressions';
import { applySeverityOverrides, parseProjectConfig } from '../../../server/src/core/config';

test('directives: ids, rule names, separators and reasons', () => {
  assert.deepEqual(parseDirective('# msl: ignore[MSL101] produced by our trainer'), { ids: ['MSL101'], reason: 'produced by our trainer' });
  assert.deepEqual(parseDirective('#msl:ignore[msl101,MSL203]  -- reviewed'), { ids: ['MSL101', 'MSL203'], reason: 'reviewed' });
  assert.deepEqual(parseDirective('# MSL: ignore[trust-remote-code]: pinned'), { ids: ['MSL201'], reason: 'pinned' });
  assert.deepEqual(parseDirective('# msl: ignore'), { ids: [], reason: '' });
  assert.equal(parseDirective('# msl: enable something'), undefined);
  assert.equal(parseDirective('# ^^^ MSL101'), undefined);
});

test('a suppression with a reason silences exactly the named rule on its line', async () => {
  const text = 'import pickle, torch\nx = pickle.loads(b); y = torch.load(f)  # msl: ignore[MSL104] cache written by this job\n';
  const findings = await analyzePythonSource(text);
  assert.deepEqual(findings.map((f) => f.ruleId), ['MSL101']);
});

test('without a reason: still silences, and MSL009 says so (low)', async () => {
  const findings = await analyzePythonSource('import pickle\nx = pickle.loads(b)  # msl: ignore[MSL104]\n');
  assert.deepEqual(findings.map((f) => [f.ruleId, f.severity]), [['MSL009', 'low']]);
  assert.deepEqual(findings[0].location, { kind: 'text', range: { start: { line: 1, character: 21 }, end: { line: 1, character: 42 } } });
});

test('the directive may sit on any line of a multi-line call', async () => {
  const text = 'import torch\nm = torch.load(\n    f,\n    map_location="cpu",  # msl: ignore[MSL101] own checkpoint\n)\n';
  assert.deepEqual((await analyzePythonSource(text)).map((f) => f.ruleId), []);
});

test('a directive on the line above does not apply (it must be on the offending line)', async () => {
  const text = 'import torch\n# msl: ignore[MSL101] nope\nm = torch.load(f)\n';
  assert.deepEqual((await analyzePythonSource(text)).map((f) => f.ruleId).sort(), ['MSL010', 'MSL101']);
});

test('a directive inside a string is not a directive', async () => {
  const text = 'import torch\nm = torch.load("# msl: ignore[MSL101] x")\n';
  assert.deepEqual((await analyzePythonSource(text)).map((f) => f.ruleId), ['MSL101']);
});

test('severity overrides: change, switch off, by id or name; bad entries are problems', () => {
  const { config, problems } = parseProjectConfig(JSON.stringify({
    severityOverrides: { MSL202: 'medium', 'trust-remote-code': 'critical', msl112: 'off', MSL999: 'low', MSL101: 'extreme' },
  }));
  assert.deepEqual(config.severityOverrides, { MSL202: 'medium', MSL201: 'critical', MSL112: 'off' });
  assert.equal(problems.length, 2);
  assert.match(problems[0], /MSL999.*not a known rule/);
  assert.match(problems[1], /MSL101.*must be one of/);
});

test('applySeverityOverrides rewrites severities and drops rules switched off, leaving the input alone', async () => {
  const findings = await analyzePythonSource('import torch.distributed as d\nfrom transformers import AutoModel\nd.all_gather_object(o, x)\nm = AutoModel.from_pretrained("a/b")\n');
  assert.deepEqual(findings.map((f) => [f.ruleId, f.severity]), [['MSL112', 'low'], ['MSL202', 'low']]);
  const out = applySeverityOverrides(findings, { MSL202: 'high', MSL112: 'off' });
  assert.deepEqual(out.map((f) => [f.ruleId, f.severity]), [['MSL202', 'high']]);
  assert.equal(findings[1].severity, 'low');
  assert.deepEqual(applySeverityOverrides(findings, undefined), findings);
});
