// Driving the workbench the way a user does: Quick Open, the command palette, the report webview.
import type { FrameLocator, Page } from 'playwright-core';

export const WAIT_MS = 30_000;

export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
}

/**
 * Opens the quick input with `key` and types `text`. The widget is shared: right after another
 * picker closes (a theme pick, say) the key can land while it is still hiding, so try again.
 */
async function typeInQuickInput(page: Page, key: string, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press(key);
    try {
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      await input.fill(text, { timeout: 5_000 });
      return;
    } catch (e) {
      if (attempt === 3) throw e;
      await page.keyboard.press('Escape');
    }
  }
}

export async function quickOpen(page: Page, name: string): Promise<void> {
  await typeInQuickInput(page, 'Control+P', name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: WAIT_MS });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: WAIT_MS });
}

export async function runCommand(page: Page, title: string): Promise<void> {
  await typeInQuickInput(page, 'F1', `>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: WAIT_MS });
  await page.keyboard.press('Enter');
}

export async function closeAllEditors(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
  await page.locator('.tabs-container .tab').first().waitFor({ state: 'detached', timeout: WAIT_MS }).catch(() => undefined);
}

/** The active report webview (webviews are nested iframes). */
export function reportFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
}

/** Text of the active text editor, with the non-breaking spaces Monaco renders made plain. */
export async function editorText(page: Page): Promise<string> {
  const text = await page.locator('.editor-group-container.active .view-lines').first().innerText();
  return text.replace(/\u00a0/g, ' ');
}

export async function pollUntil(probe: () => Promise<boolean>, what: string, ms = WAIT_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}
