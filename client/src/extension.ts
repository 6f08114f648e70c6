// Extension entry point: activation only wires the pieces together.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SummaryNotification, TrustChangedNotification } from '../../server/src/protocol/messages';
import { SCANNABLE_EXTENSIONS_CONTEXT, scannableExtensions } from '../../server/src/protocol/modelFiles';
import { registerCommands } from './commands';
import { createLanguageClient } from './languageClient';
import { SummaryStatusBar } from './statusBar';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // The explorer menu's `when` clause reads this list (package.json keeps no copy of it).
  void vscode.commands.executeCommand('setContext', SCANNABLE_EXTENSIONS_CONTEXT, scannableExtensions());
  client = createLanguageClient(context);
  const statusBar = new SummaryStatusBar();
  context.subscriptions.push(
    statusBar,
    client.onNotification(SummaryNotification, (summary) => statusBar.update(summary)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification(TrustChangedNotification, { trusted: true })),
    ...registerCommands(client),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
