// Pure pieces of the report view, the disassembly document and the badges, tested without VS Code.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { badgeFor } from '../../client/src/badges';
import { contentSecurityPolicy, reportHtml } from '../../client/src/reportEditor/html';
import { PROBES_NEED_TRUST, PROBES_ONNX_ONLY, probeState } from '../../client/src/trust';
import { createFinding } from '../../server/src/core/findings';
import type { ScanResult } from '../../server/src/core/scan';
import { DANGEROUS_IMPORT } from '../../server/src/core/rules/pickleContent';
import { markdownReport } from '../../server/src/cli/formatters/markdown';
import { buildListing, lineForLocation, listingText, markNote } from '../../server/src/protocol/disassemblyListing';
import { emptyCounts } from '../../server/src/protocol/messages';
import { isFromWebview, verdictFor } from '../../server/src/protocol/webview';

const STREAM = [
  '       0: PROTO            2                     [0]',
  "       2: GLOBAL           'os' 'system'         [1]  !! DANGEROUS os.system: starts processes",
  "      13: BINUNICODE       'id' [2]",
  '      20: GLOBAL           \'foo\' \'bar\'           [3]  ?? UNKNOWN foo.bar: not on the allowlist',
  '      30: REDUCE                                 [1]  !! DANGEROUS calls os.system(\'id\')',
  '      31: STOP                                   [0]',
  '# offset 40: trailing bytes',
].join('\n');

describe('disassembly listing', () => {
  const d = {
    format: 'pytorch-zip' as const,
    streams: [
      { members: ['a/data.pkl'], offset: 0, text: `${STREAM}\n`, dangerousLines: [1, 4] },
      { members: ['a/extra.pkl'], offset: 0, text: '       0: STOP [0]\n', dangerousLines: [] },
    ],
  };
  const l = buildListing(d, 'model.pt');

  it('puts a header before each stream and numbers opcode lines by their offsets', () => {
    assert.equal(l.lines[0]!.text, '# a/data.pkl @ 0x0');
    assert.deepEqual(l.streams.map((s) => s.headerLine), [0, 9]);
    assert.deepEqual(l.lines.slice(1, 8).map((x) => x.offset), [0, 2, 13, 20, 30, 31, undefined]);
    assert.equal(l.lines[8]!.kind, 'blank');
    assert.equal(listingText(l).split('\n').length, l.lines.length + 1);
  });

  it('marks dangerous lines from dangerousLines and unknown ones from the marker text', () => {
    assert.deepEqual(l.lines.map((x, i) => (x.mark ? `${i}:${x.mark}` : '')).filter(Boolean), ['2:dangerous', '4:unknown', '5:dangerous']);
    assert.equal(markNote(l.lines[2]!), 'Dangerous operation: os.system: starts processes');
    assert.equal(markNote(l.lines[4]!), 'Import not on the allowlist: foo.bar: not on the allowlist');
  });

  it('finds the line of a byte location in the right member, or the opcode just before it', () => {
    assert.equal(lineForLocation(l, ['a/data.pkl'], 2), 2);
    assert.equal(lineForLocation(l, ['a/data.pkl'], 25), 4);
    assert.equal(lineForLocation(l, ['a/extra.pkl'], 0), 10);
    assert.equal(lineForLocation(l, undefined, 2), undefined);
    assert.equal(lineForLocation(l, ['other.pkl'], 2), undefined);
  });
});

describe('webview messages', () => {
  it('accepts the typed messages and rejects anything else', () => {
    for (const m of [{ type: 'ready' }, { type: 'export', format: 'sarif' }, { type: 'showDisassembly', line: 3 }, { type: 'openRuleDocs', ruleId: 'MSL601' }, { type: 'runProbes' }]) {
      assert.equal(isFromWebview(m), true, JSON.stringify(m));
    }
    for (const m of [null, 'ready', {}, { type: 'export', format: 'html' }, { type: 'openRuleDocs', ruleId: 'https://evil' }, { type: 'showDisassembly', line: 'x' }, { type: 'eval' }]) {
      assert.equal(isFromWebview(m), false, JSON.stringify(m));
    }
  });

  it('words the verdict from the worst severity', () => {
    assert.equal(verdictFor('critical').title, 'Dangerous: do not load this file');
    assert.equal(verdictFor('high').tone, 'high');
    assert.equal(verdictFor(undefined).title, 'No findings');
  });
});

describe('report webview shell', () => {
  it('has a nonce CSP with no inline code, no remote loads and no connections', () => {
    const csp = contentSecurityPolicy('https://x.vscode-cdn.net', 'N0nce');
    assert.equal(csp, "default-src 'none'; style-src https://x.vscode-cdn.net; script-src 'nonce-N0nce'; img-src https://x.vscode-cdn.net data:; font-src https://x.vscode-cdn.net; connect-src 'none'; form-action 'none'; base-uri 'none'");
    const html = reportHtml({ cspSource: 'https://x', scriptUri: 'https://x/r.js', styleUri: 'https://x/r.css', nonce: 'N0nce', title: '<img src=x onerror=alert(1)>.pkl' });
    assert.match(html, /<script nonce="N0nce" src="https:\/\/x\/r\.js"><\/script>/);
    assert.doesNotMatch(html, /<img/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
  });
});

describe('badges and probes', () => {
  it('badges critical and high only', () => {
    assert.deepEqual(badgeFor({ ...emptyCounts(), critical: 2, high: 1 }), { badge: '!!', tooltip: 'Model Security Lint: 2 critical, 1 high', color: 'list.errorForeground' });
    assert.equal(badgeFor({ ...emptyCounts(), high: 3 })?.badge, '!');
    assert.equal(badgeFor({ ...emptyCounts(), medium: 5, info: 1 }), undefined);
  });

  it('never enables probes without trust; ONNX only otherwise', () => {
    assert.deepEqual(probeState(false, 'onnx'), { enabled: false, reason: PROBES_NEED_TRUST });
    assert.deepEqual(probeState(true, 'pickle'), { enabled: false, reason: PROBES_ONNX_ONLY });
    assert.equal(probeState(true, 'onnx').enabled, true);
  });
});

describe('markdown summary', () => {
  const result = (n: number, evidence: string): ScanResult => ({
    path: 'models/evil.pkl', format: 'pickle', detectedBy: 'magic', size: 64, summary: {}, limitsHit: [], timings: { totalMs: 1 },
    findings: Array.from({ length: n }, () => createFinding(DANGEROUS_IMPORT, { message: 'calls a | b', location: { kind: 'bytes', offset: 2 }, evidence })),
  });

  it('escapes table cells and fences evidence so it cannot break out', () => {
    const md = markdownReport([result(1, 'os.system("```\nrm -rf /")')], { tool: { name: 'Model Security Lint', version: '1.2.3' } });
    assert.match(md, /\| 🔴 critical \| `MSL601` \| .*calls a \\\| b \| models\/evil\.pkl @ 0x2 \|/);
    assert.match(md, /````text\nos\.system\("```\nrm -rf \/"\)\n````/);
    assert.match(md, /Model Security Lint 1\.2\.3: nothing in the scanned files was loaded or executed/);
  });

  it('caps the table and says how many were left out', () => {
    const md = markdownReport([result(60, 'x')], { tool: { name: 'MSL', version: '0' }, maxRows: 50 });
    assert.equal((md.match(/^\| 🔴 critical/gm) ?? []).length, 50);
    assert.match(md, /…and 10 more finding\(s\)/);
  });
});
