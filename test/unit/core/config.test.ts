import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isIgnoredPath, loadProjectConfig, parseProjectConfig, scanOptionsFrom } from '../../../server/src/core/config';
import { resolveLimits, DEFAULT_LIMITS } from '../../../server/src/core/limits';

test('a valid config becomes scan options', () => {
  const { config, problems } = parseProjectConfig(JSON.stringify({
    exclude: ['**/big/**'],
    limits: { maxPickleOpcodes: 1000 },
    pickleAllowlist: [{ module: 'mylib.layers', name: 'Dense', justification: 'plain data class, no __reduce__' }],
  }));
  assert.deepEqual(problems, []);
  const options = scanOptionsFrom(config);
  assert.equal(options.limits?.maxPickleOpcodes, 1000);
  assert.equal(options.policy?.extraAllowed?.[0]?.name, 'Dense');
  assert.deepEqual(config.exclude, ['**/big/**']);
});

test('allowlist entries without a justification are refused with a message', () => {
  const { config, problems } = parseProjectConfig(JSON.stringify({
    pickleAllowlist: [{ module: 'os', name: 'system' }, { module: 'x', name: 'y', justification: 'short' }],
  }));
  assert.deepEqual(config.pickleAllowlist, []);
  assert.equal(problems.length, 2);
  assert.match(problems[0]!, /os\.system.*justification/);
});

test('bad JSON, unknown keys and bad limits are problems, not exceptions', () => {
  assert.match(parseProjectConfig('{').problems[0]!, /not valid JSON/);
  assert.match(parseProjectConfig('[]').problems[0]!, /must be an object/);
  const p = parseProjectConfig(JSON.stringify({ limitz: 1, limits: { maxPickleOpcodes: -1, nope: 3 }, include: 'x' })).problems;
  assert.equal(p.length, 4, p.join('\n'));
});

test('loadProjectConfig reads the file from the folder, absent file is fine', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msl-cfg-'));
  assert.deepEqual(loadProjectConfig(dir), { config: {}, problems: [] });
  fs.writeFileSync(path.join(dir, 'msl.config.json'), '{"include":["**/*.pt"]}');
  const loaded = loadProjectConfig(dir);
  assert.deepEqual(loaded.config.include, ['**/*.pt']);
  assert.equal(loaded.file, path.join(dir, 'msl.config.json'));
});

test('limits resolve over the defaults and ignore nonsense', () => {
  const l = resolveLimits({ maxNestingDepth: 3, maxPickleMemo: Number.NaN, maxArchiveEntries: 0 });
  assert.equal(l.maxNestingDepth, 3);
  assert.equal(l.maxPickleMemo, DEFAULT_LIMITS.maxPickleMemo);
  assert.equal(l.maxArchiveEntries, DEFAULT_LIMITS.maxArchiveEntries);
});

test('severityOverrides and ignore globs are parsed and validated', () => {
  const parse = parseProjectConfig;
  const { config, problems } = parse(JSON.stringify({
    severityOverrides: { MSL201: 'medium', 'hub-load-unpinned-revision': 'off' },
    ignore: ['vendor/**', '**/*_test.py'],
  }));
  assert.deepEqual(problems, []);
  assert.deepEqual(config.severityOverrides, { MSL201: 'medium', MSL202: 'off' });
  assert.equal(isIgnoredPath('vendor/lib/x.py', config), true);
  assert.equal(isIgnoredPath('src/model_test.py', config), true);
  assert.equal(isIgnoredPath('src\\train.py', config), false);
  assert.equal(isIgnoredPath('src/train.py', {}), false);
  const bad = parse(JSON.stringify({ severityOverrides: ['MSL201'], ignore: [3] })).problems;
  assert.equal(bad.length, 2, bad.join('\n'));
  assert.match(bad.join('\n'), /severityOverrides/);
  assert.match(bad.join('\n'), /"ignore" must be an array of glob strings/);
});

test('the provenance section is validated key by key', () => {
  const ok = parseProjectConfig(JSON.stringify({
    provenance: { unlisted: 'medium', requireSignatures: true, publicKey: 'keys/pub.pem', trustedRoot: 'trusted_root.json', minTlogEntries: 1, minTimestamps: 0 },
  }));
  assert.deepEqual(ok.problems, []);
  assert.deepEqual(ok.config.provenance, { unlisted: 'medium', requireSignatures: true, publicKey: 'keys/pub.pem', trustedRoot: 'trusted_root.json', minTlogEntries: 1, minTimestamps: 0 });
  const bad = parseProjectConfig(JSON.stringify({ provenance: { unlisted: 'loud', requireSignatures: 'yes', publicKey: 3, minTlogEntries: -1, colour: 1 } }));
  assert.equal(bad.problems.length, 5);
  assert.deepEqual(bad.config.provenance, {});
  assert.match(parseProjectConfig('{"provenance": []}').problems[0]!, /"provenance" must be an object/);
});
