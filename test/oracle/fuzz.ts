// `npm run fuzz -- --cases N --seed S [--start I] [--batch B] [--no-shrink] [--max-save K] [--out DIR]`
// Long property-based and mutation fuzzing against the CPython oracle. Env fallbacks:
// FUZZ_CASES, FUZZ_SEED, FUZZ_START, FUZZ_BATCH, FUZZ_MAX_SAVE, FUZZ_OUT. Every diverging case is saved under
// test/fixtures/oracle-divergences/ (bytes + JSON sidecar, plus a shrunk copy); exit code 1 on
// any divergence or any oracle safety violation.
import * as path from 'node:path';
import { generateCases } from './generate';
import { loadSeedFiles, DIVERGENCE_DIR } from './seeds';
import { checkCases } from './runner';
import { describe as describeCase, hex } from './compare';
import { divergenceClasses } from './classify';
import { saveDivergence } from './store';
import { closeSharedPool } from './scanPool';
import { assertPython, VARIANTS } from './pythonOracle';

interface Options {
  cases: number;
  seed: number;
  start: number;
  batch: number;
  shrink: boolean;
  maxSave: number;
  out: string;
}

function parseArgs(argv: string[]): Options {
  const flag = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (name: string, env: string, fallback: number): number => {
    const v = Number(flag(name) ?? process.env[env] ?? fallback);
    if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} must be a non-negative number`);
    return Math.floor(v);
  };
  return {
    cases: num('cases', 'FUZZ_CASES', 100_000),
    seed: num('seed', 'FUZZ_SEED', Date.now() % 2 ** 31),
    start: num('start', 'FUZZ_START', 0),
    batch: Math.max(1, num('batch', 'FUZZ_BATCH', 5000)),
    shrink: !argv.includes('--no-shrink'),
    maxSave: num('max-save', 'FUZZ_MAX_SAVE', 50),
    out: flag('out') ?? process.env.FUZZ_OUT ?? DIVERGENCE_DIR,
  };
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  assertPython();
  const seeds = loadSeedFiles().map((s) => s.bytes);
  console.log(`fuzz: seed ${opts.seed}, cases ${opts.start}..${opts.start + opts.cases - 1}, ${seeds.length} seed files`);
  const started = performance.now();
  let failing = 0;
  const classes = new Map<string, number>();
  const perClassSaved = new Map<string, number>();
  let pairs = 0;
  let crashes = 0;
  let saved = 0;
  const unsafe: string[] = [];
  for (let done = 0; done < opts.cases; ) {
    const n = Math.min(opts.batch, opts.cases - done);
    const cases = generateCases(opts.seed, opts.start + done, n, seeds);
    const { outcomes, batch } = await checkCases(cases);
    crashes += batch.crashes;
    unsafe.push(...batch.newModules.map((m) => `imported ${m}`));
    for (const o of outcomes) {
      unsafe.push(...o.oracle.violations.map((v) => `case ${o.case.id} (${hex(o.case.bytes)}): ${v}`));
      for (const v of VARIANTS) pairs += o.oracle.runs[v].pairs.length;
      if (!o.divergences.length && !o.scan.failure) continue;
      failing++;
      for (const k of divergenceClasses(o)) classes.set(k, (classes.get(k) ?? 0) + 1);
      const fresh = divergenceClasses(o).some((k) => (perClassSaved.get(k) ?? 0) < 3);
      if (fresh && saved < opts.maxSave) {
        for (const k of divergenceClasses(o)) perClassSaved.set(k, (perClassSaved.get(k) ?? 0) + 1);
        saved++;
        const minimal = await saveDivergence(o, {
          dir: opts.out,
          name: `seed${opts.seed}-case${o.case.id.split(':')[1] ?? o.case.id}`,
          shrink: opts.shrink && !o.scan.failure,
          reproduce: `npm run fuzz -- --seed ${opts.seed} --start ${o.case.id.split(':')[1] ?? 0} --cases 1`,
        });
        console.log(describeCase(o.case.id, o.case.bytes, o.oracle, o.scan, o.divergences));
        console.log(`  minimal    : ${minimal}`);
      }
    }
    done += n;
    const secs = (performance.now() - started) / 1000;
    console.log(`fuzz: ${done}/${opts.cases} cases, ${failing} diverging, ${pairs} CPython imports checked, ${(done / secs).toFixed(0)} cases/s`);
  }
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  for (const [k, n] of [...classes].sort((a, b) => b[1] - a[1])) console.log(`  ${n} x ${k}`);
  if (unsafe.length) console.log(`ORACLE SAFETY: ${unsafe.slice(0, 20).join('; ')}`);
  console.log(
    `fuzz summary: seed ${opts.seed}, ${opts.cases} cases, ${failing} diverging (${classes.size} classes, ${saved} saved to ${path.relative(process.cwd(), opts.out) || '.'}), ` +
      `${pairs} CPython imports checked, ${crashes} oracle crashes, ${secs} s`,
  );
  await closeSharedPool();
  return failing || unsafe.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(2);
  },
);
