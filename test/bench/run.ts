// `npm run bench`: runs every test/bench/*.bench.ts and prints each figure with the reference
// measured in the same run. Targets are reported, never asserted in unit tests.
//   npm run bench                 all benchmarks
//   npm run bench -- pickle zip   only files whose name contains one of the words
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BenchResult } from './types';

async function main(): Promise<number> {
  const filters = process.argv.slice(2);
  const dir = __dirname;
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
    .sort();
  if (files.length === 0) {
    console.error(`no benchmark matched ${filters.join(' ')}`);
    return 2;
  }
  let failed = 0;
  for (const file of files) {
    console.log(`\n## ${file}`);
    const mod = (await import(path.join(dir, file))) as { run: () => Promise<BenchResult[]> };
    let results: BenchResult[];
    try {
      results = await mod.run();
    } catch (e) {
      console.log(`  ERROR ${(e as Error).stack ?? e}`);
      failed++;
      continue;
    }
    for (const r of results) {
      console.log(`  ${formatResult(r)}`);
      if (r.pass === false) failed++;
    }
  }
  console.log(`\n${failed === 0 ? 'all targets met' : `${failed} target(s) missed or errored`}`);
  return failed === 0 ? 0 : 1;
}

export function formatResult(r: BenchResult): string {
  const parts = [`${r.name}: ${fmt(r.value)} ${r.unit}`];
  if (r.reference) parts.push(`reference ${r.reference.name}: ${fmt(r.reference.value)} ${r.unit}`);
  if (r.ratio !== undefined) parts.push(`ratio ${r.ratio.toFixed(2)}x`);
  if (r.target) parts.push(`target ${r.target}`);
  if (r.pass !== undefined) parts.push(r.pass ? 'PASS' : 'MISS');
  return parts.join(' | ');
}

function fmt(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3);
}

main().then((code) => { process.exitCode = code; });
