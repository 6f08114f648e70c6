// The read-only custom editor that shows a model file's report instead of its bytes. Registered
// under two view types: `default` priority for extensions only model files use, `option` for
// ambiguous ones (.bin, .pb, .model...), where the report offers the default editor back.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { REPORT_VIEW_TYPES } from '../../../server/src/protocol/modelFiles';
import { ReportPanel, type ReportActions, type ReportPanelState } from './panel';

export class ReportEditorProvider implements vscode.CustomReadonlyEditorProvider, vscode.Disposable {
  private readonly panels = new Set<ReportPanel>();

  private constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly client: LanguageClient,
    private readonly actions: ReportActions,
  ) {}

  static register(extensionUri: vscode.Uri, client: LanguageClient, actions: ReportActions): { provider: ReportEditorProvider; disposables: vscode.Disposable[] } {
    const provider = new ReportEditorProvider(extensionUri, client, actions);
    const options = { supportsMultipleEditorsPerDocument: true };
    return {
      provider,
      disposables: [
        vscode.window.registerCustomEditorProvider(REPORT_VIEW_TYPES.default, provider, options),
        vscode.window.registerCustomEditorProvider(REPORT_VIEW_TYPES.option, provider, options),
        vscode.workspace.onDidGrantWorkspaceTrust(() => provider.panels.forEach((p) => p.refreshContext())),
        provider,
      ],
    };
  }

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    const priority = panel.viewType === REPORT_VIEW_TYPES.default ? 'default' : 'option';
    const report: ReportPanel = new ReportPanel(document.uri, panel, panel.viewType, priority, this.extensionUri, this.client, this.actions, () => this.panels.delete(report));
    this.panels.add(report);
  }

  /** Open reports, for the extension-host tests. */
  states(): ReportPanelState[] {
    return [...this.panels].map((p) => p.state());
  }

  dispose(): void {
    for (const p of this.panels) p.dispose();
    this.panels.clear();
  }
}
