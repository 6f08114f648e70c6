// The report webview bundle alone in a page (no code-server): the built CSS and script on an empty
// document, with a stand-in for VS Code's webview API that records what the page posts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from './codeServer';

export async function loadReportBundle(page: Page): Promise<void> {
  await page.setContent('<!DOCTYPE html><html><body><div id="root"></div></body></html>');
  // tsx names the functions it compiles with a `__name` helper that the page does not have.
  await page.evaluate('window.__name = (f) => f');
  await page.addStyleTag({ content: fs.readFileSync(path.join(REPO_ROOT, 'out', 'media', 'report.css'), 'utf8') });
  await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    w.posted = [];
    w.acquireVsCodeApi = () => ({ postMessage: (m: unknown) => (w.posted as unknown[]).push(m), getState: () => undefined, setState: () => undefined });
  });
  await page.addScriptTag({ content: fs.readFileSync(path.join(REPO_ROOT, 'out', 'media', 'report.js'), 'utf8') });
}

// Browser global used by the page code above (this file is type-checked without the DOM library).
declare const window: unknown;
