// Generates docs/rules/<ID>.md and docs/rules/README.md from the rule metadata, so the pages
// linked from every diagnostic never drift from the code. `--check` fails when a page is stale.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_RULES } from '../server/src/core/rules/index';
import { renderRuleIndex, renderRulePage } from './ruleDocs';

const outDir = path.join(__dirname, '..', 'docs', 'rules');
const check = process.argv.includes('--check');

const wanted = new Map<string, string>();
for (const rule of ALL_RULES) wanted.set(`${rule.id}.md`, renderRulePage(rule));
wanted.set('README.md', renderRuleIndex(ALL_RULES));

let stale = 0;
fs.mkdirSync(outDir, { recursive: true });
for (const [name, text] of wanted) {
  const file = path.join(outDir, name);
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  if (current === text) continue;
  stale++;
  if (check) console.error(`stale: docs/rules/${name}`);
  else fs.writeFileSync(file, text);
}
for (const name of fs.readdirSync(outDir)) {
  if (!wanted.has(name)) {
    stale++;
    if (check) console.error(`orphan: docs/rules/${name}`);
    else fs.unlinkSync(path.join(outDir, name));
  }
}
if (check && stale > 0) {
  console.error('run `npm run docs` to regenerate the rule pages');
  process.exitCode = 1;
} else if (!check) {
  console.log(`docs/rules: ${wanted.size} pages, ${stale} updated`);
}
