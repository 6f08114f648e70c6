// One open report: the webview, its messages, and a rescan when the file changes on disk.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ModelDisassembly } from '../../../server/src/core/disasm';
import type { ProbeReport } from '../../../server/src/core/probes/types';
import { DisassemblyRequest, ReportRequest } from '../../../server/src/protocol/report';
import { isFromWebview, type FromWebview, type ReportData, type ToWebview, type ViewContext } from '../../../server/src/protocol/webview';
import { COMMANDS } from '../../../server/src/protocol/commands';
import { indexOfFindingKey, ruleIdOfKey, sectionOfUnlistedFinding } from '../../../server/src/protocol/findingLinks';
import { probeState } from '../trust';
import { makeNonce, reportHtml } from './html';

/** What the extension-host tests can see of a report (the webview's DOM is out of their reach). */
export interface ReportPanelState {
  uri: string;
  viewType: string;
  report?: ReportData;
  disassemblyStreams?: number;
  probes?: ProbeReport;
  context: ViewContext;
  error?: string;
}

export interface ReportActions {
  exportReport(uri: vscode.Uri, format: 'json' | 'sarif' | 'markdown'): Promise<unknown>;
  copyMarkdown(uri: vscode.Uri): Promise<void>;
  openRuleDocs(ruleId: string): void;
}

const RESCAN_DEBOUNCE_MS = 300;

function revealMessage(report: ReportData, key: string, probed: boolean): ToWebview {
  const index = indexOfFindingKey(report.findings, key);
  if (index >= 0) return { type: 'revealFinding', index };
  const ruleId = ruleIdOfKey(key);
  const unlisted = sectionOfUnlistedFinding(ruleId, probed);
  if (unlisted) return { type: 'revealSection', ...unlisted };
  return { type: 'notice', message: `That ${ruleId} finding is not in this report any more: the file changed since the Problems panel was updated.` };
}

export class ReportPanel implements vscode.Disposable {
  private report: ReportData | undefined;
  private disassembly: ModelDisassembly | undefined;
  private probes: ProbeReport | undefined;
  private error: string | undefined;
  private generation = 0;
  private readonly disposables: vscode.Disposable[] = [];
  private rescanTimer: NodeJS.Timeout | undefined;
  /** A finding to select once the report is there (opened from its Problems entry). */
  private pendingFinding: string | undefined;
  private disposed = false;

