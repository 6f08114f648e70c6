// What every LSP adapter shares: the connection, the workspace model and the findings totals.
import type { Connection } from 'vscode-languageserver';
import { SummaryNotification } from '../protocol/messages';
import { FindingsStore, throttle } from './findingsStore';
import { Folders } from './folders';
import { ProjectConfigs } from './projectConfigs';
import { SettingsCache } from './settingsCache';

/** What the client said it can do, read once from `initialize`. */
export interface ClientSupport {
  configurationPull: boolean;
  dynamicWatchers: boolean;
  relativePatterns: boolean;
  workspaceFolderEvents: boolean;
}

const SUMMARY_THROTTLE_MS = 150;

export class ServerState {
  readonly folders = new Folders();
  readonly configs = new ProjectConfigs();
  readonly store: FindingsStore;
  settings: SettingsCache;
  support: ClientSupport = {
    configurationPull: false, dynamicWatchers: false, relativePatterns: false, workspaceFolderEvents: false,
  };
  /** Workspace Trust. Static analysis runs either way; anything that would run a model checks this. */
  trusted = false;
  /** True while a workspace scan runs (shown in the summary). */
  private scanningCount = 0;
  /** Keys (see `uriKey`) of text documents whose diagnostics come from the editor buffer, not the disk. */
  readonly openDocumentKeys = new Set<string>();

  constructor(readonly connection: Connection) {
    const notify = throttle(() => this.sendSummary(), SUMMARY_THROTTLE_MS);
    this.store = new FindingsStore(notify);
    this.settings = new SettingsCache(undefined, (m) => this.warn(m));
  }

  get scanning(): boolean {
    return this.scanningCount > 0;
  }

  setScanning(on: boolean): void {
    this.scanningCount += on ? 1 : -1;
    this.sendSummary();
  }

  sendSummary(): void {
    void this.connection.sendNotification(SummaryNotification, this.store.summary(this.scanning)).catch(() => undefined);
  }

  log(message: string): void {
    this.connection.console.log(message);
  }

  warn(message: string): void {
    this.connection.console.warn(message);
  }

  error(message: string): void {
    this.connection.console.error(message);
  }
}
