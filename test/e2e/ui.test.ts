// UI scenarios against the INSTALLED VSIX in code-server, driven through Debian's Chromium the way
// a user works: Quick Open, the Problems panel, Ctrl+., the Explorer. Every stage is screenshotted
// to test-results/e2e/ (kept whatever the outcome; code-server's logs are kept on failure).
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { EVIL_COMMAND, FIXED_LINE } from '../vscode/fixture';
import { E2E_FILES, e2eFiles } from './fixtures';
import { screenshot } from './harness/browser';
import { showProblems, useSession } from './harness/scenario';
import { closeAllEditors, editorText, pollUntil, quickOpen, reportFrame, runCommand, WAIT_MS } from './harness/workbench';

function explorerRow(page: Page, name: string) {
  return page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"] .monaco-icon-label`);
}

describe('UI: the installed VSIX in code-server (trusted workspace)', () => {
  const scenario = useSession('ui', true);

  scenario('Explorer badges mark the files with critical and high findings', async (page) => {
    await page.locator('.explorer-folders-view .monaco-list-row[aria-label="models"]').click();
    const evil = explorerRow(page, 'evil.pkl');
    await pollUntil(async () => ((await evil.getAttribute('aria-label')) ?? '').includes('Model Security Lint: 1 critical'), 'the evil.pkl badge');
    const badge = await evil.evaluate((el) => el.ownerDocument.defaultView?.getComputedStyle(el, '::after').content ?? '');
    assert.match(badge, /!!/);
    const script = explorerRow(page, 'train.py');
    await pollUntil(async () => ((await script.getAttribute('aria-label')) ?? '').includes('Model Security Lint: 1 high'), 'the train.py badge');
    assert.doesNotMatch((await explorerRow(page, 'good.pkl').getAttribute('aria-label')) ?? '', /Model Security Lint/);
    await screenshot(page, '01-explorer-badges');
  });

  scenario('opening a malicious pickle shows the report: verdict, the critical finding and its evidence', async (page) => {
    await quickOpen(page, 'evil.pkl');
    const frame = reportFrame(page);
    await frame.locator('#verdict-title').waitFor({ timeout: WAIT_MS });
    assert.equal(await frame.locator('#verdict-title').innerText(), 'Dangerous: do not load this file');
    assert.equal((await frame.locator('.count.sev-critical').innerText()).trim(), '1 critical');
    assert.match(await frame.locator('.finding-row').first().innerText(), /MSL601/);
    await frame.locator('.finding-detail pre.evidence').waitFor();
    assert.equal(await frame.locator('.finding-detail pre.evidence').innerText(), `os.system('${EVIL_COMMAND}')`);
    await screenshot(page, '02-report-verdict-and-finding');
  });

  scenario('the report shows the finding in the pickle disassembly, dangerous lines highlighted', async (page) => {
    const frame = reportFrame(page);
    await frame.locator('.finding-detail button', { hasText: 'Show in disassembly' }).click();
    await frame.locator('.disasm-line.mark-dangerous.target').waitFor({ timeout: WAIT_MS });
    assert.match(await frame.locator('.disasm-line.mark-dangerous.target').innerText(), /GLOBAL\s+'os' 'system'.*!! DANGEROUS/);
    assert.equal(await frame.locator('.disasm-line.mark-dangerous').count(), 2);
    await screenshot(page, '03-report-disassembly');
  });

  scenario('the report follows the theme (dark, high contrast)', async (page) => {
    const pick = async (theme: string, cls: string) => {
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+T');
      await page.locator('.quick-input-widget input').fill(theme);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: theme }).first().waitFor({ timeout: WAIT_MS });
      // "Browse Additional Color Themes..." is listed first: move down to the theme itself.
      for (let i = 0; i < 5 && !/^\s*(Dark|Light)/.test(await page.locator('.quick-input-list .monaco-list-row.focused').innerText()); i++) {
        await page.keyboard.press('ArrowDown');
      }
      await page.keyboard.press('Enter');
      await pollUntil(async () => ((await page.locator('.monaco-workbench').getAttribute('class')) ?? '').includes(cls), theme);
    };
    for (const [theme, cls, name] of [['Dark Modern', 'vs-dark', '04a-report-dark'], ['Dark High Contrast', 'hc-black', '04b-report-high-contrast']] as const) {
      await pick(theme, cls);
      await reportFrame(page).locator('#verdict-title').waitFor();
      await page.waitForTimeout(300); // the webview restyles on the next frame
      await screenshot(page, name);
    }
    await pick('Light Modern', 'vs ');
    await closeAllEditors(page);
  });

  scenario('a PyTorch checkpoint report shows the archive tree and the dangerous import', async (page) => {
    await quickOpen(page, 'checkpoint.pt');
    const frame = reportFrame(page);
    await frame.locator('#structure-members').waitFor({ timeout: WAIT_MS });
    assert.match(await frame.locator('#structure-members').innerText(), /data\.pkl/);
    assert.match(await frame.locator('#structure-pickles').innerText(), /os\.system\s+dangerous/);
    await frame.locator('.finding-detail button', { hasText: 'Show in structure' }).click();
    await frame.locator('#structure-pickles .vlist-row.target').waitFor();
    await screenshot(page, '05-report-checkpoint-structure');
  });

  scenario('Show Disassembly opens the listing as a document with the dangerous lines marked', async (page) => {
    await runCommand(page, 'Model Security Lint: Show Disassembly');
    await page.locator('.tabs-container .tab.active', { hasText: 'checkpoint.pt.disasm' }).waitFor({ timeout: WAIT_MS });
    await pollUntil(async () => (await editorText(page)).includes('!! DANGEROUS'), 'the disassembly text');
    assert.match(await editorText(page), /# checkpoint\/data\.pkl @ 0x0/);
    await page.locator('.editor-group-container.active .squiggly-error').first().waitFor({ timeout: WAIT_MS });
    await screenshot(page, '06-disassembly-document');
    await closeAllEditors(page);
  });

  scenario('a script: the diagnostic is in the Problems panel, Ctrl+. applies the quick fix', async (page) => {
    await quickOpen(page, 'train.py');
    await showProblems(page, 'train.py');
    const problems = page.locator('.markers-panel');
    await problems.locator('.monaco-list-row', { hasText: 'weights_only' }).first().waitFor({ timeout: WAIT_MS });
    assert.match(await problems.innerText(), /MSL101/);
    await screenshot(page, '07-problems-panel');
    await page.locator('.editor-group-container.active .view-lines').click();
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').fill(':3:10');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget .monaco-list-row.focused', { hasText: 'weights_only=True' });
    await fix.waitFor({ timeout: WAIT_MS });
    await screenshot(page, '08-quick-fix-menu');
    await page.keyboard.press('Enter');
    await pollUntil(async () => (await editorText(page)).includes(FIXED_LINE), 'the fixed line');
    await screenshot(page, '09-quick-fix-applied');
    await runCommand(page, 'File: Revert File');
  });

  scenario('a binary file\'s entry in the Problems panel opens its report', async (page) => {
    await closeAllEditors(page);
    await showProblems(page, 'evil.pkl');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'attacker.example/x' }).first();
    await row.waitFor({ timeout: WAIT_MS });
    await row.dblclick();
    await page.locator('.tabs-container .tab.active', { hasText: 'evil.pkl' }).waitFor({ timeout: WAIT_MS });
    await reportFrame(page).locator('#verdict-title').waitFor({ timeout: WAIT_MS });
    await screenshot(page, '10-problems-opens-report');
  });
});

