// Regressions for import classes the CPython oracle tier found unreported (bytes from the
// shrunk reproducers in test/fixtures/oracle-divergences, and the cases that share their cause).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildZip, torchCheckpoint } from '../../fixtures/zip/writer';
import { plainPickle } from '../../fixtures/zip/pickles';
import { scan } from '../containers/helpers';
import { analyzePickleBytes, importsOf } from './helpers';

const hex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));
const ascii = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

// Legacy PyTorch header (magic, 1001, {}), then None pickles past the storage-keys position.
const LEGACY_HEAD = '8a0a6cfc9c46f9206aa850192e4de9032e7d2e4e2e4e2e4e2e';

test('legacy torch: a loop of pickle.load() reaches an import after inert complete pickles', async () => {
  const s = await analyzePickleBytes(hex(`${LEGACY_HEAD}636f730a73797374656d0a2e`));
  assert.equal(s.format, 'pytorch-legacy');
  assert.deepEqual(importsOf(s), ['os.system']);
});

test('legacy torch: the later pickle may end without STOP (pure-Python partial line)', async () => {
  const s = await analyzePickleBytes(hex(`${LEGACY_HEAD}636f730a7379`));
  assert.deepEqual(importsOf(s), ['os.s']);
});

test('legacy torch: inert raw storage bytes stay quiet', async () => {
  const s = await analyzePickleBytes(hex(`${LEGACY_HEAD}4e2e00ff00ff`));
  assert.deepEqual(importsOf(s), []);
  assert.deepEqual(s.findings.filter((f) => f.ruleId !== 'MSL608').map((f) => f.ruleId), []);
});

test('STOP inside a FRAME: the next load resumes at the frame end, its GLOBAL name cut by EOF', async () => {
  const s = await analyzePickleBytes(hex('80049504000000000000004e2e6378636f64650a'));
  assert.ok(importsOf(s).includes('ode.'), importsOf(s).join(','));
});

test('buffered file: a peeked frame then a read-ahead frame gives STACK_GLOBAL an empty module', async () => {
  const s = await analyzePickleBytes(hex('8005950d000000000000005327270a30950900000000000000566275696c74696e730a8c0a5f5f696d706f72745f5f93'));
  const got = importsOf(s);
  assert.ok(got.includes('.__import__'), got.join(','));
  assert.ok(got.includes('builtins.__import__'), got.join(','));
});

const zipWithPrefix = (prefix: string): Uint8Array =>
  buildZip(torchCheckpoint('archive', plainPickle(), [new Uint8Array(8)]), { prepend: ascii(prefix) }).bytes;

test('zip polyglot: a short GLOBAL prefix is read by pickle.load over the whole file', async () => {
  const r = await scan(zipWithPrefix('cos\nsystem\n'), 'model.pt');
  const imports = (r.summary.pickles ?? []).flatMap((p) => p.imports.map((i) => `${i.module}.${i.name}`));
  assert.ok(imports.includes('os.system'), imports.join(','));
});

test('zip polyglot: an INST prefix (resolved before the MARK by the pure-Python unpickler)', async () => {
  const r = await scan(zipWithPrefix('ios\nsystem\n'), 'model.pt');
  const imports = (r.summary.pickles ?? []).flatMap((p) => p.imports.map((i) => `${i.module}.${i.name}`));
  assert.ok(imports.includes('os.system'), imports.join(','));
});

test('zip with junk that imports nothing: no pickle findings', async () => {
  const r = await scan(zipWithPrefix('#'.repeat(64)), 'model.pt');
  assert.deepEqual(r.summary.pickles?.filter((p) => p.imports.length > 0) ?? [], []);
  assert.deepEqual(r.findings.filter((f) => f.ruleId.startsWith('MSL6')).map((f) => f.ruleId), []);
});

for (const [label, h] of [
  ['INT', '4934006a756e6b0a636f730a73797374656d0a2e'],
  ['LONG', '4c34000a636f730a73797374656d0a2e'],
  ['FLOAT', '46312e3500780a636f730a73797374656d0a2e'],
  ['PUT', '4e94703000780a636f730a73797374656d0a2e'],
] as const) {
  test(`${label} argument with a NUL: the C unpickler reads up to it and goes on to the import`, async () => {
    const s = await analyzePickleBytes(hex(h));
    assert.deepEqual(importsOf(s), ['os.system']);
    assert.ok(s.findings.some((f) => f.ruleId === 'MSL608' && /NUL/.test(f.message + (f.evidence ?? ''))), 'reported as a parser differential');
  });
}

test('a file starting with the zip magic is also a pickle: PERSID swallows the signature', async () => {
  const r = await scan(hex('504b03040a636f730a73797374656d0a2e'), 'model.pkl');
  const critical = r.findings.find((f) => f.ruleId === 'MSL601');
  assert.ok(critical, JSON.stringify(r.findings.map((f) => f.ruleId)));
  assert.match(critical.evidence ?? '', /os\.system/);
});

test('INT whose argument starts with a NUL: C strtol reads an empty string as 0 and goes on', async () => {
  const s = await analyzePickleBytes(hex('49000a636f730a73797374656d0a2e'));
  assert.deepEqual(importsOf(s), ['os.system']);
});

test('STOP inside a FRAME: the pure-Python next load resumes at the frame end and reads an empty GLOBAL name', async () => {
  // FRAME(387) holds BINUNICODE 'compile', STOP, then junk up to the frame end; the second
  // load of the pure-Python unpickler starts there, at GLOBAL 'code' '' (the C unpickler
  // rejects the empty line).
  const junk = '78'.repeat(299);
  const s = await analyzePickleBytes(hex(
    `9583010000000000005807000000636f6d70696c652e30636f7300780a5374616e646172644572726f720a84785634126f28820663636f6c6c656374696f6e730a${junk}780a8c0b4f7264657265644469637493540b0000005f5f6275696c74696e5f5f63636f64650a0a`,
  ));
  assert.deepEqual(importsOf(s), ['code.']);
});
