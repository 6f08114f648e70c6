// One code-server + Chromium session over a fresh fixture workspace, torn down in one call.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeWorkspaceFixture } from '../../vscode/fixture';
import { launchBrowser, keepLogs, type Browser } from './browser';
import { ensureCodeServer, startCodeServer, type CodeServer, type CodeServerOptions } from './codeServer';

export interface Session {
  root: string;
  workspace: string;
  server: CodeServer;
  browser: Browser;
  /** Stops everything; keeps the logs beside the screenshots when `failed`. */
  close(failed: boolean): Promise<void>;
}

export async function openSession(name: string, o: Omit<CodeServerOptions, 'root'> & { before?: (root: string) => void }): Promise<Session> {
  ensureCodeServer();
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `msl-e2e-${name}-`)));
  const workspace = writeWorkspaceFixture(path.join(root, 'workspace'));
  o.before?.(root);
  const server = await startCodeServer({ ...o, root, env: { MSL_TEST_WORKSPACE: workspace, ...o.env } });
  let browser: Browser;
  try {
    browser = await launchBrowser();
  } catch (e) {
    await server.stop();
    throw e;
  }
  return {
    root,
    workspace,
    server,
    browser,
    async close(failed) {
      await browser.close().catch(() => undefined);
      await server.stop();
      if (failed) keepLogs(server.logsDir, name);
      if (!failed || !process.env.MSL_E2E_KEEP) fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
