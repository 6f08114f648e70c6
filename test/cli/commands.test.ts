// The other commands and entry points: help, version, rules, disasm, and `npx msl`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_RULES } from '../../server/src/core/rules/index';
import { BIN, REPO, ensureBuilt, runMsl } from './helpers';
import { MALICIOUS_PICKLE_P0, benignTorchZip, doneWhenFolder, tempDir, writeFiles } from './fixtures';

const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

test('--help, help COMMAND, scan --help print usage on stdout and exit 0', async () => {
  const main = await runMsl(['--help']);
  assert.equal(main.code, 0);
  assert.match(main.stdout, /^Usage:\n {2}msl scan \[options\] PATH\.\.\./m);
  const scan = await runMsl(['scan', '--help']);
  assert.equal(scan.code, 0);
  for (const opt of ['--format', '--output', '--fail-on', '--include', '--exclude', '--config', '--max-file-size', '--no-color', '--quiet']) {
    assert.ok(scan.stdout.includes(opt), `scan --help mentions ${opt}`);
  }
  assert.equal((await runMsl(['help', 'scan'])).stdout, scan.stdout);
  const none = await runMsl([]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /Usage:/);
});

test('--version prints the package version', async () => {
  const r = await runMsl(['--version']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, `msl ${VERSION}\n`);
});

test('msl rules lists every rule with id, severity and title; --format json adds docs URLs', async () => {
  const r = await runMsl(['rules']);
  assert.equal(r.code, 0);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, ALL_RULES.length);
  assert.match(r.stdout, /^MSL601 {2}critical {2}Pickle imports a dangerous callable$/m);
  assert.match(r.stdout, /^MSL101 {2}high {6}`torch\.load` without `weights_only=True`$/m);
  const json = JSON.parse((await runMsl(['rules', '--format', 'json'])).stdout) as { id: string; docsUrl: string }[];
  assert.deepEqual(json.map((x) => x.id), ALL_RULES.map((x) => x.id));
  assert.match(json[0]!.docsUrl, /\/MSL\d{3}\.md$/);
});

test('msl disasm: missing file exits 2; a pickle prints its stream with the dangerous call', async () => {
  const dir = tempDir();
  writeFiles(dir, { 'evil.pkl': MALICIOUS_PICKLE_P0, 'model.pt': benignTorchZip() });
  const missing = await runMsl(['disasm', path.join(dir, 'nope.pkl')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot disassemble .*nope\.pkl: no such file/);
  const usage = await runMsl(['disasm']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /give exactly one FILE/);
  const r = await runMsl(['disasm', path.join(dir, 'evil.pkl')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /GLOBAL/);
  assert.match(r.stdout, /os system|os\.system/);
  const zip = await runMsl(['disasm', path.join(dir, 'model.pt')]);
  assert.match(zip.stdout, /^# archive\/data\.pkl @ 0x0$/m);
});

test('npx msl scan PATH works from the repository root (npx resolves the package bin)', () => {
  ensureBuilt();
  const dir = doneWhenFolder();
  const r = spawnSync('npx', ['--no-install', 'msl', 'scan', dir], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 1, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /MSL601/);
  assert.ok(fs.existsSync(BIN));
});
