// Handlers for the commands declared in the shared table (server/src/protocol/commands.ts).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { COMMANDS, type CommandName } from '../../server/src/protocol/commands';
import {
  ScanFileRequest,
  ScanWorkspaceRequest,
  type FileScanReport,
  type SeverityCounts,
  type WorkspaceScanReport,
} from '../../server/src/protocol/messages';
import { reportViewTypeFor } from '../../server/src/protocol/modelFiles';
import { EXPORT_FORMATS, type ExportFormat } from '../../server/src/protocol/webview';
import type { DisassemblyDocuments } from './disassemblyDocument';
import { exportReport } from './exportReport';
import { runProbes } from './runProbes';
import { recordProvenance } from './provenanceCommand';
import { PROBLEMS_VIEW_COMMAND } from './statusBar';

/** Handlers resolve with the server's report, so tests and other commands can use the result. */
type Handler = (...args: unknown[]) => Promise<unknown>;

export function registerCommands(client: LanguageClient, disassembly: DisassemblyDocuments): vscode.Disposable[] {
  // Server-made commands (code lenses) pass URIs as strings.
  const resource = (arg: unknown) => (arg instanceof vscode.Uri ? arg : typeof arg === 'string' && /^file:/.test(arg) ? vscode.Uri.parse(arg, true) : activeResource());
  const handlers: Record<CommandName, Handler> = {
    scanWorkspace: () => scanWorkspace(client),
    scanFile: (arg) => scanFile(client, resource(arg)),
    openReport: (arg) => openReport(resource(arg)),
    showDisassembly: (arg, line) => showDisassembly(disassembly, resource(arg), typeof line === 'number' ? line : undefined),
    // (uri?, format?, target?): with all three, no prompt (tests, tasks, keybindings).
    exportReport: (arg, format, target) => {
      const file = fileResource(resource(arg));
      const f = EXPORT_FORMATS.includes(format as ExportFormat) ? (format as ExportFormat) : undefined;
      return file ? exportReport(client, file, f, target instanceof vscode.Uri ? target : undefined) : Promise.resolve(undefined);
    },
    runProbes: (arg) => runProbes(client, fileResource(resource(arg))),
    recordProvenance: (arg, source, confirmed) => recordProvenance(client, resource(arg), source, confirmed),
  };
  return (Object.keys(COMMANDS) as CommandName[]).map((name) => vscode.commands.registerCommand(COMMANDS[name].id, handlers[name]));
}

async function scanWorkspace(client: LanguageClient): Promise<WorkspaceScanReport | undefined> {
  let report: WorkspaceScanReport;
  try {
    report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Model Security Lint: scanning workspace', cancellable: true },
      (_progress, token) => client.sendRequest(ScanWorkspaceRequest, {}, token),
    );
  } catch (e) {
    // Cancelling from the notification rejects the request; the files scanned so far stay published.
    if (!(e instanceof vscode.CancellationError) && (e as { code?: number }).code !== -32800) {
      void vscode.window.showErrorMessage(`Model Security Lint: the workspace scan failed: ${(e as Error).message}`);
    }
    return undefined;
  }
  const suffix = report.cancelled ? ' (cancelled)' : '';
  announce(`Model Security Lint: scanned ${report.files} file${report.files === 1 ? '' : 's'}${suffix}: ${countsText(report.counts)}.`, report.counts);
  return report;
}

async function scanFile(client: LanguageClient, uri: vscode.Uri | undefined): Promise<FileScanReport | undefined> {
  if (!uri || uri.scheme !== 'file') {
    void vscode.window.showWarningMessage('Model Security Lint: select a file on disk (in the Explorer or an open editor) to scan.');
    return undefined;
  }
  const report = await client.sendRequest(ScanFileRequest, { uri: client.code2ProtocolConverter.asUri(uri) });
  const name = path.basename(uri.fsPath);
  const error = report.error ? ` (${report.error})` : '';
  announce(`Model Security Lint: ${name} (${report.format})${error}: ${countsText(report.counts)}.`, report.counts);
  return report;
}

async function openReport(uri: vscode.Uri | undefined): Promise<boolean> {
  const file = fileResource(uri);
  if (!file) return false;
  await vscode.commands.executeCommand('vscode.openWith', file, reportViewTypeFor(path.basename(file.fsPath)));
  return true;
}

async function showDisassembly(docs: DisassemblyDocuments, uri: vscode.Uri | undefined, line: number | undefined): Promise<string | undefined> {
  const file = fileResource(uri);
  if (!file) return undefined;
  const editor = await docs.show(file, line);
  return editor.document.uri.toString();
}

/** A file on disk, or a warning; a disassembly document stands for its file. */
function fileResource(uri: vscode.Uri | undefined): vscode.Uri | undefined {
  if (uri?.scheme === 'msl-disasm') return vscode.Uri.parse(uri.query, true);
  if (uri?.scheme === 'file') return uri;
  void vscode.window.showWarningMessage('Model Security Lint: select a model file on disk (in the Explorer or an open editor).');
  return undefined;
}

/** The resource of the active editor: text editors, and custom or binary editors through their tab. */
function activeResource(): vscode.Uri | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor) return editor.document.uri;
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) return input.uri;
  return undefined;
}

function countsText(c: SeverityCounts): string {
  const parts = (Object.keys(c) as (keyof SeverityCounts)[]).filter((k) => c[k] > 0).map((k) => `${c[k]} ${k}`);
  return parts.length > 0 ? parts.join(', ') : 'no findings';
}

/** Shows the outcome without waiting for the user: the command resolves when the scan is done. */
function announce(message: string, counts: SeverityCounts): void {
  const show = counts.critical + counts.high > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(message, 'Show Problems').then((choice) => {
    if (choice === 'Show Problems') void vscode.commands.executeCommand(PROBLEMS_VIEW_COMMAND);
  });
}
