// Explorer badges: files with critical or high findings get a badge and a colour, fed by the
// server's per-file counts (asked for again whenever the workspace summary changes).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { FileSeveritiesRequest } from '../../server/src/protocol/report';
import { badgeFor, type Badge } from './badges';

export class FindingsDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private badges = new Map<string, Badge>();
  private pending: Promise<void> | undefined;
  private again = false;
  private readonly registration: vscode.Disposable;

  constructor(private readonly client: LanguageClient) {
    this.registration = vscode.window.registerFileDecorationProvider(this);
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    const b = this.badges.get(uri.toString());
    return b ? new vscode.FileDecoration(b.badge, b.tooltip, new vscode.ThemeColor(b.color)) : undefined;
  }

  /** Re-reads the counts; overlapping calls collapse into one more round. */
  refresh(): void {
    if (this.pending) {
      this.again = true;
      return;
    }
    this.pending = this.load().finally(() => {
      this.pending = undefined;
      if (this.again) {
        this.again = false;
        this.refresh();
      }
    });
  }

  private async load(): Promise<void> {
    let files;
    try {
      ({ files } = await this.client.sendRequest(FileSeveritiesRequest, {}));
    } catch {
      return; // the server is restarting; the next summary brings a new round
    }
    const next = new Map<string, Badge>();
    for (const f of files) {
      const b = badgeFor(f.counts);
      if (b) next.set(this.client.protocol2CodeConverter.asUri(f.uri).toString(), b);
    }
    const changed: vscode.Uri[] = [];
    for (const key of new Set([...this.badges.keys(), ...next.keys()])) {
      const a = this.badges.get(key);
      const b = next.get(key);
      if (a?.badge !== b?.badge || a?.tooltip !== b?.tooltip) changed.push(vscode.Uri.parse(key));
    }
    this.badges = next;
    if (changed.length > 0) this.changed.fire(changed);
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
