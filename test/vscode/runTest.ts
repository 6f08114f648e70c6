// Extension-host tests in a real VS Code with @vscode/test-electron. They run only when
// VSCODE_EXECUTABLE_PATH names a VS Code executable: this never downloads VS Code (the network
// here refuses it), and says plainly that it skipped otherwise.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeWorkspaceFixture } from './fixture';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SUITE_OUT = path.join(REPO_ROOT, 'out', 'test', 'vscode', 'suite.js');
export const SKIP_LINE = 'vscode extension-host tests: skipped (VSCODE_EXECUTABLE_PATH not set; this network cannot download VS Code)';

async function main(): Promise<number> {
  const executable = process.env.VSCODE_EXECUTABLE_PATH;
  if (!executable) {
    console.log(SKIP_LINE);
    return 0;
  }
  if (!fs.existsSync(executable)) {
    console.error(`vscode extension-host tests: VSCODE_EXECUTABLE_PATH=${executable} does not exist`);
    return 1;
  }
  buildBundles();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'msl-vscode-'));
  const workspace = writeWorkspaceFixture(path.join(scratch, 'workspace'));
  const { runTests } = await import('@vscode/test-electron');
  try {
    const code = await runTests({
      vscodeExecutablePath: executable, // given, so runTests never downloads
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: SUITE_OUT,
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${path.join(scratch, 'user-data')}`,
      ],
      extensionTestsEnv: { MSL_TEST_WORKSPACE: workspace },
    });
    console.log(code === 0 ? 'vscode extension-host tests: passed' : `vscode extension-host tests: failed (exit ${code})`);
    return code;
  } catch (e) {
    console.error(`vscode extension-host tests: failed: ${(e as Error).message}`);
    return 1;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** The extension bundles, plus the suite as a CommonJS file exporting `run()` (vscode stays external). */
function buildBundles(): void {
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
  const script = `require('esbuild').buildSync({ entryPoints: { 'test/vscode/suite': 'test/vscode/suite/index.ts' }, bundle: true,
    platform: 'node', target: 'node20', format: 'cjs', external: ['vscode'], sourcemap: 'inline', logLevel: 'warning', outdir: 'out' });`;
  execFileSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, stdio: 'inherit' });
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
