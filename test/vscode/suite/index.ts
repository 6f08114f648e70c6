// Runs inside the VS Code extension host (loaded by @vscode/test-electron, or by code-server
// through the workbench `payload` parameter, through `run()`). No mocha: a small sequential
// runner with node:assert that fails the run if any test fails. MSL_TEST_MODE=restricted runs the
// Restricted Mode set (the workspace is not trusted); MSL_TEST_RESULT names a JSON file for the
// outcome (the code-server runner reads it).
import * as fs from 'node:fs';
import { restrictedTests, trustedTests } from './tests';

export interface TestOutcome {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

export async function run(): Promise<void> {
  const restricted = process.env.MSL_TEST_MODE === 'restricted';
  const tests = restricted ? restrictedTests : trustedTests;
  const outcomes: TestOutcome[] = [];
  for (const [name, body] of tests) {
    const started = Date.now();
    try {
      await body();
      outcomes.push({ name, ok: true, ms: Date.now() - started });
      console.log(`  ✔ ${name}`);
    } catch (e) {
      const error = (e as Error).stack ?? String(e);
      outcomes.push({ name, ok: false, ms: Date.now() - started, error });
      console.error(`  ✖ ${name}\n${error}`);
    }
  }
  const failed = outcomes.filter((o) => !o.ok).length;
  console.log(`extension-host tests (${restricted ? 'restricted' : 'trusted'}): ${tests.length - failed} passed, ${failed} failed`);
  if (process.env.MSL_TEST_RESULT) fs.writeFileSync(process.env.MSL_TEST_RESULT, JSON.stringify({ mode: restricted ? 'restricted' : 'trusted', outcomes }, null, 2));
  if (failed > 0) throw new Error(`${failed} of ${tests.length} extension-host tests failed`);
}
