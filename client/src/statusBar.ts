// Status bar item: the number of critical/high findings across the workspace, fed by the
// server's `msl/summary` notification; clicking opens the Problems view.
import * as vscode from 'vscode';
import { emptyCounts, type WorkspaceSummary } from '../../server/src/protocol/messages';
import { statusText } from './statusText';

export const PROBLEMS_VIEW_COMMAND = 'workbench.actions.view.problems';

export class SummaryStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('msl.summary', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'Model Security Lint';
    this.item.command = PROBLEMS_VIEW_COMMAND;
    this.update({ counts: emptyCounts(), filesWithFindings: 0, scanning: true });
    this.item.show();
  }

  update(summary: WorkspaceSummary): void {
    const s = statusText(summary);
    this.item.text = s.text;
    this.item.tooltip = s.tooltip;
    this.item.backgroundColor =
      s.tone === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : s.tone === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground')
      : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
