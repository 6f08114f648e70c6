// The read-only custom editor that shows a model file's report instead of its bytes. Registered
// under two view types: `default` priority for extensions only model files use, `option` for
// ambiguous ones (.bin, .pb, .model...), where the report offers the default editor back.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { parseFindingFragment } from '../../../server/src/protocol/findingLinks';
import { REPORT_VIEW_TYPES, reportViewTypeFor } from '../../../server/src/protocol/modelFiles';
import { ReportPanel, type ReportActions, type ReportPanelState } from './panel';

const VIEW_TYPES: ReadonlySet<string> = new Set(Object.values(REPORT_VIEW_TYPES));

/** The resource of a tab not shown by the report editor (which handles its own finding links). */
function foreignTabUri(tab: vscode.Tab): vscode.Uri | undefined {
  const input = tab.input;
  if (input instanceof vscode.TabInputText) return input.uri;
  if (input instanceof vscode.TabInputCustom && !VIEW_TYPES.has(input.viewType)) return input.uri;
  return undefined;
}

export class ReportEditorProvider implements vscode.CustomReadonlyEditorProvider, vscode.Disposable {
  private readonly panels = new Set<ReportPanel>();
  /** Finding keys for reports being opened by `openAtFinding`, by plain file URI. */
  private readonly pendingFindings = new Map<string, string>();
  /** Finding URIs being redirected from another editor's tab (a tab can be reported more than once). */
  private readonly redirecting = new Set<string>();

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
        vscode.window.tabGroups.onDidChangeTabs((e) => provider.redirectFindingTabs([...e.opened, ...e.changed])),
        provider,
      ],
    };
  }

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    const finding = parseFindingFragment(document.uri.fragment);
    if (finding !== undefined) {
      // A Problems entry's "show in the report" location: a stand-in tab that hands over to the report.
      void this.openAtFinding(document.uri.with({ fragment: '' }), finding, panel.viewType, panel.viewColumn, () => panel.dispose());
      return;
    }
    const priority = panel.viewType === REPORT_VIEW_TYPES.default ? 'default' : 'option';
    const report: ReportPanel = new ReportPanel(document.uri, panel, panel.viewType, priority, this.extensionUri, this.client, this.actions, () => this.panels.delete(report));
    this.panels.add(report);
    const key = this.pendingFindings.get(document.uri.toString());
    if (key !== undefined) {
      this.pendingFindings.delete(document.uri.toString());
      report.revealFinding(key);
    }
  }

  /**
   * Reveals the file's report (the one already open, preferably in `column`, else a new one there)
   * at the finding, then closes the stand-in: one report tab per file, whichever way it was opened.
   */
  private async openAtFinding(file: vscode.Uri, key: string, viewType: string, column: vscode.ViewColumn | undefined, closeStandIn: () => unknown): Promise<void> {
    const open = [...this.panels].filter((p) => p.uri.toString() === file.toString());
    const existing = open.find((p) => p.viewColumn === column) ?? open[0];
    const target = existing?.viewColumn ?? column;
    // A report opened by this call takes the key when it resolves; one already open, once shown
    // (revealed after, as a hidden webview drops messages); if it closed meanwhile (a preview
    // tab replaced by the stand-in), a new one opens and takes the key.
    this.pendingFindings.set(file.toString(), key);
    try {
      await vscode.commands.executeCommand('vscode.openWith', file, existing ? existing.viewType : viewType, { viewColumn: target, preserveFocus: false, preview: false });
      if (existing && this.panels.has(existing)) existing.revealFinding(key);
    } finally {
      this.pendingFindings.delete(file.toString());
      await closeStandIn();
    }
  }

  /** A finding location that opened in another editor (a `.bin` has the text editor by default). */
  private redirectFindingTabs(tabs: readonly vscode.Tab[]): void {
    for (const tab of tabs) {
      const uri = foreignTabUri(tab);
      const key = uri?.scheme === 'file' ? parseFindingFragment(uri.fragment) : undefined;
      if (!uri || key === undefined || this.redirecting.has(uri.toString())) continue;
      this.redirecting.add(uri.toString());
      const file = uri.with({ fragment: '' });
      void this.openAtFinding(file, key, reportViewTypeFor(path.basename(file.fsPath)), tab.group.viewColumn, async () => {
        // Looked up again: a Tab object can be replaced by a newer one while the report opens.
        const current = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => foreignTabUri(t)?.toString() === uri.toString());
        await Promise.resolve(vscode.window.tabGroups.close(current)).catch(() => false);
        this.redirecting.delete(uri.toString());
      });
    }
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
