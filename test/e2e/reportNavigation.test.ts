// UI scenarios of the report beyond its first screen, against the INSTALLED VSIX in code-server:
// a Problems entry of a binary file opens the report AT its finding (through the entry's related
// information, `file#msl-finding=KEY`), and the runtime probes draw their charts. Screenshots go
// to test-results/e2e/.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { SHOW_IN_REPORT } from '../../server/src/protocol/findingLinks';
import { E2E_FILES, e2eFiles } from './fixtures';
import { screenshot } from './harness/browser';
import { showProblems, useSession } from './harness/scenario';
import { closeAllEditors, pollUntil, quickOpen, reportFrame, WAIT_MS } from './harness/workbench';

const PROBES_MS = 90_000;

/** The "show in the report" row of `file` under the Problems entry whose text matches `marker` (the tree lists it right after). */
async function relatedRow(page: Page, file: string, marker: RegExp): Promise<Locator> {
  let related: Locator | undefined;
  // Polled: the filter applies asynchronously, and other files' entries can match `marker` too.
  await pollUntil(async () => {
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: marker }).first();
    const next = page.locator(`.markers-panel .monaco-list-row[data-index="${Number(await row.getAttribute('data-index')) + 1}"]`);
    const text = await next.innerText();
    related = next;
    return text.startsWith(file) && text.includes(SHOW_IN_REPORT);
  }, `the "${SHOW_IN_REPORT}" row of ${file} under ${marker}`);
  return related!;
}

