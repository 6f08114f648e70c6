// The extension-host suite (test/vscode/suite) inside code-server's real extension host, loaded
// from the working tree through the workbench `payload` parameter: once in a trusted workspace,
// once in Restricted Mode. The suite reports through `codeAutomationExit` and a JSON file.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { screenshot, workbenchUrl } from './harness/browser';
import { REPO_ROOT } from './harness/codeServer';
import { openSession, type Session } from './harness/session';
import type { TestOutcome } from '../vscode/suite/index';

const SUITE_TIMEOUT_MS = 180_000;

async function runSuite(mode: 'trusted' | 'restricted'): Promise<{ exitCode: number; outcomes: TestOutcome[]; log: string[] }> {
  const resultFile = path.join(REPO_ROOT, 'test-results', 'e2e', `extension-host-${mode}.json`);
  fs.mkdirSync(path.dirname(resultFile), { recursive: true });
  fs.rmSync(resultFile, { force: true });
  let session: Session | undefined;
  let failed = true;
  const log: string[] = [];
  try {
    session = await openSession(`exthost-${mode}`, { trusted: mode === 'trusted', env: { MSL_TEST_MODE: mode, MSL_TEST_RESULT: resultFile } });
    const { page } = session.browser;
    const remote = (p: string) => `vscode-remote://127.0.0.1:${session!.server.port}${p}`;
    const exit = new Promise<number>((resolve) => void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code)));
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => void log.push(args.map(String).join(' ')));
    await page.goto(workbenchUrl(session.server.baseUrl, session.workspace, [
      ['extensionDevelopmentPath', remote(REPO_ROOT)],
      ['extensionTestsPath', remote(path.join(REPO_ROOT, 'out', 'test', 'vscode', 'suite.js'))],
    ]));
    let timer: NodeJS.Timeout | undefined;
    const exitCode = await Promise.race([
      exit,
      new Promise<number>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the ${mode} suite did not finish in ${SUITE_TIMEOUT_MS / 1000} s`)), SUITE_TIMEOUT_MS);
      }),
    ]).finally(() => clearTimeout(timer));
    await screenshot(page, `extension-host-${mode}`);
    const outcomes = fs.existsSync(resultFile) ? (JSON.parse(fs.readFileSync(resultFile, 'utf8')) as { outcomes: TestOutcome[] }).outcomes : [];
    failed = exitCode !== 0;
    return { exitCode, outcomes, log };
  } finally {
    if (failed) fs.writeFileSync(path.join(REPO_ROOT, 'test-results', 'e2e', `extension-host-${mode}.log`), log.join('\n'));
    await session?.close(failed);
  }
}

for (const mode of ['trusted', 'restricted'] as const) {
  describe(`extension-host suite in code-server (${mode})`, () => {
    let result: Awaited<ReturnType<typeof runSuite>> | undefined;
    after(() => {
      for (const o of result?.outcomes ?? []) console.log(`    ${o.ok ? '✔' : '✖'} ${o.name} (${o.ms} ms)${o.error ? `\n${o.error}` : ''}`);
    });
    it('every test passes', { timeout: SUITE_TIMEOUT_MS + 60_000 }, async () => {
      result = await runSuite(mode);
      const failed = result.outcomes.filter((o) => !o.ok).map((o) => `${o.name}: ${o.error}`);
      assert.deepEqual(failed, []);
      assert.ok(result.outcomes.length >= (mode === 'trusted' ? 10 : 4), `ran ${result.outcomes.length} tests:\n${result.log.join('\n')}`);
      assert.equal(result.exitCode, 0, result.log.join('\n'));
    });
  });
}
