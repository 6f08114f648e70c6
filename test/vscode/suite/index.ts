// Runs inside the VS Code extension host (loaded by @vscode/test-electron through `run()`).
// No mocha: a tiny sequential runner with node:assert, failing the run if any test fails.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ALL_COMMANDS } from '../../../server/src/protocol/commands';
import type { FileScanReport } from '../../../server/src/protocol/messages';
import { FIXED_LINE, FIXTURE_FILES } from '../fixture';

const EXTENSION_ID = 'model-security-lint.model-security-lint';
const WAIT_MS = 30_000;

type Test = [name: string, body: () => Promise<void>];

function workspaceUri(rel: string): vscode.Uri {
  const root = process.env.MSL_TEST_WORKSPACE ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(root, 'a workspace folder is open');
  return vscode.Uri.file(path.join(root, rel));
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

async function waitFor<T>(probe: () => T | undefined | false, what: string): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    const v = probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

const waitForCode = (uri: vscode.Uri, code: string) =>
  waitFor(() => vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === code), `${code} on ${uri.fsPath}`);

const tests: Test[] = [
  ['activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  }],
  ['registers every command of the table', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    for (const c of ALL_COMMANDS) assert.ok(all.has(c.id), c.id);
  }],
  ['publishes a critical MSL601 for the malicious pickle without opening it', async () => {
    const d = await waitForCode(workspaceUri(FIXTURE_FILES.evil), 'MSL601');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.source, 'Model Security Lint');
    assert.ok(typeof d.code === 'object' && d.code.target.toString().endsWith('MSL601.md'));
  }],
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

export async function run(): Promise<void> {
  let failed = 0;
  for (const [name, body] of tests) {
    try {
      await body();
      console.log(`  ✔ ${name}`);
    } catch (e) {
      failed++;
      console.error(`  ✖ ${name}\n${(e as Error).stack ?? String(e)}`);
    }
  }
  console.log(`extension-host tests: ${tests.length - failed} passed, ${failed} failed`);
  if (failed > 0) throw new Error(`${failed} of ${tests.length} extension-host tests failed`);
}
