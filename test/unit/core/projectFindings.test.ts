// msl.config.json in what is reported (shared by `msl scan` and the language server), and the
// config's JSON Schema: fresh, and in agreement with the parser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parseProjectConfig } from '../../../server/src/core/config';
import { createFinding } from '../../../server/src/core/findings';
import { isIgnoredFile, projectFindings } from '../../../server/src/core/projectFindings';
import { ALL_RULES } from '../../../server/src/core/rules/index';
import { PICKLE_LOAD, TORCH_LOAD_WITHOUT_WEIGHTS_ONLY, YAML_UNSAFE_LOAD } from '../../../server/src/core/rules/codeDeserialization';
import { renderConfigSchema } from '../../../scripts/configSchema';

const ROOT = path.resolve('/project');
const at = { kind: 'text' as const, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } };
const FINDINGS = [
  createFinding(TORCH_LOAD_WITHOUT_WEIGHTS_ONLY, { message: 'm', location: at }),
  createFinding(YAML_UNSAFE_LOAD, { message: 'm', location: at }),
  createFinding(PICKLE_LOAD, { message: 'm', location: at }),
];
const SCHEMA_FILE = path.join(__dirname, '..', '..', '..', 'schemas', 'msl.config.schema.json');

test('ignore globs are relative to the project root; paths outside it never match', () => {
  const scope = { root: ROOT, config: { ignore: ['vendor/**', '*.ipynb'] } };
  assert.equal(isIgnoredFile(path.join(ROOT, 'vendor', 'a', 'x.py'), scope), true);
  assert.equal(isIgnoredFile(path.join(ROOT, 'nb.ipynb'), scope), true);
  assert.equal(isIgnoredFile(path.join(ROOT, 'sub', 'nb.ipynb'), scope), false, '*.ipynb is top-level only');
  assert.equal(isIgnoredFile(path.join(ROOT, 'src', 'x.py'), scope), false);
  assert.equal(isIgnoredFile(path.resolve('/elsewhere/vendor/x.py'), scope), false);
  assert.equal(isIgnoredFile(ROOT, scope), false);
});

test('projectFindings: ignored -> nothing; otherwise overrides applied; no scope -> unchanged', () => {
  const scope = { root: ROOT, config: { ignore: ['vendor/**'], severityOverrides: { MSL101: 'low' as const, [YAML_UNSAFE_LOAD.id]: 'off' as const } } };
  assert.deepEqual(projectFindings(path.join(ROOT, 'vendor', 'x.py'), FINDINGS, scope), []);
  assert.deepEqual(projectFindings(path.join(ROOT, 'x.py'), FINDINGS, scope).map((f) => `${f.ruleId} ${f.severity}`), ['MSL101 low', `${PICKLE_LOAD.id} ${PICKLE_LOAD.severity}`]);
  assert.deepEqual(projectFindings(path.join(ROOT, 'x.py'), FINDINGS, undefined), FINDINGS);
  assert.equal(FINDINGS[0]!.severity, TORCH_LOAD_WITHOUT_WEIGHTS_ONLY.severity, 'the input is left alone');
});

test('schemas/msl.config.schema.json is what scripts/configSchema.ts renders (run `npm run docs`)', () => {
  assert.equal(fs.readFileSync(SCHEMA_FILE, 'utf8'), renderConfigSchema(ALL_RULES));
});

test('the schema and the parser agree: valid configs have no problems, invalid ones are rejected by both', () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')));
  const good = [
    {},
    { $schema: 'x', include: ['**/*.pt'], exclude: ['a/**'], ignore: ['vendor/**'] },
    { severityOverrides: { MSL101: 'low', 'trust-remote-code': 'off' }, limits: { maxWallTimeMs: 1000 } },
    { pickleAllowlist: [{ module: 'a.b', name: 'C', justification: 'a plain dataclass, reviewed' }] },
    { provenance: { unlisted: 'off', requireSignatures: true, publicKey: 'k.pem', minTlogEntries: 1 } },
  ];
  for (const c of good) {
    assert.equal(validate(c), true, `schema accepts ${JSON.stringify(c)}: ${JSON.stringify(validate.errors)}`);
    assert.deepEqual(parseProjectConfig(JSON.stringify(c)).problems, [], JSON.stringify(c));
  }
  const bad = [
    { unknown: 1 },
    { ignore: 'vendor/**' },
    { severityOverrides: { MSL999: 'low' } },
    { severityOverrides: { MSL101: 'extreme' } },
    { limits: { maxWallTimeMs: 0 } },
    { limits: { noSuchLimit: 5 } },
    { pickleAllowlist: [{ module: 'a', name: 'b', justification: 'short' }] },
    { provenance: { unlisted: 'sometimes' } },
    { provenance: { minTimestamps: -1 } },
  ];
  for (const c of bad) {
    assert.equal(validate(c), false, `schema rejects ${JSON.stringify(c)}`);
    assert.notDeepEqual(parseProjectConfig(JSON.stringify(c)).problems, [], `parser rejects ${JSON.stringify(c)}`);
  }
});
