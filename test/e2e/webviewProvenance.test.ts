// The report webview bundle alone in Chromium (no code-server): the Provenance section renders
// the server's provenance facts as a table whose verdicts are words (badges), with no inline
// styles, and the section link reaches it by keyboard.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, type Browser } from './harness/browser';
import { loadReportBundle } from './harness/reportBundle';

// Browser globals used by the page code below (this file is type-checked without the DOM library).
declare const window: { postMessage(message: unknown, origin: string): void };
declare const document: { querySelector(selector: string): unknown; querySelectorAll(selector: string): { length: number } };

const REV = '0123456789abcdef0123456789abcdef01234567';
const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

describe('report webview: provenance section (Chromium, bundle only)', () => {
  let browser: Browser;

  before(async () => {
    browser = await launchBrowser();
    const { page } = browser;
    await loadReportBundle(page);
    await page.evaluate(({ rev, a, b }) => {
      const report = {
        uri: 'file:///w/models/m.pkl', fileName: 'm.pkl', format: 'pickle', formatLabel: 'Python pickle', detectedBy: 'magic',
        size: 1234, findings: [], summary: {}, limitsHit: [], scanMs: 1, scannedAt: new Date(0).toISOString(), sha256: a,
        provenance: {
          manifest: 'mismatch', manifestProblems: 0, entryPath: 'models/m.pkl',
          recorded: { size: 1234, sha256: b, format: 'pickle' }, actual: { size: 1234, sha256: a },
          source: { kind: 'hub', repo: 'org/model', revision: rev, pinned: true },
          license: { id: 'apache-2.0', from: 'manifest' },
          signature: { status: 'invalid', bundle: 'models/m.sig', signer: 'the configured public key', reason: `the signed sha256 is ${b}, the file's is ${a}` },
        },
      };
      window.postMessage({ type: 'report', report, context: { priority: 'default', trusted: true, probes: { enabled: false, reason: 'n/a' } } }, '*');
    }, { rev: REV, a: A, b: B });
    await page.locator('#provenance table').waitFor({ timeout: 10_000 });
  });

  after(async () => {
    await browser?.close();
  });

  it('shows the manifest verdict, both digests, the source, licence and signature in words', async () => {
    const { page } = browser;
    const rows = await page.locator('#provenance tr').allInnerTexts();
    const byLabel = Object.fromEntries(rows.map((r) => r.split('\t')).map(([k, ...v]) => [k!.trim(), v.join(' ').replace(/\s+/g, ' ').trim()]));
    assert.equal(byLabel.Manifest, 'Mismatch This is not the file recorded for models/m.pkl: it was replaced or changed since it was recorded.');
    assert.equal(byLabel['SHA-256'], A);
    assert.equal(byLabel['Recorded SHA-256'], B);
    assert.equal(byLabel.Source, `Pinned org/model @ ${REV}`);
    assert.equal(byLabel.Licence, 'apache-2.0 (recorded in msl.lock.json)');
    assert.match(byLabel.Signature!, /^Invalid models\/m\.sig: the signed sha256 is b+, the file's is a+ \(signed by the configured public key\)$/);
    assert.equal(await page.locator('#provenance tr.prov-bad .prov-badge').first().innerText(), 'Mismatch');
    await screenshot(page, '14-report-provenance');
  });

  it('uses no inline style attributes (the CSP forbids them) and keeps th scope="row"', async () => {
    const { page } = browser;
    assert.equal(await page.evaluate(() => document.querySelectorAll('#provenance [style]').length), 0);
    assert.equal(await page.evaluate(() => document.querySelectorAll('#provenance th[scope="row"]').length), 8);
  });

  it('the "Provenance" section link is reachable by keyboard and moves to the section', async () => {
    const { page } = browser;
    const link = page.locator('nav.sections a[href="#provenance"]');
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (globalThis as unknown as { location: { hash: string } }).location.hash === '#provenance');
    assert.equal(await link.innerText(), 'Provenance');
  });
});
