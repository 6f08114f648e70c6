// `msl scan` end to end: the built CLI as a child process on generated fixtures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runMsl, snapshot } from './helpers';
import {
  BENIGN_PICKLE, MALICIOUS_PICKLE_P0, MALICIOUS_PICKLE_P2, UNSAFE_SCRIPT, benignTorchZip, doneWhenFolder, tempDir, writeFiles,
} from './fixtures';

interface JsonFinding { ruleId: string; severity: string; evidence?: string; location: { kind: string } }
interface JsonResult { path: string; format: string; size: number; findings: JsonFinding[] }
interface JsonReport { results: JsonResult[]; summary: { files: number; errors: { path: string; message: string }[] } }

async function scanJson(args: string[], cwd?: string): Promise<{ code: number | null; report: JsonReport; stderr: string }> {
  const r = await runMsl(['scan', '--format', 'json', ...args], cwd ? { cwd } : {});
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport, stderr: r.stderr };
}

const ruleIds = (r: JsonResult | undefined) => (r ? r.findings.map((f) => f.ruleId) : []);

const ESC = '\x1b[';

test('done-when: a malicious pickle, a benign checkpoint and a script → critical finding with the call, exit 1', async () => {
  const dir = doneWhenFolder();
  const r = await runMsl(['scan', dir]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /CRITICAL\s+MSL601/);
  assert.match(r.stdout, /os\.system\('echo pwned'\)/);
  assert.match(r.stdout, /MSL101/);
  assert.match(r.stdout, /train\.py:4:9/, 'the script finding is located line:column, 1-based');
  assert.doesNotMatch(r.stdout, /model\.pt/, 'the benign checkpoint has no block (no -v)');
  assert.match(r.stdout, /Scanned 3 files: 1 critical, 1 high, 0 medium, 0 low, 0 info; 2 files with findings\./);
  assert.equal(r.stderr, '');
});

test('protocol 2 malicious pickle is critical too', async () => {
  const dir = tempDir();
  writeFiles(dir, { 'p2.pkl': MALICIOUS_PICKLE_P2 });
  const { code, report } = await scanJson([path.join(dir, 'p2.pkl')]);
  assert.equal(code, 1);
  const f = report.results[0]!.findings.find((x) => x.ruleId === 'MSL601');
  assert.ok(f, JSON.stringify(report.results[0]));
  assert.equal(f.severity, 'critical');
  assert.match(f.evidence ?? '', /system\('echo pwned'\)/);
});

test('exit codes: 0 when clean, --fail-on moves the threshold, none never fails', async () => {
  const dir = tempDir();
  writeFiles(dir, { 'ok.pkl': BENIGN_PICKLE, 'model.pt': benignTorchZip(), 'train.py': UNSAFE_SCRIPT, 'evil.pkl': MALICIOUS_PICKLE_P0 });
  const clean = await runMsl(['scan', path.join(dir, 'ok.pkl'), path.join(dir, 'model.pt')]);
  assert.equal(clean.code, 0, clean.stdout + clean.stderr);
  assert.match(clean.stdout, /Scanned 2 files: 0 critical, 0 high/);
  const script = path.join(dir, 'train.py');
  assert.equal((await runMsl(['scan', script])).code, 1, 'high meets the default threshold');
  assert.equal((await runMsl(['scan', '--fail-on', 'critical', script])).code, 0);
  assert.equal((await runMsl(['scan', '--fail-on=medium', script])).code, 1);
  assert.equal((await runMsl(['scan', '--fail-on', 'none', dir])).code, 0);
  assert.equal((await runMsl(['scan', '--fail-on', 'critical', dir])).code, 1);
  const bad = await runMsl(['scan', '--fail-on', 'severe', dir]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--fail-on must be one of critical, high, medium, low, info, none \(got 'severe'\)/);
});

