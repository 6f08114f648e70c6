// The CLI's pieces in-process: argument parsing, ordered concurrency, locations, fingerprints,
// exit codes, the progress line and colour decisions.
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, UsageError } from '../../server/src/cli/args';
import { mapOrdered } from '../../server/src/cli/pool';
import { Progress } from '../../server/src/cli/progress';
import { exitCodeFor } from '../../server/src/cli/exitCode';
import { emptyCounts, type RunSummary } from '../../server/src/cli/report';
import { main } from '../../server/src/cli/main';
import type { CliIO } from '../../server/src/cli/io';
import { describeLocation } from '../../server/src/cli/formatters/text';
import { artifactLocation, fingerprintsFor, sarifLocation } from '../../server/src/cli/formatters/sarifLocations';
import { createFinding, type Finding, type Location } from '../../server/src/core/findings';
import { DANGEROUS_IMPORT } from '../../server/src/core/rules/pickleContent';
import { doneWhenFolder } from './fixtures';

const SPECS = [
  { name: 'format', short: 'f', value: true },
  { name: 'include', value: true, repeatable: true },
  { name: 'quiet', short: 'q' },
  { name: 'verbose', short: 'v' },
];

const ESC = '\x1b[';

test('parseArgs: long, =value, short, bundled flags, repeatable, --', () => {
  const p = parseArgs(['a', '--format=json', '-qv', '--include', 'x', '--include=y', '-fsarif', '--', '--not-an-option'], SPECS, 'msl t');
  assert.deepEqual(p.positionals, ['a', '--not-an-option']);
  assert.equal(p.values.get('format'), 'sarif');
  assert.deepEqual(p.lists.get('include'), ['x', 'y']);
  assert.deepEqual([...p.flags].sort(), ['quiet', 'verbose']);
});

test('parseArgs: unknown options and missing values are usage errors with hints', () => {
  assert.throws(() => parseArgs(['--verbos'], SPECS, 'msl t'), (e: unknown) => e instanceof UsageError && /Did you mean '--verbose'/.test(e.message));
  assert.throws(() => parseArgs(['-x'], SPECS, 'msl t'), /unknown option '-x'/);
  assert.throws(() => parseArgs(['--format'], SPECS, 'msl t'), /'--format' needs a value/);
  assert.throws(() => parseArgs(['--quiet=1'], SPECS, 'msl t'), /does not take a value/);
});

test('mapOrdered keeps input order with out-of-order completion and bounded concurrency', async () => {
  let running = 0;
  let peak = 0;
  async function* source() {
    for (let i = 0; i < 20; i++) yield i;
  }
  const out: number[] = [];
  for await (const v of mapOrdered(source(), 3, async (i) => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((r) => setImmediate(r));
    if (i % 2 === 0) await new Promise((r) => setImmediate(r));
    running--;
    return i * 10;
  })) out.push(v);
  assert.deepEqual(out, Array.from({ length: 20 }, (_, i) => i * 10));
  assert.equal(peak, 3);
});

function pickleFinding(location: Location, evidence = "os.system('echo pwned')"): Finding {
  return createFinding(DANGEROUS_IMPORT, { message: 'os.system is imported', location, evidence });
}

test('text locations: member chain with offsets, 1-based line:column, pointers', () => {
  assert.equal(describeLocation({ kind: 'bytes', offset: 26, length: 3, members: ['archive/data.pkl'], fileOffset: 92 }, 'm.pt'), 'archive/data.pkl @ 0x1a (3 bytes), file offset 0x5c');
  assert.equal(describeLocation({ kind: 'bytes', offset: 0 }, 'e.pkl'), 'e.pkl @ 0x0');
  assert.equal(describeLocation({ kind: 'text', range: { start: { line: 3, character: 8 }, end: { line: 3, character: 20 } } }, 't.py'), 't.py:4:9');
  assert.equal(describeLocation({ kind: 'pointer', pointer: '/tensors/w', members: ['a.zip', 'b.pt'] }, 'x'), 'a.zip > b.pt /tensors/w');
  assert.equal(describeLocation({ kind: 'file' }, 'x'), '');
});

