// "Show Disassembly": a virtual read-only document (scheme `msl-disasm:`, language
// `pickle-disassembly`) with one diagnostic per marked line, so dangerous operations show up
// in the gutter, the overview ruler and the Problems panel.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { buildListing, listingText, markNote, type Listing } from '../../server/src/protocol/disassemblyListing';
import { DisassemblyRequest } from '../../server/src/protocol/report';
import { DIAGNOSTIC_SOURCE } from '../../server/src/protocol/messages';

export const DISASSEMBLY_SCHEME = 'msl-disasm';
export const DISASSEMBLY_LANGUAGE = 'pickle-disassembly';
const CLOSE_GRACE_MS = 1_000;

export class DisassemblyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('msl-disassembly');
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly listings = new Map<string, Listing>();
  /** The latest content request per document, so `show` can place the cursor once it has the listing. */
  private readonly loading = new Map<string, Promise<string>>();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly client: LanguageClient) {
    this.disposables = [
      vscode.workspace.registerTextDocumentContentProvider(DISASSEMBLY_SCHEME, this),
      // Setting the language closes and reopens the document: forget it only if it stays closed.
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme === DISASSEMBLY_SCHEME) setTimeout(() => this.forgetIfClosed(d.uri), CLOSE_GRACE_MS);
      }),
      // VS Code keeps a closed virtual document for minutes: its markers leave Problems with its last tab.
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        for (const tab of e.closed) {
          if (tab.input instanceof vscode.TabInputText && tab.input.uri.scheme === DISASSEMBLY_SCHEME) this.forgetIfNoTab(tab.input.uri);
        }
      }),
      this.diagnostics,
      this.changed,
    ];
  }

  /** `msl-disasm:/abs/path/evil.pkl.disasm?<file uri>`: readable in the tab, and reversible. */
  static uriFor(file: vscode.Uri): vscode.Uri {
    return vscode.Uri.from({ scheme: DISASSEMBLY_SCHEME, path: `${file.path}.disasm`, query: file.toString() });
  }

  static fileOf(uri: vscode.Uri): vscode.Uri {
    return vscode.Uri.parse(uri.query, true);
  }

  provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const p = this.load(uri);
    this.loading.set(uri.toString(), p);
    return p;
  }

  private async load(uri: vscode.Uri): Promise<string> {
    const file = DisassemblyDocuments.fileOf(uri);
    const d = await this.client.sendRequest(DisassemblyRequest, { uri: this.client.code2ProtocolConverter.asUri(file) });
    const listing = buildListing(d, path.basename(file.fsPath));
    this.listings.set(uri.toString(), listing);
    this.diagnostics.set(uri, listing.lines.flatMap((line, i) => {
      if (!line.mark) return [];
      const range = new vscode.Range(i, 0, i, line.text.length);
      const severity = line.mark === 'unknown' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error;
      const diag = new vscode.Diagnostic(range, markNote(line), severity);
      diag.source = DIAGNOSTIC_SOURCE;
      return [diag];
    }));
    if (d.streams.length === 0) {
      return `# ${path.basename(file.fsPath)} (${d.format}): ${d.error ?? 'no pickle stream to disassemble'}\n`;
    }
    return listingText(listing) + (d.error ? `# ${d.error}\n` : '');
  }

  /** Opens (or refreshes) the disassembly of `file`, at `line` or at the first dangerous line. */
  async show(file: vscode.Uri, line?: number): Promise<vscode.TextEditor> {
    const uri = DisassemblyDocuments.uriFor(file);
    // A document VS Code still holds is re-read: the file may have changed, and its markers may have been cleared.
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) this.changed.fire(uri);
    let doc = await vscode.workspace.openTextDocument(uri);
    await this.loading.get(uri.toString())?.catch(() => undefined);
    if (doc.languageId !== DISASSEMBLY_LANGUAGE) doc = await vscode.languages.setTextDocumentLanguage(doc, DISASSEMBLY_LANGUAGE);
    const target = line ?? this.listings.get(uri.toString())?.lines.findIndex((l) => l.mark === 'dangerous') ?? -1;
    const at = new vscode.Position(Math.max(0, Math.min(target, doc.lineCount - 1)), 0);
    const editor = await vscode.window.showTextDocument(doc, { preview: false, selection: new vscode.Range(at, at) });
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return editor;
  }

  private forgetIfClosed(uri: vscode.Uri): void {
    if (!vscode.workspace.textDocuments.some((x) => x.uri.toString() === uri.toString())) this.forget(uri);
  }

  private forgetIfNoTab(uri: vscode.Uri): void {
    const open = vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString()));
    if (!open) this.forget(uri);
  }

  private forget(uri: vscode.Uri): void {
    this.diagnostics.delete(uri);
    this.listings.delete(uri.toString());
    this.loading.delete(uri.toString());
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
