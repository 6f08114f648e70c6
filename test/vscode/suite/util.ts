// Helpers for the extension-host tests.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MslExtensionApi } from '../../../client/src/extension';
import type { ReportPanelState } from '../../../client/src/reportEditor/panel';

export const EXTENSION_ID = 'model-security-lint.model-security-lint';
const WAIT_MS = 30_000;

export type Test = [name: string, body: () => Promise<void>];

export function workspaceUri(rel: string): vscode.Uri {
  const root = process.env.MSL_TEST_WORKSPACE ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(root, 'a workspace folder is open');
  return vscode.Uri.file(path.join(root, rel));
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, ms = WAIT_MS): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

export const waitForCode = (uri: vscode.Uri, code: string) =>
  waitFor(() => vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === code), `${code} on ${uri.fsPath}`);

export async function api(): Promise<MslExtensionApi> {
  const ext = vscode.extensions.getExtension<MslExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  return ext.activate();
}

/** The report open on `uri`, once its scan (and, when asked, its disassembly) has arrived. */
export async function reportFor(uri: vscode.Uri, withDisassembly = true): Promise<ReportPanelState> {
  const a = await api();
  return waitFor(() => a.reports().find((r) => r.uri === uri.toString() && r.report && (!withDisassembly || r.disassemblyStreams !== undefined)), `the report of ${uri.fsPath}`);
}

export function activeCustomTab(): vscode.TabInputCustom | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom ? input : undefined;
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
