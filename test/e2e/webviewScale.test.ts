// The report webview bundle alone in Chromium (no code-server) with a synthetic report of 100,000
// findings, 10,000 tensors and a 100,000-line disassembly: the lists must stay virtual (a bounded
// number of rows in the DOM) and reach their last row by keyboard.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, type Browser } from './harness/browser';
import { loadReportBundle } from './harness/reportBundle';

// Browser globals used by the page code below (this file is type-checked without the DOM library).
declare const window: { postMessage(message: unknown, origin: string): void };
declare const document: { querySelector(selector: string): unknown; querySelectorAll(selector: string): { length: number } };
declare function requestAnimationFrame(callback: () => void): number;

const FINDINGS = 100_000;
const TENSORS = 10_000;
const LINES = 100_000;

describe('report webview at scale (Chromium, bundle only)', () => {
  let browser: Browser;
  let renderMs = 0;

  before(async () => {
    browser = await launchBrowser();
    const { page } = browser;
    await loadReportBundle(page);
    renderMs = await page.evaluate(({ findings, tensors, lines }) => {
      const sev = ['critical', 'high', 'medium', 'low', 'info'];
      const report = {
        uri: 'file:///big.safetensors', fileName: 'big.safetensors', format: 'safetensors', formatLabel: 'safetensors', detectedBy: 'magic',
        size: 123456789, limitsHit: [], scanMs: 1, scannedAt: new Date(0).toISOString(),
        findings: Array.from({ length: findings }, (_, i) => ({
          ruleId: `MSL7${String(i % 100).padStart(2, '0')}`, severity: sev[Math.min(4, Math.floor((i / findings) * 5))], confidence: 'high',
          title: `Synthetic finding ${i}`, message: `message ${i}`, why: 'why', evidence: `evidence ${i}`,
          location: { kind: 'pointer', pointer: `t${i % tensors}` },
        })),
        summary: {
          facts: { tensorCount: tensors },
          tensors: Array.from({ length: tensors }, (_, i) => ({ name: `t${i}`, dtype: 'F32', shape: [64, 64], bytes: 16384, offset: i * 16384 })),
          graph: { ops: { Conv: 120, Relu: 118, Add: 40, MatMul: 12 }, inputs: ['x'], outputs: ['y'] },
        },
      };
      const text = Array.from({ length: lines }, (_, i) => `${String(i * 2).padStart(8)}: BININT1          ${i % 256}`).join('\n');
      const started = performance.now();
      window.postMessage({ type: 'report', report, context: { priority: 'default', trusted: true, probes: { enabled: false, reason: 'n/a' } } }, '*');
      window.postMessage({ type: 'disassembly', disassembly: { format: 'pickle', streams: [{ members: [], offset: 0, text, dangerousLines: [5, lines - 1] }] } }, '*');
      return new Promise<number>((resolve) => {
        const poll = () => (document.querySelector('#disasm-list .vlist-row') ? resolve(performance.now() - started) : requestAnimationFrame(poll));
        poll();
      });
    }, { findings: FINDINGS, tensors: TENSORS, lines: LINES });
    console.log(`# rendered ${FINDINGS} findings, ${TENSORS} tensors, ${LINES} disassembly lines in ${Math.round(renderMs)} ms`);
  }, { timeout: 120_000 });

  after(async () => {
    await browser?.close();
  });

  it('keeps every list virtual: a bounded number of rows in the DOM', async () => {
    const { page } = browser;
    const rows = await page.evaluate(() => ({
      findings: document.querySelectorAll('#findings-list .vlist-row').length,
      tensors: document.querySelectorAll('#structure-tensors .vlist-row').length,
      disasm: document.querySelectorAll('#disasm-list .vlist-row').length,
    }));
    for (const [name, n] of Object.entries(rows)) assert.ok(n > 0 && n < 100, `${name}: ${n} rows in the DOM`);
    assert.match(await page.locator('#findings .hint').innerText(), /^100,000 findings, worst first/);
    assert.match(await page.locator('#structure').innerText(), /10,000 rows/);
    await screenshot(page, '13-scale-100k-findings');
  });

  it('reaches the last finding and the last disassembly line by keyboard', async () => {
    const { page } = browser;
    await page.locator('#findings-list').focus();
    await page.keyboard.press('End');
    await page.locator(`#findings-list-row-${FINDINGS - 1}[aria-selected="true"]`).waitFor({ timeout: 10_000 });
    assert.match(await page.locator('.finding-detail').innerText(), new RegExp(`Synthetic finding ${FINDINGS - 1}`));
    await page.locator('#disasm-list').focus();
    await page.keyboard.press('End');
    await page.locator(`#disasm-list-row-${LINES}.mark-dangerous`).waitFor({ timeout: 10_000 });
    assert.ok(await page.evaluate(() => document.querySelectorAll('#disasm-list .vlist-row').length < 100));
  });

  it('selecting a finding marks its tensor in the structure', async () => {
    const { page } = browser;
    await page.locator('#findings-list').focus();
    await page.keyboard.press('Home');
    await page.locator('#structure-tensors .vlist-row.target').waitFor({ timeout: 10_000 });
    assert.match(await page.locator('#structure-tensors .vlist-row.target').innerText(), /^t0\b/);
  });
});