test('SARIF locations: stored member → file offset; compressed member → offset 0 + logical location', () => {
  const art = { uri: 'm.pt', uriBaseId: '%SRCROOT%' };
  const stored = sarifLocation(pickleFinding({ kind: 'bytes', offset: 5, length: 2, members: ['archive/data.pkl'], fileOffset: 70 }), art);
  assert.deepEqual(stored.physicalLocation.region, { byteOffset: 70, byteLength: 2 });
  assert.deepEqual(stored.logicalLocations, [{ name: 'archive/data.pkl', fullyQualifiedName: 'archive/data.pkl', kind: 'resource' }]);
  assert.deepEqual(stored.properties, { members: ['archive/data.pkl'], memberOffset: 5 });
  const deflated = sarifLocation(pickleFinding({ kind: 'bytes', offset: 5, members: ['outer.zip', 'archive/data.pkl'] }), art);
  assert.deepEqual(deflated.physicalLocation.region, { byteOffset: 0 });
  assert.equal(deflated.logicalLocations![0]!.fullyQualifiedName, 'outer.zip > archive/data.pkl');
  const file = sarifLocation(pickleFinding({ kind: 'file' }), art);
  assert.equal(file.physicalLocation.region, undefined);
  assert.equal(file.logicalLocations, undefined);
});

test('artifact URIs: relative under the working directory, file: URIs outside it', () => {
  assert.deepEqual(artifactLocation('models/a b.pt', '/repo'), { uri: 'models/a%20b.pt', uriBaseId: '%SRCROOT%' });
  assert.deepEqual(artifactLocation('/elsewhere/x.pkl', '/repo'), { uri: 'file:///elsewhere/x.pkl' });
  assert.deepEqual(artifactLocation('../x.pkl', '/repo'), { uri: 'file:///x.pkl' });
});

test('fingerprints ignore offsets, separate duplicates, depend on rule, path, member and evidence', () => {
  const at = (offset: number, members?: string[]) => pickleFinding({ kind: 'bytes', offset, ...(members ? { members } : {}) });
  const [a] = fingerprintsFor([at(1)], 'e.pkl');
  const [b] = fingerprintsFor([at(999)], 'e.pkl');
  assert.equal(a, b);
  const [x, y] = fingerprintsFor([at(1), at(2)], 'e.pkl');
  assert.notEqual(x, y);
  assert.equal(x, a);
  assert.notEqual(fingerprintsFor([at(1)], 'f.pkl')[0], a);
  assert.notEqual(fingerprintsFor([at(1, ['archive/data.pkl'])], 'e.pkl')[0], a);
  assert.notEqual(fingerprintsFor([pickleFinding({ kind: 'bytes', offset: 1 }, 'os.system("x")')], 'e.pkl')[0], a);
});

test('exit codes: errors win, threshold, none', () => {
  const s = (over: Partial<RunSummary>): RunSummary => ({ files: 1, filesWithFindings: 0, findings: emptyCounts(), errors: [], limitsHit: [], ...over });
  const medium = { ...emptyCounts(), medium: 1 };
  assert.equal(exitCodeFor(s({}), 'high'), 0);
  assert.equal(exitCodeFor(s({ findings: medium }), 'high'), 0);
  assert.equal(exitCodeFor(s({ findings: medium }), 'medium'), 1);
  assert.equal(exitCodeFor(s({ findings: medium }), 'info'), 1);
  assert.equal(exitCodeFor(s({ findings: medium }), 'none'), 0);
  assert.equal(exitCodeFor(s({ findings: medium, errors: [{ path: 'x', message: 'gone' }] }), 'none'), 2);
});

class Capture {
  text = '';
  constructor(readonly isTTY: boolean, readonly columns = 60) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

test('progress: nothing before 1 s or off a terminal; \\r redraws after; erased at the end', () => {
  mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  try {
    const pipe = new Capture(false);
    const quietPipe = new Progress(pipe, true);
    quietPipe.update(5, 'a.pkl');
    mock.timers.tick(5000);
    quietPipe.stop();
    assert.equal(pipe.text, '');

    const tty = new Capture(true);
    const p = new Progress(tty, true);
    p.update(3, 'models/a.pkl');
    mock.timers.tick(900);
    assert.equal(tty.text.length, 0);
    mock.timers.tick(200);
    assert.equal(tty.text, '\r\x1b[2KScanning: 3 files done  models/a.pkl');
    const out = new Capture(false);
    p.log(out, 'msl: cannot scan x');
    assert.equal(out.text, 'msl: cannot scan x\n');
    p.stop();
    assert.ok(String(tty.text as string).endsWith('\r\x1b[2K'));
  } finally {
    mock.timers.reset();
  }
});

test('in-process main: colour on a terminal, none with NO_COLOR or --no-color', async () => {
  const dir = doneWhenFolder();
  const run = async (args: string[], env: Record<string, string>) => {
    const io: CliIO = { stdout: new Capture(true), stderr: new Capture(false), env, cwd: dir };
    const code = await main(['scan', ...args, '.'], io);
    return { code, out: (io.stdout as Capture).text };
  };
  const tty = await run([], {});
  assert.equal(tty.code, 1);
  assert.ok(tty.out.includes(ESC));
  assert.ok(!(await run([], { NO_COLOR: '1' })).out.includes(ESC));
  assert.ok(!(await run(['--no-color'], {})).out.includes(ESC));
});
