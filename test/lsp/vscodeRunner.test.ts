// The @vscode/test-electron runner must never try to download VS Code: without
// VSCODE_EXECUTABLE_PATH it says it skipped and succeeds; with a wrong path it fails loudly.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './helpers/bundle';

function runner(env: Record<string, string | undefined>) {
  const { VSCODE_EXECUTABLE_PATH: _drop, ...rest } = process.env;
  return spawnSync(process.execPath, ['--import', 'tsx', path.join('test', 'vscode', 'runTest.ts')], {
    cwd: REPO_ROOT,
    env: { ...rest, ...env },
    encoding: 'utf8',
  });
}

describe('test/vscode/runTest.ts', () => {
  it('skips with a clear line and exit 0 when VSCODE_EXECUTABLE_PATH is not set', () => {
    const r = runner({});
    assert.equal(r.status, 0);
    assert.equal(r.stdout.trim(), 'vscode extension-host tests: skipped (VSCODE_EXECUTABLE_PATH not set; this network cannot download VS Code)');
  });

  it('fails (exit 1) when VSCODE_EXECUTABLE_PATH names nothing', () => {
    const r = runner({ VSCODE_EXECUTABLE_PATH: path.join(REPO_ROOT, 'no-such-code-binary') });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /does not exist/);
  });
});
