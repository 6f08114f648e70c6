// Writes schemas/msl.config.schema.json from the engine's tables (see configSchema.ts).
// `--check` fails when the committed file is stale.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_RULES } from '../server/src/core/rules/index';
import { renderConfigSchema } from './configSchema';

const file = path.join(__dirname, '..', 'schemas', 'msl.config.schema.json');
const text = renderConfigSchema(ALL_RULES);
const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
if (current === text) console.log('schemas/msl.config.schema.json is up to date');
else if (process.argv.includes('--check')) {
  console.error('stale: schemas/msl.config.schema.json (run `npm run docs`)');
  process.exitCode = 1;
} else {
  fs.writeFileSync(file, text);
  console.log('schemas/msl.config.schema.json written');
}
