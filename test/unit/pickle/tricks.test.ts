// Regression fixtures for the scanner-bypass classes: each must be reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as B from '../../fixtures/pickle/builders';
import { concat, pickle } from '../../fixtures/pickle/writer';
import { analyzePickleBytes, finding, importsOf, rules } from './helpers';

test('non-string STACK_GLOBAL operand: MSL604 with the symbolic description', async () => {
  const s = await analyzePickleBytes(B.computedStackGlobal());
  const f = finding(s, 'MSL604');
  assert.equal(f?.severity, 'high');
  assert.equal(f?.evidence, "STACK_GLOBAL(builtins.str('os'), 'system')");
});

test('constant non-str STACK_GLOBAL operand stops the stream (CPython refuses it)', async () => {
  const s = await analyzePickleBytes(pickle((w) => w.proto(4).binint1(1).str('system').stackGlobal().stop()));
  assert.match(finding(s, 'MSL603')?.evidence ?? '', /STACK_GLOBAL requires str/);
});

test('EXT opcodes: MSL605', async () => {
  const s = await analyzePickleBytes(B.extPickle());
  assert.equal(finding(s, 'MSL605')?.evidence, 'EXT code 4660');
});

test('a call whose result is discarded: MSL609 high, low for an allowlisted callable', async () => {
  const s = await analyzePickleBytes(B.discardedCall());
  assert.equal(finding(s, 'MSL609')?.severity, 'high');
  assert.equal(finding(s, 'MSL609')?.evidence, "os.system('touch /tmp/pwned')");
  const benign = await analyzePickleBytes(pickle((w) => w.proto(2).call('collections', 'OrderedDict', []).pop().none().stop()));
  assert.equal(finding(benign, 'MSL609')?.severity, 'low');
});

test('FRAME length divergence: the import is still found, and the frame is reported', async () => {
  const s = await analyzePickleBytes(B.lyingFrame());
  assert.equal(finding(s, 'MSL601')?.evidence, "os.system('echo frame')");
  assert.ok(finding(s, 'MSL608', /FRAME/));
});

test('a FRAME longer than the data (C stops, pure Python reads on)', async () => {
  const s = await analyzePickleBytes(pickle((w) => w.proto(4).frame(1 << 20).global('os', 'system').str('x').tuple1().reduce().stop()));
  assert.equal(finding(s, 'MSL601')?.evidence, "os.system('x')");
  assert.ok(finding(s, 'MSL608', /only \d+ remain/));
});

test('a protocol header that lies: newer opcodes are read anyway and flagged', async () => {
  const s = await analyzePickleBytes(B.lyingProtocol());
  assert.equal(finding(s, 'MSL601')?.evidence, "os.system('echo proto')");
  assert.ok(finding(s, 'MSL608', /protocol 4 opcode but the stream declares PROTO 2/));
  const bad = await analyzePickleBytes(pickle((w) => w.raw(0x80, 6).global('os', 'system').stop()));
  assert.match(finding(bad, 'MSL603')?.evidence ?? '', /unsupported pickle protocol: 6/);
  assert.deepEqual(importsOf(bad), []);
});

test('truncated stream: imports before the break are reported, plus MSL603 with the offset', async () => {
  const bytes = B.truncatedAfterCall();
  const s = await analyzePickleBytes(bytes);
  assert.equal(finding(s, 'MSL601')?.evidence, "subprocess.check_output(['id'])");
  const m = finding(s, 'MSL603');
  assert.ok(m?.location.kind === 'bytes' && m.location.offset === bytes.length);
  assert.equal(s.summary.pickles?.[0]?.complete, false);
});

test('GLOBAL cut off at the end of the data: the pure-Python unpickler still imports it', async () => {
  const s = await analyzePickleBytes(Buffer.from('cos\nsystemX', 'latin1'));
  assert.deepEqual(importsOf(s), ['os.system']);
});

test('INST without a MARK: the pure-Python unpickler imports before failing', async () => {
  const s = await analyzePickleBytes(Buffer.from('ios\nsystem\n.', 'latin1'));
  assert.deepEqual(importsOf(s), ['os.system']);
  assert.ok(finding(s, 'MSL603', /MARK/));
});

test('stacked pickles: the second one is analysed', async () => {
  const s = await analyzePickleBytes(B.stackedPickles());
  assert.equal(s.summary.pickles?.length, 2);
  assert.equal(finding(s, 'MSL601')?.evidence, "os.system('echo second')");
  const trailing = await analyzePickleBytes(concat(pickle((w) => w.proto(2).none().stop()), Buffer.from('garbage')));
  assert.deepEqual(rules(trailing), ['MSL610']);
});

