// The CPython oracle tier: every (module, name) CPython's unpicklers pass to find_class must be
// reported by our analyzer. Seed and count: ORACLE_SEED / ORACLE_CASES (defaults below).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertPython, runOracle, VARIANTS } from './pythonOracle';
import { generateCases, type OracleCase } from './generate';
import { TARGETED } from './targeted';
import { loadSeedFiles } from './seeds';
import { checkCases } from './runner';
import { closeSharedPool } from './scanPool';
import { describe as describeCase } from './compare';
import { countClasses } from './classify';
import { OPCODES, splitInstructions } from './opcodes';

const SEED = Number(process.env.ORACLE_SEED ?? 0x5eed2024);
const COUNT = Number(process.env.ORACLE_CASES ?? 5000);
const SEEDS = loadSeedFiles();
const GENERATED = generateCases(SEED, 0, COUNT, SEEDS.map((s) => s.bytes));

after(() => closeSharedPool());

const names = (pairs: Array<{ module: string; name: string }>): string[] => pairs.map((p) => `${p.module}.${p.name}`);

test('python3 with _pickle is available (the oracle tier never passes by not running)', () => {
  assert.match(assertPython(), /python/);
});

test('the oracle records what CPython resolves and imports nothing', async () => {
  const batch = await runOracle(TARGETED.map((t) => t.bytes));
  assert.equal(batch.crashes, 0);
  TARGETED.forEach((t, i) => {
    const r = batch.results[i]!.runs;
    if (!t.expect) return;
    assert.deepEqual(names(r.py.pairs), t.expect.py, `${t.id}: pure-Python unpickler`);
    assert.deepEqual(names(r.c.pairs), t.expect.c, `${t.id}: C unpickler over BytesIO`);
    if (t.expect.cs) assert.deepEqual(names(r.cs.pairs), t.expect.cs, `${t.id}: C unpickler, whole buffer`);
  });
  const byId = (id: string) => batch.results[TARGETED.findIndex((t) => t.id === id)]!.runs;
  assert.equal(byId('ext1').c.pairs[0]!.via, 'EXT');
  assert.equal(byId('stack-global-memo').py.pairs[0]!.via, 'STACK_GLOBAL');
  assert.equal(byId('inst-call').py.pairs[0]!.via, 'INST');
  assert.deepEqual(byId('builtin-py2-proto2').py.pairs[0]!.alt, ['builtins', 'eval']);
  assert.equal(byId('builtin-py2-proto3').py.pairs[0]!.alt, null);
  assert.deepEqual(byId('proto-switch').c.pairs.map((p) => p.alt), [['builtins', 'range'], null]);
  assert.equal(byId('global-reduce').py.error, null, 'os.system was stubbed and called without error');
  // antigravity (which opens a browser when imported) and a made-up module were never imported.
  assert.deepEqual(batch.newModules, []);
  assert.deepEqual(batch.violations, []);
});

test('the oracle guard blocks and reports an import attempted while a case runs', async () => {
  const batch = await runOracle([TARGETED[0]!.bytes], { env: { MSL_ORACLE_PROBE_GUARD: '1' } });
  assert.equal(batch.results[0]!.violations.length, 4, 'one blocked import per unpickler variant');
  assert.match(batch.results[0]!.violations[0]!, /^import .*msl_oracle_guard_probe_does_not_exist/);
  assert.deepEqual(batch.newModules, []);
});

test(`the generator is reproducible and emits all ${OPCODES.length} opcodes`, () => {
  assert.equal(OPCODES.length, 68);
  const again = generateCases(SEED, 0, 50, SEEDS.map((s) => s.bytes));
  assert.deepEqual(again.map((c) => Buffer.from(c.bytes).toString('hex')), GENERATED.slice(0, 50).map((c) => Buffer.from(c.bytes).toString('hex')));
  const seen = new Set<number>();
  for (const c of GENERATED) for (const ins of splitInstructions(c.bytes)) seen.add(ins[0]!);
  const missing = OPCODES.filter((o) => !seen.has(o.code)).map((o) => o.name);
  assert.deepEqual(missing, []);
});

test(`property: every import CPython resolves is reported (${COUNT} generated + targeted + fixture cases)`, async (t) => {
  const cases: OracleCase[] = [
    ...TARGETED,
    ...SEEDS.map((s) => ({ id: `fixture:${s.name}`, kind: 'fixture', bytes: s.bytes })),
    ...GENERATED,
  ];
  const started = performance.now();
  const { outcomes, batch } = await checkCases(cases);
  assert.deepEqual(batch.newModules, [], 'the oracle imported a module');
  assert.deepEqual(batch.violations, [], 'the oracle let a blocked event through');
  const withImports = VARIANTS.map((v) => `${v} ${outcomes.filter((o) => o.oracle.runs[v].pairs.length).length}`);
  t.diagnostic(`${cases.length} cases in ${((performance.now() - started) / 1000).toFixed(1)} s; cases where CPython resolved imports: ${withImports.join(', ')}; oracle crashes ${batch.crashes}`);
  const broken = outcomes.filter((o) => o.scan.failure);
  assert.equal(broken.length, 0, broken.slice(0, 5).map((o) => describeCase(o.case.id, o.case.bytes, o.oracle, o.scan, o.divergences)).join('\n'));
  const failing = outcomes.filter((o) => o.divergences.length > 0);
  if (failing.length) {
    const report = [
      `${failing.length} of ${cases.length} cases hide an import CPython resolves. Classes (cases):`,
      ...countClasses(failing).map(([k, n]) => `  ${n} x ${k}`),
      'First cases:',
      ...failing.slice(0, 12).map((o) => describeCase(o.case.id, o.case.bytes, o.oracle, o.scan, o.divergences)),
      'Shrink and save them with: npm run fuzz -- --cases N --seed S',
    ].join('\n');
    assert.fail(report);
  }
});
