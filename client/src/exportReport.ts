// Exports a file's report (JSON, SARIF, Markdown) through the server's formatters, which are the
// CLI's: the editor and `msl scan --format ...` write the same documents.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ExportRequest } from '../../server/src/protocol/report';
import { EXPORT_FORMATS, type ExportFormat } from '../../server/src/protocol/webview';

const LABEL: Record<ExportFormat, { label: string; detail: string; filter: Record<string, string[]> }> = {
  json: { label: 'JSON', detail: 'The same document as `msl scan --format json`', filter: { JSON: ['json'] } },
  sarif: { label: 'SARIF 2.1.0', detail: 'For code scanning dashboards', filter: { SARIF: ['sarif', 'json'] } },
  markdown: { label: 'Markdown summary', detail: 'For a pull-request comment', filter: { Markdown: ['md'] } },
};

export async function exportReport(client: LanguageClient, file: vscode.Uri, format?: ExportFormat, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const chosen = format ?? (await pickFormat());
  if (!chosen) return undefined;
  const { text, fileName } = await client.sendRequest(ExportRequest, { uri: client.code2ProtocolConverter.asUri(file), format: chosen });
  const to = target ?? (await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(file, '..', fileName),
    filters: LABEL[chosen].filter,
    saveLabel: 'Export',
    title: `Export the ${LABEL[chosen].label} report of ${path.basename(file.fsPath)}`,
  }));
  if (!to) return undefined;
  // A report must never replace the evidence it describes.
  if (to.toString() === file.toString()) {
    void vscode.window.showErrorMessage('Model Security Lint: refusing to write the report over the scanned file.');
    return undefined;
  }
  await vscode.workspace.fs.writeFile(to, Buffer.from(text, 'utf8'));
  if (!target) {
    void vscode.window.showInformationMessage(`Model Security Lint: report written to ${path.basename(to.fsPath)}.`, 'Open').then((choice) => {
      if (choice === 'Open') void vscode.window.showTextDocument(to);
    });
  }
  return to;
}

export async function copyMarkdown(client: LanguageClient, file: vscode.Uri): Promise<void> {
  const { text } = await client.sendRequest(ExportRequest, { uri: client.code2ProtocolConverter.asUri(file), format: 'markdown' });
  await vscode.env.clipboard.writeText(text);
}

async function pickFormat(): Promise<ExportFormat | undefined> {
  const items = EXPORT_FORMATS.map((f) => ({ label: LABEL[f].label, detail: LABEL[f].detail, format: f }));
  return (await vscode.window.showQuickPick(items, { title: 'Export the report as' }))?.format;
}
