// Extension entry point: activation only wires the pieces together.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ruleDocsUrl } from '../../server/src/core/rules/docs';
import { SummaryNotification, TrustChangedNotification } from '../../server/src/protocol/messages';
import { SCANNABLE_EXTENSIONS_CONTEXT, scannableExtensions } from '../../server/src/protocol/modelFiles';
import { registerCommands } from './commands';
import { FindingsDecorations } from './decorations';
import { DisassemblyDocuments } from './disassemblyDocument';
import { copyMarkdown, exportReport } from './exportReport';
import { createLanguageClient } from './languageClient';
import type { ReportPanelState } from './reportEditor/panel';
import { ReportEditorProvider } from './reportEditor/provider';
import { SummaryStatusBar } from './statusBar';

let client: LanguageClient | undefined;

/** What `activate` returns: read by the extension-host tests (webview DOM is out of their reach). */
export interface MslExtensionApi {
  reports(): ReportPanelState[];
}

export async function activate(context: vscode.ExtensionContext): Promise<MslExtensionApi> {
  // The explorer menu's `when` clause reads this list (package.json keeps no copy of it).
  void vscode.commands.executeCommand('setContext', SCANNABLE_EXTENSIONS_CONTEXT, scannableExtensions());
  const c = createLanguageClient(context);
  client = c;
  const statusBar = new SummaryStatusBar();
  const decorations = new FindingsDecorations(c);
  const disassembly = new DisassemblyDocuments(c);
  const { provider, disposables } = ReportEditorProvider.register(context.extensionUri, c, {
    exportReport: (uri, format) => exportReport(c, uri, format),
    copyMarkdown: (uri) => copyMarkdown(c, uri),
    openRuleDocs: (ruleId) => void vscode.env.openExternal(vscode.Uri.parse(ruleDocsUrl(ruleId))),
  });
  context.subscriptions.push(
    statusBar,
    decorations,
    disassembly,
    ...disposables,
    c.onNotification(SummaryNotification, (summary) => {
      statusBar.update(summary);
      decorations.refresh();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void c.sendNotification(TrustChangedNotification, { trusted: true })),
    ...registerCommands(c, disassembly),
  );
  await c.start();
  return { reports: () => provider.states() };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