test('usage errors exit 2 with a clear message', async () => {
  const unknown = await runMsl(['scan', '--formt', 'json', '.']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown option '--formt'\. Did you mean '--format'\?/);
  const noPath = await runMsl(['scan']);
  assert.equal(noPath.code, 2);
  assert.match(noPath.stderr, /no PATH given/);
  const noValue = await runMsl(['scan', '.', '--format']);
  assert.equal(noValue.code, 2);
  assert.match(noValue.stderr, /'--format' needs a value \(text, json, sarif or markdown\)/);
  const badFormat = await runMsl(['scan', '-f', 'xml', '.']);
  assert.equal(badFormat.code, 2);
  assert.match(badFormat.stderr, /--format must be one of text, json, sarif/);
  const command = await runMsl(['scna', '.']);
  assert.equal(command.code, 2);
  assert.match(command.stderr, /unknown command 'scna'\. Did you mean 'scan'\?/);
});

test('a missing path: message on stderr, exit 2, the other paths still scanned and reported', async () => {
  const dir = doneWhenFolder();
  const missing = path.join(dir, 'does-not-exist.pkl');
  const r = await runMsl(['scan', missing, path.join(dir, 'evil.pkl')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /does-not-exist\.pkl: no such file or folder/);
  assert.match(r.stdout, /MSL601/);
  assert.match(r.stdout, /1 path could not be scanned/);
  const { code, report } = await scanJson([missing, path.join(dir, 'evil.pkl')]);
  assert.equal(code, 2);
  assert.equal(report.results.length, 1);
  assert.deepEqual(report.summary.errors, [{ path: missing, message: 'no such file or folder' }]);
});

test('a 0-byte file is scanned and reported, not an error', async () => {
  const dir = tempDir();
  writeFiles(dir, { 'empty.pkl': '', 'empty.pt': '' });
  const { code, report, stderr } = await scanJson([dir]);
  assert.notEqual(code, 2, stderr);
  assert.deepEqual(report.results.map((r) => [path.basename(r.path), r.size]), [['empty.pkl', 0], ['empty.pt', 0]]);
  assert.deepEqual(report.summary.errors, []);
});

test('a file that lies about its extension: MSL701 plus the pickle findings', async () => {
  const dir = tempDir();
  writeFiles(dir, { 'weights.safetensors': MALICIOUS_PICKLE_P2, 'model.npy': MALICIOUS_PICKLE_P0 });
  const { code, report } = await scanJson([path.join(dir, 'weights.safetensors')]);
  assert.equal(code, 1);
  const ids = ruleIds(report.results[0]);
  assert.ok(ids.includes('MSL701'), `MSL701 expected in ${ids.join(',')}`);
  assert.ok(ids.includes('MSL601'), `MSL601 expected in ${ids.join(',')}`);
  assert.equal(report.results[0]!.format, 'pickle');
});

test('unreadable entries inside a folder (broken link, named pipe) are MSL002 findings, not exit 2', async () => {
  const dir = tempDir();
  writeFiles(dir, { 'ok.pkl': BENIGN_PICKLE });
  fs.symlinkSync(path.join(dir, 'nowhere.pkl'), path.join(dir, 'broken.pkl'));
  execFileSync('mkfifo', [path.join(dir, 'pipe.pkl')]);
  const { code, report, stderr } = await scanJson([dir]);
  assert.equal(code, 0, stderr);
  const byName = new Map(report.results.map((r) => [path.basename(r.path), r]));
  assert.deepEqual([...byName.keys()], ['broken.pkl', 'ok.pkl', 'pipe.pkl']);
  for (const name of ['broken.pkl', 'pipe.pkl']) {
    const f = byName.get(name)!.findings;
    assert.deepEqual(f.map((x) => [x.ruleId, x.severity]), [['MSL002', 'medium']], name);
  }
  assert.equal((await runMsl(['scan', '--fail-on', 'medium', dir])).code, 1);
});

test('a named pipe or broken link named on the command line is an I/O error (exit 2), never read', async () => {
  const dir = tempDir();
  execFileSync('mkfifo', [path.join(dir, 'pipe.pkl')]);
  fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'link.pkl'));
  const r = await runMsl(['scan', path.join(dir, 'pipe.pkl'), path.join(dir, 'link.pkl')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /pipe\.pkl: not a regular file or folder \(a named pipe\)/);
  assert.match(r.stderr, /link\.pkl: broken symbolic link/);
});

