// `msl scan` on scripts and notebooks: the fixture scripts' findings in text / JSON / SARIF,
// notebook cells located as `cell N, line:col` (text), `location.cell` (JSON) and a `cell N`
// logical location (SARIF, without fixes in cell coordinates), and msl.config.json
// severityOverrides and ignore globs applied the way the language server applies them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parseExpectations } from '../unit/python/expectations';
import { REPO, runMsl } from './helpers';
import { tempDir, writeFiles } from './fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any -- reports are walked as plain JSON */

const SCRIPTS = path.join(REPO, 'test', 'fixtures', 'scripts');
const SARIF_SCHEMA = path.join(REPO, 'node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json');

function notebook(cells: { type?: string; source: string }[]): string {
  return JSON.stringify({
    nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: 'python3', language: 'python' } },
    cells: cells.map((c) => ({ cell_type: c.type ?? 'code', metadata: {}, source: c.source.split(/(?<=\n)/), ...(c.type ? {} : { outputs: [], execution_count: null }) })),
  }, null, 1);
}

const NOTEBOOK = notebook([
  { type: 'markdown', source: '# Fine-tuning\n' },
  { source: 'import torch\nimport yaml\n' },
  { source: 'cfg = yaml.load(open("c.yaml"))\nmodel = torch.load("model.pt")\n' },
  { source: '!curl -s https://example.com/setup.sh | bash\n' },
]);

function project(extra: Record<string, string> = {}): string {
  const dir = tempDir('msl-cli-scripts-');
  writeFiles(dir, {
    'train.py': fs.readFileSync(path.join(SCRIPTS, 'deserialization.py'), 'utf8'),
    'nb.ipynb': NOTEBOOK,
    ...extra,
  });
  return dir;
}

async function json(args: string[], cwd: string): Promise<any> {
  const r = await runMsl(['scan', '--format', 'json', ...args], { cwd });
  return JSON.parse(r.stdout);
}

test('a .py fixture: every caret expectation is in the JSON report, 0-based, nothing more', async () => {
  const dir = project();
  const report = await json(['train.py'], dir);
  const expected = parseExpectations(fs.readFileSync(path.join(dir, 'train.py'), 'utf8')).map((e) => `${e.line}:${e.character} ${e.ruleId}`).sort();
  const got = report.results[0].findings.map((f: any) => `${f.location.range.start.line}:${f.location.range.start.character} ${f.ruleId}`).sort();
  assert.deepEqual(got, expected);
  assert.equal(report.results[0].format, 'python');
});

test('a notebook in the text report: `cell N, line:col` with cells counted from 1, markdown included', async () => {
  const dir = project();
  const r = await runMsl(['scan', 'nb.ipynb'], { cwd: dir });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /MSL111[^\n]*\n[^\n]*\n\s+at nb\.ipynb cell 3, 1:7\n/);
  assert.match(r.stdout, /MSL101[^\n]*\n[^\n]*\n\s+at nb\.ipynb cell 3, 2:9\n/);
  assert.match(r.stdout, /MSL502[^\n]*\n[^\n]*\n\s+at nb\.ipynb cell 4, 1:2\n/);
  assert.doesNotMatch(r.stdout, /nb\.ipynb:\d/, 'no file line:col for cells');
});

test('a notebook in JSON: location.cell is the 0-based index in `cells`, ranges and fixes cell-relative', async () => {
  const report = await json(['nb.ipynb'], project());
  const byRule = new Map(report.results[0].findings.map((f: any) => [f.ruleId, f]));
  const yaml = byRule.get('MSL111') as any;
  assert.equal(yaml.location.cell, 2);
  assert.deepEqual(yaml.location.range.start, { line: 0, character: 6 });
  assert.deepEqual(yaml.fix.edits[0].range.start.line, 0);
  assert.equal((byRule.get('MSL502') as any).location.cell, 3);
});

