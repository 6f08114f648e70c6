// Runs one test tier with node's test runner. Node 20's `--test` does not expand globs, so the
// files are found here: every *.test.ts below the tier's folder, in a stable order.
//   node scripts/runTests.mjs test/unit [more folders or files...]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function find(p) {
  if (statSync(p).isFile()) return [p];
  return readdirSync(p).sort().flatMap((name) => {
    const full = join(p, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : find(full);
    return name.endsWith('.test.ts') ? [full] : [];
  });
}

const targets = process.argv.slice(2);
if (targets.length === 0) {
  console.error('usage: node scripts/runTests.mjs FOLDER_OR_FILE...');
  process.exit(2);
}
const files = targets.flatMap(find);
if (files.length === 0) {
  console.error(`no *.test.ts files under ${targets.join(' ')}`);
  process.exit(1);
}
const reporter = process.env.MSL_TEST_REPORTER ?? 'spec';
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-reporter=${reporter}`, ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