test('--output writes the report to a file and nothing into the scanned folder', async () => {
  const dir = doneWhenFolder();
  const before = snapshot(dir);
  const out = path.join(tempDir(), 'report.json');
  const r = await runMsl(['scan', dir, '--format', 'json', '--output', out]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  const report = JSON.parse(fs.readFileSync(out, 'utf8')) as JsonReport;
  assert.equal(report.summary.files, 3);
  await runMsl(['scan', dir, '--format', 'sarif']);
  await runMsl(['scan', dir, '-v']);
  assert.deepEqual(snapshot(dir), before);
});

test('--output refuses to overwrite a scanned file', async () => {
  const dir = doneWhenFolder();
  const evil = path.join(dir, 'evil.pkl');
  const before = fs.readFileSync(evil);
  const explicit = await runMsl(['scan', evil, '--output', evil]);
  assert.equal(explicit.code, 2);
  assert.match(explicit.stderr, /refusing to write the report to .*evil\.pkl: it is one of the files being scanned/);
  const viaFolder = await runMsl(['scan', dir, '--output', path.join(dir, 'model.pt')]);
  assert.equal(viaFolder.code, 2);
  assert.match(viaFolder.stderr, /refusing to write the report/);
  assert.deepEqual(fs.readFileSync(evil), before);
  assert.deepEqual(fs.readFileSync(path.join(dir, 'model.pt')), benignTorchZip());
});

test('include/exclude globs, explicit files always scanned, --max-file-size', async () => {
  const dir = tempDir();
  writeFiles(dir, { 'a/evil.pkl': MALICIOUS_PICKLE_P0, 'b/evil.pkl': MALICIOUS_PICKLE_P0, 'c/notes.txt': MALICIOUS_PICKLE_P0 });
  const rel = (r: JsonReport) => r.results.map((x) => x.path);
  assert.deepEqual(rel((await scanJson(['.'], dir)).report), ['a/evil.pkl', 'b/evil.pkl']);
  assert.deepEqual(rel((await scanJson(['.', '--exclude', 'b/**'], dir)).report), ['a/evil.pkl']);
  assert.deepEqual(rel((await scanJson(['.', '--include', '**/*.txt'], dir)).report), ['c/notes.txt']);
  assert.deepEqual(rel((await scanJson(['c/notes.txt', 'a'], dir)).report), ['c/notes.txt', 'a/evil.pkl']);
  const big = await scanJson(['a/evil.pkl', '--max-file-size', '0.00001'], dir);
  assert.deepEqual(ruleIds(big.report.results[0]), ['MSL004']);
  assert.equal(big.code, 0);
});

test('configuration: msl.config.json globs apply, --config FILE, invalid config exits 2', async () => {
  const dir = tempDir();
  writeFiles(dir, { 'a/evil.pkl': MALICIOUS_PICKLE_P0, 'b/evil.pkl': MALICIOUS_PICKLE_P0 });
  writeFiles(dir, { 'msl.config.json': JSON.stringify({ exclude: ['a/**'] }) });
  assert.deepEqual((await scanJson(['.'], dir)).report.results.map((r) => r.path), ['b/evil.pkl']);
  writeFiles(dir, { 'other.json': JSON.stringify({ include: ['a/*.pkl'] }) });
  assert.deepEqual((await scanJson(['.', '--config', 'other.json'], dir)).report.results.map((r) => r.path), ['a/evil.pkl']);
  writeFiles(dir, { 'bad.json': JSON.stringify({ includes: [] }) });
  const bad = await runMsl(['scan', '.', '--config', 'bad.json'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown key "includes"/);
  const missing = await runMsl(['scan', '.', '--config', 'nope.json'], { cwd: dir });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.json: cannot read the configuration file/);
});

test('text output: colour only when asked, verbose lists clean files', async () => {
  const dir = doneWhenFolder();
  const plain = await runMsl(['scan', dir]);
  assert.ok(!plain.stdout.includes(ESC), 'no colour when stdout is not a terminal');
  const forced = await runMsl(['scan', dir, '--color']);
  assert.ok(forced.stdout.includes(`${ESC}1;97;41mCRITICAL`), forced.stdout);
  const verbose = await runMsl(['scan', dir, '-v']);
  assert.match(verbose.stdout, /^ok {2}.*model\.pt {2}\(PyTorch checkpoint \(zip\)\)$/m);
  const quiet = await runMsl(['scan', dir, '-q']);
  assert.doesNotMatch(quiet.stdout, /Scanned/);
  assert.match(quiet.stdout, /MSL601/);
});
