// A small LSP client over real JSON-RPC (the server's stdio), answering the server's requests
// the way VS Code does and recording everything it is sent.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type {
  ConfigurationParams,
  Diagnostic,
  InitializeResult,
  LogMessageParams,
  PublishDiagnosticsParams,
  Registration,
  RegistrationParams,
} from 'vscode-languageserver-protocol';
import { SummaryNotification, type WorkspaceSummary } from '../../../server/src/protocol/messages';
import { DEFAULT_SETTINGS, type MslSettings } from '../../../server/src/protocol/settings';
import { ensureServerBundle } from './bundle';
import { pathToFileURL } from 'node:url';

export interface DiagnosticsEvent extends PublishDiagnosticsParams {
  seq: number;
}

export interface ProgressEvent {
  token: string | number;
  value: { kind: 'begin' | 'report' | 'end'; title?: string; message?: string; percentage?: number; cancellable?: boolean };
  seq: number;
}

export interface StartOptions {
  root: string;
  settings?: Partial<MslSettings>;
  trusted?: boolean;
  /** A client without configuration pull, dynamic watchers or work-done progress. */
  minimal?: boolean;
}

const WAIT_MS = 15_000;

export class TestClient {
  readonly published: DiagnosticsEvent[] = [];
  readonly progress: ProgressEvent[] = [];
  readonly progressTokens: (string | number)[] = [];
  readonly registrations: Registration[] = [];
  readonly summaries: WorkspaceSummary[] = [];
  readonly logs: string[] = [];
  readonly configurationRequests: ConfigurationParams[] = [];
  /** `workspace/codeLens/refresh` requests received, by sequence number. */
  readonly codeLensRefreshes: number[] = [];
  settings: MslSettings;
  initializeResult!: InitializeResult;
  private seqCounter = 0;
  private exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
    readonly root: string,
    settings: Partial<MslSettings>,
  ) {
    this.settings = { ...structuredClone(DEFAULT_SETTINGS) as MslSettings, ...settings };
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push({ ...p, seq: this.nextSeq() });
    });
    connection.onNotification('$/progress', (p: { token: string | number; value: ProgressEvent['value'] }) => {
      this.progress.push({ token: p.token, value: p.value, seq: this.nextSeq() });
    });
    connection.onNotification(SummaryNotification, (s) => void this.summaries.push(s));
    connection.onNotification('window/logMessage', (p: LogMessageParams) => void this.logs.push(p.message));
    connection.onRequest('workspace/configuration', (p: ConfigurationParams) => {
      this.configurationRequests.push(p);
      return p.items.map((item) => (item.section === 'msl' ? structuredClone(this.settings) : null));
    });
    connection.onRequest('client/registerCapability', (p: RegistrationParams) => {
      this.registrations.push(...p.registrations);
      return null;
    });
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onRequest('workspace/codeLens/refresh', () => {
      this.codeLensRefreshes.push(this.nextSeq());
      return null;
    });
    connection.onRequest('window/workDoneProgress/create', (p: { token: string | number }) => {
      this.progressTokens.push(p.token);
      return null;
    });
  }

  static async start(options: StartOptions): Promise<TestClient> {
    const child = spawn(process.execPath, [ensureServerBundle(), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stderr!.on('data', (d: Buffer) => process.env.MSL_TEST_VERBOSE && process.stderr.write(d));
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new TestClient(child, connection, options.root, options.settings ?? {});
    connection.listen();
    const rootUri = pathToFileURL(options.root).href;
    client.initializeResult = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'ws' }],
      initializationOptions: { trusted: options.trusted ?? false },
      capabilities: options.minimal ? {} : {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeConfiguration: { dynamicRegistration: false },
          didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
          codeLens: { refreshSupport: true },
        },
        notebookDocument: { synchronization: { dynamicRegistration: false } },
        window: { workDoneProgress: true },
        textDocument: {
          synchronization: { dynamicRegistration: false },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } }, isPreferredSupport: true, dataSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
        },
      },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  uri(relative: string): string {
    return pathToFileURL(`${this.root}/${relative}`).href;
  }

  /** Current sequence number: pass it to `waitForDiagnostics` to ignore what came before. */
  get seq(): number {
    return this.seqCounter;
  }

  latest(uri: string, afterSeq = -1): DiagnosticsEvent | undefined {
    for (let i = this.published.length - 1; i >= 0; i--) {
      const e = this.published[i]!;
      if (e.seq <= afterSeq) return undefined;
      if (e.uri === uri) return e;
    }
    return undefined;
  }

  publishCount(uri: string, afterSeq = -1): number {
    return this.published.filter((e) => e.uri === uri && e.seq > afterSeq).length;
  }

  /** Waits for a publish on `uri` after `afterSeq` whose diagnostics satisfy `accept`. */
  async waitForDiagnostics(uri: string, accept: (d: Diagnostic[]) => boolean = () => true, afterSeq = -1): Promise<DiagnosticsEvent> {
    return this.waitFor(() => {
      const e = this.published.find((x) => x.uri === uri && x.seq > afterSeq && accept(x.diagnostics));
      return e;
    }, `diagnostics for ${uri}`);
  }

  async waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs = WAIT_MS): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const v = probe();
      if (v) return v;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`Timed out waiting for ${what}`);
  }

  /** Waits until a progress token has ended (the n-th `end` after `afterSeq`). */
  async waitForProgressEnd(afterSeq = -1): Promise<ProgressEvent> {
    return this.waitFor(() => this.progress.find((p) => p.seq > afterSeq && p.value.kind === 'end'), 'progress end');
  }

  async changeSettings(patch: Partial<MslSettings>): Promise<void> {
    this.settings = { ...this.settings, ...patch };
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: { msl: this.settings } });
  }

  async fileEvents(changes: { uri: string; type: 1 | 2 | 3 }[]): Promise<void> {
    await this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
  }

  async open(uri: string, text: string, languageId = 'python', version = 1): Promise<void> {
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  async replaceText(uri: string, version: number, text: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Clean shutdown: `shutdown`, `exit`, and the process's exit code. */
  async shutdown(): Promise<number | null> {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
  }

  private nextSeq(): number {
    return ++this.seqCounter;
  }
}
