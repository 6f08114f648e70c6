// A group of UI scenarios over one code-server session with the INSTALLED VSIX: the session starts
// before the first scenario, a failing scenario is screenshotted and keeps the session's logs.
import { after, before, it } from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { screenshot, workbenchUrl } from './browser';
import { installVsix } from './codeServer';
import { openSession, type Session } from './session';
import { buildVsix } from './vsix';
import { waitForWorkbench, WAIT_MS } from './workbench';

const TIMEOUT = { timeout: 120_000 };

export interface ScenarioOptions {
  settings?: Record<string, unknown>;
  /** Files added to the fixture workspace before code-server starts (relative path -> content). */
  files?: Record<string, Uint8Array | string>;
}

export function useSession(name: string, trusted: boolean, o: ScenarioOptions = {}) {
  const ctx: { session?: Session; page?: Page; failed: boolean } = { failed: false };
  before(async () => {
    const started = Date.now();
    ctx.session = await openSession(name, {
      trusted,
      settings: o.settings ?? {},
      before: (root) => {
        for (const [rel, content] of Object.entries(o.files ?? {})) {
          const file = path.join(root, 'workspace', rel);
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, content);
        }
        const vsix = buildVsix(path.join(root, 'vsix'));
        console.log(`# VSIX: ${(vsix.bytes / 1024 / 1024).toFixed(2)} MiB (${vsix.bytes} bytes)`);
        installVsix(root, vsix.file);
      },
    });
    ctx.page = ctx.session.browser.page;
    await ctx.page.goto(workbenchUrl(ctx.session.server.baseUrl, ctx.session.workspace));
    await waitForWorkbench(ctx.page);
    console.log(`# ${name}: workbench ready in ${Date.now() - started} ms`);
  }, { timeout: 240_000 });
  after(async () => {
    if (ctx.page && ctx.failed) await screenshot(ctx.page, `${name}-FAILED`).catch(() => undefined);
    await ctx.session?.close(ctx.failed);
  });
  /** Wraps a scenario so a failure is recorded (logs kept) and screenshotted. */
  const scenario = (title: string, body: (page: Page, session: Session) => Promise<void>) =>
    it(title, TIMEOUT, async () => {
      try {
        await body(ctx.page!, ctx.session!);
      } catch (e) {
        ctx.failed = true;
        await screenshot(ctx.page!, `${name}-${title.replace(/\W+/g, '-').slice(0, 60)}-FAILED`).catch(() => undefined);
        throw e;
      }
    });
  return scenario;
}

/** Opens the Problems view (Ctrl+Shift+M toggles, so only when it is not shown) and filters it. */
export async function showProblems(page: Page, filter: string): Promise<void> {
  if (!(await page.locator('.markers-panel').isVisible())) await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel').waitFor({ timeout: WAIT_MS });
  const input = page.getByPlaceholder(/^Filter \(e\.g\./);
  await input.fill(filter);
}