describe('UI: Restricted Mode (untrusted workspace)', () => {
  const scenario = useSession('ui-restricted', false, { files: e2eFiles() });

  scenario('the report says static analysis only, and Run probes is disabled with the reason', async (page) => {
    await quickOpen(page, 'evil.pkl');
    const frame = reportFrame(page);
    await frame.locator('#restricted-banner').waitFor({ timeout: WAIT_MS });
    assert.match(await frame.locator('#restricted-banner').innerText(), /only static analysis runs/);
    assert.equal(await frame.locator('#run-probes').isDisabled(), true);
    assert.match(await frame.locator('#probes-reason').innerText(), /disabled in Restricted Mode/);
    assert.equal(await frame.locator('#verdict-title').innerText(), 'Dangerous: do not load this file');
    await screenshot(page, '11-restricted-mode-report');
    await frame.locator('#probes').scrollIntoViewIfNeeded();
    await screenshot(page, '12-restricted-mode-probes');
  });

  scenario('an ONNX model, which probes could run on when trusted: Run probes stays disabled for Restricted Mode', async (page) => {
    await closeAllEditors(page);
    await quickOpen(page, E2E_FILES.backdoor.split('/').pop()!);
    const frame = reportFrame(page);
    await frame.locator('#run-probes').waitFor({ timeout: WAIT_MS });
    assert.equal(await frame.locator('#run-probes').isDisabled(), true);
    assert.match(await frame.locator('#probes-reason').innerText(), /disabled in Restricted Mode/);
    assert.match(await frame.locator('#probes').innerText(), /No probe results/);
    await frame.locator('#probes').scrollIntoViewIfNeeded();
    await screenshot(page, '12b-restricted-mode-onnx-probes-disabled');
  });
});