  constructor(
    readonly uri: vscode.Uri,
    private readonly panel: vscode.WebviewPanel,
    readonly viewType: string,
    private readonly priority: 'default' | 'option',
    extensionUri: vscode.Uri,
    private readonly client: LanguageClient,
    private readonly actions: ReportActions,
    onDispose: () => void,
  ) {
    const media = vscode.Uri.joinPath(extensionUri, 'media');
    const built = vscode.Uri.joinPath(extensionUri, 'out', 'media');
    const webview = panel.webview;
    webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [media, built] };
    webview.html = reportHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(built, 'report.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(built, 'report.css')).toString(),
      nonce: makeNonce(),
      title: path.basename(uri.fsPath),
    });
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), path.basename(uri.fsPath)));
    this.disposables.push(
      watcher,
      watcher.onDidChange(() => this.scheduleRescan()),
      watcher.onDidCreate(() => this.scheduleRescan()),
      webview.onDidReceiveMessage((m: unknown) => (isFromWebview(m) ? void this.onMessage(m) : undefined)),
      panel.onDidDispose(() => {
        this.dispose();
        onDispose();
      }),
    );
  }

  state(): ReportPanelState {
    const s: ReportPanelState = { uri: this.uri.toString(), viewType: this.viewType, context: this.context() };
    if (this.report) s.report = this.report;
    if (this.disassembly) s.disassemblyStreams = this.disassembly.streams.length;
    if (this.probes) s.probes = this.probes;
    if (this.error) s.error = this.error;
    return s;
  }

  get viewColumn(): vscode.ViewColumn | undefined {
    return this.panel.viewColumn;
  }

  /** Selects and focuses the finding with this key (protocol/findingLinks) now, or when the report arrives. */
  revealFinding(key: string): void {
    this.pendingFinding = key;
    void this.deliverReveal();
  }

  /** A hidden webview (no retained context) drops messages: the key then waits for its `ready`. */
  private async deliverReveal(): Promise<void> {
    const key = this.pendingFinding;
    if (key === undefined || !this.report || this.disposed) return;
    this.pendingFinding = undefined;
    let delivered = false;
    try {
      delivered = await this.panel.webview.postMessage(revealMessage(this.report, key, this.probes !== undefined));
    } catch {
      // disposed meanwhile
    }
    if (!delivered && this.pendingFinding === undefined && !this.disposed) this.pendingFinding = key;
  }

  /** Trust changed: the banner and the probes button follow without a rescan. */
  refreshContext(): void {
    this.post({ type: 'context', context: this.context() });
  }

  async load(): Promise<void> {
    const generation = ++this.generation;
    this.report = undefined;
    this.disassembly = undefined;
    this.probes = undefined;
    this.error = undefined;
    this.post({ type: 'loading', fileName: path.basename(this.uri.fsPath), context: this.context() });
    const uri = this.client.code2ProtocolConverter.asUri(this.uri);
    const disassembly = this.client.sendRequest(DisassemblyRequest, { uri }).then(
      (d) => d,
      (e: Error): ModelDisassembly => ({ format: 'unknown', streams: [], error: `The disassembly failed: ${e.message}` }),
    );
    try {
      const report = await this.client.sendRequest(ReportRequest, { uri });
      if (generation !== this.generation) return;
      this.report = report;
      this.post({ type: 'report', report, context: this.context() });
      void this.deliverReveal();
    } catch (e) {
      if (generation !== this.generation) return;
      this.error = `Model Security Lint could not scan this file: ${(e as Error).message}`;
      this.post({ type: 'error', message: this.error });
      return;
    }
    const d = await disassembly;
    if (generation !== this.generation) return;
    this.disassembly = d;
    this.post({ type: 'disassembly', disassembly: d });
  }

  private context(): ViewContext {
    const trusted = vscode.workspace.isTrusted;
    return { priority: this.priority, trusted, probes: probeState(trusted, this.report?.format) };
  }

  private async onMessage(m: FromWebview): Promise<void> {
    switch (m.type) {
      case 'ready':
        // A webview hidden and shown again reloads: give it what it had, without rescanning.
        if (this.report) {
          this.post({ type: 'report', report: this.report, context: this.context() });
          if (this.disassembly) this.post({ type: 'disassembly', disassembly: this.disassembly });
          if (this.probes) this.post({ type: 'probes', report: this.probes });
          void this.deliverReveal();
        } else {
          await this.load();
        }
        return;
      case 'rescan':
        return this.load();
      case 'export':
        await this.actions.exportReport(this.uri, m.format);
        return;
      case 'copyMarkdown':
        await this.actions.copyMarkdown(this.uri);
        this.post({ type: 'notice', message: 'Markdown summary copied to the clipboard.' });
        return;
      case 'showDisassembly':
        await vscode.commands.executeCommand(COMMANDS.showDisassembly.id, this.uri, m.line);
        return;
      case 'reopenDefault':
        await vscode.commands.executeCommand('vscode.openWith', this.uri, 'default');
        return;
      case 'runProbes':
        return this.runProbes();
      case 'openRuleDocs':
        this.actions.openRuleDocs(m.ruleId);
        return;
    }
  }

  /** Only when the context allows it (trusted, ONNX); the command and the server check trust again. */
  private async runProbes(): Promise<void> {
    const ctx = this.context();
    if (!ctx.probes.enabled) {
      this.post({ type: 'notice', message: ctx.probes.reason });
      return;
    }
    this.post({ type: 'probesRunning' });
    try {
      const report = await vscode.commands.executeCommand<ProbeReport | undefined>(COMMANDS.runProbes.id, this.uri);
      this.probes = report;
      if (report) this.post({ type: 'probes', report });
      else this.post({ type: 'notice', message: 'The probes did not run.' });
    } catch (e) {
      this.post({ type: 'notice', message: `The probes failed: ${(e as Error).message}` });
    }
  }

  private scheduleRescan(): void {
    if (this.rescanTimer) clearTimeout(this.rescanTimer);
    this.rescanTimer = setTimeout(() => void this.load(), RESCAN_DEBOUNCE_MS);
  }

  private post(message: ToWebview): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    this.disposed = true;
    if (this.rescanTimer) clearTimeout(this.rescanTimer);
    this.generation++;
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