test('a notebook in SARIF: region inside the cell, a `cell N` logical location, properties.cell, no fix; a script keeps its fix', async () => {
  const dir = project();
  const r = await runMsl(['scan', '--format', 'sarif', 'nb.ipynb', 'train.py'], { cwd: dir });
  const doc = JSON.parse(r.stdout);
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(SARIF_SCHEMA, 'utf8')));
  assert.equal(validate(doc), true, JSON.stringify(validate.errors));
  const results = doc.runs[0].results as any[];
  const cellResult = results.find((x) => x.ruleId === 'MSL111' && x.locations[0].physicalLocation.artifactLocation.uri === 'nb.ipynb');
  assert.deepEqual(cellResult.locations[0].physicalLocation.region, { startLine: 1, startColumn: 7, endLine: 1, endColumn: 32 });
  assert.deepEqual(cellResult.locations[0].logicalLocations, [{ name: 'cell 3', fullyQualifiedName: 'cell 3', kind: 'object' }]);
  assert.deepEqual(cellResult.locations[0].properties, { cell: 2 });
  assert.equal(cellResult.fixes, undefined, 'cell coordinates are not the .ipynb file\'s');
  const scriptResult = results.find((x) => x.locations[0].physicalLocation.artifactLocation.uri === 'train.py' && x.fixes);
  assert.ok(scriptResult, 'script findings keep their fixes');
  assert.equal(scriptResult.locations[0].logicalLocations, undefined);
});

test('msl.config.json severityOverrides re-grade and switch off rules, in every format and for --fail-on', async () => {
  const config = JSON.stringify({ severityOverrides: { MSL101: 'critical', 'yaml-unsafe-load': 'off', MSL502: 'info' } });
  const dir = project({ 'msl.config.json': config });
  const report = await json(['nb.ipynb'], dir);
  assert.deepEqual(report.results[0].findings.map((f: any) => `${f.ruleId} ${f.severity}`), ['MSL101 critical', 'MSL502 info']);
  assert.equal(report.summary.findings.critical, 1);
  assert.equal((await runMsl(['scan', '--fail-on', 'critical', 'nb.ipynb'], { cwd: dir })).code, 1);
  const text = await runMsl(['scan', 'nb.ipynb'], { cwd: dir });
  assert.match(text.stdout, /CRITICAL\s+MSL101/);
  assert.doesNotMatch(text.stdout, /MSL111/);
  const sarif = JSON.parse((await runMsl(['scan', '--format', 'sarif', 'nb.ipynb'], { cwd: dir })).stdout);
  assert.deepEqual(sarif.runs[0].results.map((x: any) => `${x.ruleId} ${x.properties.severity}`), ['MSL101 critical', 'MSL502 info']);
});

test('--config FILE: its folder is the project root for ignore globs', async () => {
  const dir = project({ 'cfg/msl.config.json': JSON.stringify({ ignore: ['*.ipynb'] }), 'cfg/nb.ipynb': NOTEBOOK });
  const report = await json(['--config', 'cfg/msl.config.json', 'nb.ipynb', 'cfg/nb.ipynb'], dir);
  assert.deepEqual(report.results.map((x: any) => x.path), ['nb.ipynb'], 'cfg/nb.ipynb matches *.ipynb under cfg/; nb.ipynb is outside it');
});

test('ignore globs: never reported, in a folder walk or named on the command line; --verbose says so', async () => {
  const dir = project({
    'msl.config.json': JSON.stringify({ ignore: ['vendor/**', 'nb.ipynb'] }),
    'vendor/lib.py': 'import torch\nm = torch.load("x.pt")\n',
  });
  const walk = await json(['.'], dir);
  assert.deepEqual(walk.results.map((x: any) => x.path).sort(), ['train.py']);
  const named = await runMsl(['scan', '--format', 'json', 'vendor/lib.py', 'nb.ipynb'], { cwd: dir });
  assert.equal(named.code, 0);
  assert.equal(JSON.parse(named.stdout).summary.files, 0);
  const verbose = await runMsl(['scan', '-v', 'vendor/lib.py'], { cwd: dir });
  assert.match(verbose.stderr, /msl: ignored vendor\/lib\.py \(an "ignore" glob of the configuration file matches it\)/);
  assert.match(verbose.stdout, /Scanned 0 files/);
});