/** Tabs (in every group) whose label is `name`. */
function tabsNamed(page: Page, name: string): Locator {
  return page.locator('.tabs-container .tab', { has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace('.', '\\.')}$`) }) });
}

/** The report shows `finding` selected in its list, and the list has keyboard focus inside a focused webview. */
async function waitForSelectedFinding(frame: FrameLocator, finding: RegExp): Promise<void> {
  const selected = frame.locator('#findings-list .vlist-row[aria-selected="true"]', { hasText: finding });
  await selected.waitFor({ timeout: WAIT_MS });
  assert.match(await frame.locator('.finding-detail').innerText(), finding);
  const list = frame.locator('#findings-list');
  await pollUntil(async () => list.evaluate((el) => el.ownerDocument.activeElement === el && el.ownerDocument.hasFocus()), 'keyboard focus on the findings list');
  assert.equal(await list.getAttribute('aria-activedescendant'), await selected.getAttribute('id'));
  assert.equal(await frame.locator('#findings-list .vlist-row[aria-selected="true"]').count(), 1);
}

describe('UI: report navigation and probes (trusted workspace)', () => {
  const scenario = useSession('ui-report', true, { files: e2eFiles() });
  const multi = E2E_FILES.multi.split('/').pop()!;
  const backdoor = E2E_FILES.backdoor.split('/').pop()!;

  scenario('a binary file\'s finding in Problems opens the report at that finding, in one report tab', async (page) => {
    await showProblems(page, multi);
    const popen = await relatedRow(page, multi, /subprocess\.Popen/);
    await screenshot(page, 'finding-link-1-problems-related-information');
    await popen.click();
    await pollUntil(async () => (await tabsNamed(page, multi).count()) === 1 && (await page.locator('.tabs-container .tab.active').innerText()).includes(multi), `one active ${multi} tab`);
    const frame = reportFrame(page);
    await waitForSelectedFinding(frame, /subprocess\.Popen/);
    // Not the first finding: the report opened at the linked one, not at the top of its list.
    assert.notEqual(await frame.locator('#findings-list .vlist-row[aria-selected="true"]').getAttribute('data-index'), '0');
    await screenshot(page, 'finding-link-2-report-opened-at-finding');
    // Keyboard focus really is in the list: ArrowUp moves the selection from there.
    await page.keyboard.press('ArrowUp');
    await frame.locator('#findings-list .vlist-row[aria-selected="true"]', { hasText: /builtins\.eval/ }).waitFor({ timeout: WAIT_MS });
  });

  scenario('with the report open, another finding\'s entry reveals the same tab at that finding', async (page) => {
    await showProblems(page, multi);
    await (await relatedRow(page, multi, /os\.system\('curl/)).click();
    const frame = reportFrame(page);
    await waitForSelectedFinding(frame, /os\.system/);
    assert.equal(await tabsNamed(page, multi).count(), 1);
    await screenshot(page, 'finding-link-3-report-revealed-at-another-finding');
  });

  scenario('an ambiguous .bin (text editor by default) is redirected to its report at the finding', async (page) => {
    await closeAllEditors(page);
    await showProblems(page, 'weights.bin');
    await (await relatedRow(page, 'weights.bin', /os\.system\('id'\)/)).click();
    await pollUntil(async () => (await tabsNamed(page, 'weights.bin').count()) === 1, 'one weights.bin tab');
    const frame = reportFrame(page);
    await waitForSelectedFinding(frame, /os\.system/);
    await screenshot(page, 'finding-link-4-bin-redirected-to-report');
  });

  scenario('Run probes on the patch-backdoor CNN draws the flip-rate chart with the flagged patch, the confidence histogram and MSL901', async (page) => {
    await closeAllEditors(page);
    await quickOpen(page, backdoor);
    const frame = reportFrame(page);
    const run = frame.locator('#run-probes');
    await run.waitFor({ timeout: WAIT_MS });
    assert.equal(await run.isDisabled(), false);
    assert.match(await frame.locator('#probes-reason').innerText(), /sandboxed child process/);
    await run.click();
    await frame.locator('#probe-results').waitFor({ timeout: PROBES_MS });
    const results = frame.locator('#probe-results');
    assert.match(await results.locator('p').first().innerText(), /^Completed in \d+ ms/);
    const trigger = results.locator('.sub', { has: frame.locator('h3', { hasText: 'Trigger scan: flip rate per candidate patch' }) });
    const flagged = trigger.locator('.hist-row', { has: frame.locator('.bar.flagged') });
    assert.ok((await flagged.count()) >= 1, 'a flagged candidate bar');
    assert.match(await flagged.first().innerText(), /bottom-right → class 3\s*100%/);
    assert.ok((await trigger.locator('.hist-row').count()) > 1, 'other candidates are charted too');
    const confidence = results.locator('.sub', { has: frame.locator('h3', { hasText: /^Top-class confidence on \d+ noise inputs/ }) });
    assert.equal(await confidence.locator('.hist-row').count(), 10);
    const bins = await confidence.locator('.hist-row .num').allInnerTexts();
    assert.ok(bins.map(Number).reduce((a, b) => a + b, 0) > 0, `histogram counts ${bins.join(',')}`);
    assert.match(await results.locator('.probe-findings').innerText(), /MSL901/);
    const facts = await results.locator('table.kv').innerText();
    assert.match(facts, /Input x\s+float32\[1, 3, 16, 16\]/);
    assert.match(facts, /Budget\s+planned \d+ ms, ran \d+\/\d+ inferences/);
    await frame.locator('#probes').scrollIntoViewIfNeeded();
    await screenshot(page, 'probes-1-charts');
    await confidence.scrollIntoViewIfNeeded();
    await screenshot(page, 'probes-1b-confidence-histogram');
  });

  scenario('the probe finding reaches the Problems panel, and its link opens the report at the probes', async (page) => {
    await showProblems(page, backdoor);
    const related = await relatedRow(page, backdoor, /MSL901/);
    await screenshot(page, 'probes-2-problems-probe-finding');
    await related.click();
    const frame = reportFrame(page);
    await frame.locator('#notice.shown', { hasText: /MSL901 comes from the runtime probes: it is listed with their results here/ }).waitFor({ timeout: WAIT_MS });
    assert.equal(await tabsNamed(page, backdoor).count(), 1);
    await screenshot(page, 'probes-3-link-opens-report-at-probes');
  });
});