test('legacy PyTorch layout: recognised, raw storages not parsed', async () => {
  const s = await analyzePickleBytes(B.legacyTorch());
  assert.equal(s.format, 'pytorch-legacy');
  assert.deepEqual(s.findings, []);
  assert.equal(s.summary.pickles?.length, 5);
  assert.deepEqual(s.summary.facts, { legacyMagic: 'literal', legacyStorageKeys: 1, legacyStorageBytes: 24 });
});

test('legacy PyTorch with a magic number computed by a call: recognised and the import reported', async () => {
  const s = await analyzePickleBytes(B.legacyTorch({ computedMagic: true, payload: true }));
  assert.equal(s.format, 'pytorch-legacy');
  assert.equal(s.summary.facts?.legacyMagic, 'computed');
  assert.ok(importsOf(s).includes('builtins.int'));
  assert.equal(finding(s, 'MSL601')?.evidence, "os.system('echo legacy')");
  assert.ok(!finding(s, 'MSL603'));
});

for (const enc of ['raw', 'base64', 'hex', 'latin1'] as const) {
  test(`nested pickle (${enc}) handed to pickle.loads is analysed recursively`, async () => {
    const s = await analyzePickleBytes(B.nestedPickle(enc));
    assert.ok(finding(s, 'MSL606'));
    const inner = s.findings.find((f) => f.ruleId === 'MSL601' && f.evidence === "os.system('echo nested')");
    assert.ok(inner, JSON.stringify(s.findings.map((f) => f.evidence)));
    assert.ok(inner.location.kind === 'bytes' && inner.location.members?.[0]?.startsWith('<nested pickle @'));
  });
}

test('nested pickles stop at the nesting limit', async () => {
  let bytes = B.callPickle('os', 'system', ['deep']);
  for (let i = 0; i < 4; i++) {
    const inner = bytes;
    bytes = pickle((w) => w.proto(3).global('pickle', 'loads').binbytes(inner).tuple1().reduce().stop());
  }
  const s = await analyzePickleBytes(bytes, { limits: { maxNestingDepth: 2 } });
  assert.ok(s.limitsHit.includes('maxNestingDepth'));
  assert.ok(finding(s, 'MSL001'));
});

test('joblib inline arrays are skipped exactly (padded and unpadded)', async () => {
  for (const padded of [true, false]) {
    const s = await analyzePickleBytes(B.joblibInlineArray({ padded }));
    assert.deepEqual(s.findings, [], `padded=${padded}`);
    assert.equal(s.summary.pickles?.[0]?.complete, true);
    assert.deepEqual(importsOf(s), ['joblib.numpy_pickle.NumpyArrayWrapper', 'numpy.ndarray', 'numpy.dtype']);
  }
});

test('joblib object arrays carry a nested pickle that is analysed', async () => {
  const s = await analyzePickleBytes(B.joblibInlineArray({ padded: true, objectArray: B.callPickle('os', 'system', ['echo obj']) }));
  assert.equal(finding(s, 'MSL601')?.evidence, "os.system('echo obj')");
  assert.equal(s.summary.pickles?.length, 2);
});

test('SETITEM / APPENDS on imported objects: MSL607', async () => {
  const s = await analyzePickleBytes(B.mutationPickle());
  assert.equal(finding(s, 'MSL607', /os\.environ/)?.evidence, "SETITEM os.environ <- ['LD_PRELOAD', '/tmp/x.so']");
  assert.ok(finding(s, 'MSL607', /APPENDS sys\.path/));
});

test('protocol 0 text pickle (Python 2 style) with escapes', async () => {
  const s = await analyzePickleBytes(B.protocol0Call());
  assert.equal(finding(s, 'MSL601')?.evidence, "posix.system('echo proto0')");
  const esc = await analyzePickleBytes(Buffer.from("cos\nsystem\n(S'a\\x41\\n'\ntR.", 'latin1'));
  assert.equal(finding(esc, 'MSL601')?.evidence, "os.system('aA\\n')");
});

test('limits: opcodes, memo and stack are reported as MSL001 and stop the stream', async () => {
  const many = pickle((w) => { w.proto(4).emptyList(); for (let i = 0; i < 100; i++) w.binint1(1).append(); w.stop(); });
  assert.ok((await analyzePickleBytes(many, { limits: { maxPickleOpcodes: 50 } })).limitsHit.includes('maxPickleOpcodes'));
  const memo = pickle((w) => { w.proto(4).none(); for (let i = 0; i < 20; i++) w.memoize(); w.stop(); });
  assert.ok((await analyzePickleBytes(memo, { limits: { maxPickleMemo: 10 } })).limitsHit.includes('maxPickleMemo'));
  const deep = pickle((w) => { w.proto(4); for (let i = 0; i < 40; i++) w.mark(); w.stop(); });
  const s = await analyzePickleBytes(deep, { limits: { maxPickleStack: 20 } });
  assert.ok(s.limitsHit.includes('maxPickleStack'));
  assert.match(finding(s, 'MSL001')?.evidence ?? '', /maxPickleStack=20/);
});
