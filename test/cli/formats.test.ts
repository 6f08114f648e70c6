// JSON and SARIF reports: shape, determinism, and SARIF 2.1.0 validity (the official JSON schema
// with ajv, and Microsoft's Sarif.Multitool when its binary can run here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { REPO, runMsl } from './helpers';
import { benignTorchZip, doneWhenFolder, MALICIOUS_PICKLE_P0, storedZip, tempDir, writeFiles } from './fixtures';

const SCHEMA = path.join(REPO, 'node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json');
const MULTITOOL = path.join(REPO, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');
const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

/* eslint-disable @typescript-eslint/no-explicit-any -- reports are walked as plain JSON */

function validateSarif(doc: unknown): string[] {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')));
  return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** A folder with every kind of location: text, bytes at top level, bytes inside a stored member. */
function mixedFolder(): string {
  const dir = doneWhenFolder();
  writeFiles(dir, {
    'evil.pt': storedZip([{ name: 'archive/data.pkl', data: MALICIOUS_PICKLE_P0 }, { name: 'archive/version', data: Buffer.from('3\n') }]),
    'sub dir/ok.pt': benignTorchZip(),
  });
  return dir;
}

test('JSON report: tool, schemaVersion, results in path order, summary; deterministic', async () => {
  const dir = doneWhenFolder();
  const first = await runMsl(['scan', '--format', 'json', '.'], { cwd: dir });
  const second = await runMsl(['scan', '--format', 'json', '.'], { cwd: dir });
  assert.equal(first.code, 1);
  assert.equal(first.stdout, second.stdout, 'two runs produce the same bytes');
  const report = JSON.parse(first.stdout) as any;
  assert.deepEqual(Object.keys(report), ['tool', 'schemaVersion', 'results', 'summary']);
  assert.deepEqual(report.tool, { name: 'msl', version: VERSION });
  assert.equal(report.schemaVersion, 1);
  assert.deepEqual(report.results.map((r: any) => r.path), ['evil.pkl', 'model.pt', 'train.py']);
  for (const r of report.results) {
    assert.deepEqual(Object.keys(r).slice(0, 7), ['path', 'format', 'detectedBy', 'size', 'findings', 'summary', 'limitsHit']);
    assert.equal(r.timings, undefined);
  }
  const [evil, model, script] = report.results;
  assert.equal(evil.format, 'pickle');
  assert.equal(model.format, 'pytorch-zip');
  assert.equal(script.format, 'python');
  const critical = evil.findings.find((f: any) => f.ruleId === 'MSL601');
  assert.equal(critical.severity, 'critical');
  assert.equal(critical.location.kind, 'bytes');
  assert.match(critical.evidence, /os\.system\('echo pwned'\)/);
  const load = script.findings.find((f: any) => f.ruleId === 'MSL101');
  assert.deepEqual(load.location.range.start, { line: 3, character: 8 });
  assert.deepEqual(report.summary, {
    files: 3,
    filesWithFindings: 2,
    findings: { critical: 1, high: 1, medium: 0, low: 0, info: 0, total: 2 },
    errors: [],
  });
});

test('SARIF report validates against the SARIF 2.1.0 schema and carries rules, levels, locations', async () => {
  const dir = mixedFolder();
  const r = await runMsl(['scan', '--format', 'sarif', '.', 'missing.pkl'], { cwd: dir });
  assert.equal(r.code, 2);
  const doc = JSON.parse(r.stdout) as any;
  assert.deepEqual(validateSarif(doc), []);
  assert.equal(doc.version, '2.1.0');
  const run = doc.runs[0];
  const driver = run.tool.driver;
  assert.equal(driver.version, VERSION);
  assert.match(driver.informationUri, /^https:\/\//);
  const rule601 = driver.rules.find((x: any) => x.id === 'MSL601');
  assert.equal(rule601.name, 'PickleDangerousImport');
  assert.equal(rule601.defaultConfiguration.level, 'error');
  assert.equal(rule601.properties['security-severity'], '9.5');
  assert.deepEqual(rule601.properties.tags, ['security', 'pickle']);
  assert.match(rule601.helpUri, /MSL601\.md$/);
  assert.ok(rule601.help.text.length > 0 && rule601.help.markdown.includes('Safe alternative'));
  assert.deepEqual(run.originalUriBaseIds['%SRCROOT%'], { uri: `${pathToFileURL(fs.realpathSync(dir)).href}/` });

  for (const res of run.results) {
    assert.equal(driver.rules[res.ruleIndex].id, res.ruleId);
    assert.match(res.partialFingerprints['mslFingerprint/v1'], /^[0-9a-f]{64}$/);
  }
  const byUri = (uri: string, rule: string) =>
    run.results.find((x: any) => x.ruleId === rule && x.locations[0].physicalLocation.artifactLocation.uri === uri);

  const pickle = byUri('evil.pkl', 'MSL601');
  assert.equal(pickle.level, 'error');
  assert.match(pickle.message.text, /Evidence: os\.system\('echo pwned'\)/);
  assert.equal(pickle.locations[0].physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
  assert.equal(typeof pickle.locations[0].physicalLocation.region.byteOffset, 'number');

  const script = byUri('train.py', 'MSL101');
  assert.deepEqual(
    { startLine: script.locations[0].physicalLocation.region.startLine, startColumn: script.locations[0].physicalLocation.region.startColumn },
    { startLine: 4, startColumn: 9 },
  );

  const member = byUri('evil.pt', 'MSL601');
  assert.ok(member, 'the pickle inside the checkpoint is reported');
  assert.deepEqual(member.locations[0].logicalLocations[0], { name: 'archive/data.pkl', fullyQualifiedName: 'archive/data.pkl', kind: 'resource' });
  assert.ok(member.locations[0].physicalLocation.region.byteOffset > 0, 'a stored member gets its offset in the file');

  assert.ok(run.artifacts.some((a: any) => a.location.uri === 'sub%20dir/ok.pt'), 'URIs are percent-encoded');
  const inv = run.invocations[0];
  assert.equal(inv.executionSuccessful, false);
  assert.equal(inv.exitCode, 2);
  assert.deepEqual(inv.arguments, ['scan', '--format', 'sarif', '.', 'missing.pkl']);
  assert.ok(run.artifacts.every((a: any, i: number) => a.location.index === undefined && run.artifacts.indexOf(a) === i));
  assert.equal(inv.toolExecutionNotifications[0].level, 'error');
  assert.match(inv.toolExecutionNotifications[0].message.text, /missing\.pkl: no such file or folder/);
});

test('SARIF fingerprints are stable when offsets shift and distinct for distinct findings', async () => {
  const a = tempDir();
  const b = tempDir();
  writeFiles(a, { 'evil.pkl': MALICIOUS_PICKLE_P0 });
  // Same call behind a harmless prefix: every offset moves.
  writeFiles(b, { 'evil.pkl': Buffer.concat([Buffer.from('(lp0\n0'), MALICIOUS_PICKLE_P0]) });
  const prints = async (dir: string) => {
    const doc = JSON.parse((await runMsl(['scan', '--format', 'sarif', 'evil.pkl'], { cwd: dir })).stdout) as any;
    return doc.runs[0].results.filter((x: any) => x.ruleId === 'MSL601').map((x: any) => x.partialFingerprints['mslFingerprint/v1']);
  };
  const pa = await prints(a);
  assert.equal(pa.length, 1);
  assert.deepEqual(await prints(b), pa);
});

test('SARIF passes Sarif.Multitool validate (schema and best-practice rules) when the tool runs here', async (t) => {
  try {
    fs.chmodSync(MULTITOOL, 0o755);
  } catch {
    // read-only install: try running it anyway
  }
  const probe = spawnSync(MULTITOOL, ['--version'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' } });
  if (probe.error || probe.status !== 0) {
    t.skip(`Sarif.Multitool cannot run here (${probe.error?.message ?? probe.stderr.trim().split('\n')[0]}); the ajv schema check still ran`);
    return;
  }
  const dir = mixedFolder();
  const out = tempDir();
  const sarif = path.join(out, 'report.sarif');
  await runMsl(['scan', '--format', 'sarif', '--output', sarif, '.'], { cwd: dir });
  const log = path.join(out, 'validation.sarif');
  spawnSync(MULTITOOL, ['validate', sarif, '--output', log], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' } });
  const validation = JSON.parse(fs.readFileSync(log, 'utf8')) as any;
  // Its exit code is 0 even with errors: read the log. Errors and warnings both count.
  const problems = (validation.runs[0].results ?? [])
    .filter((x: any) => x.level !== 'note')
    .map((x: any) => `${x.ruleId} ${x.level ?? 'warning'} ${x.message.id ?? ''} ${JSON.stringify(x.message.arguments ?? x.message.text)}`);
  assert.deepEqual(problems, []);
});
