// Wires the LSP adapters to one connection. Each handler delegates to a small module;
// this file only decides which one runs when.
import {
  CodeActionKind,
  ErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  FIX_ALL_KIND,
  ScanFileRequest,
  ScanWorkspaceRequest,
  TrustChangedNotification,
  type MslInitializationOptions,
} from '../protocol/messages';
import { isModelFileName } from '../protocol/modelFiles';
import { codeActionsFor } from './codeActions';
import { DiskScanner } from './diskScanner';
import { Folders, type Folder } from './folders';
import { hoverFor } from './hover';
import { isPythonDocument, PythonDocuments } from './pythonDocuments';
import { ScriptFeatures } from './scriptFeatures';
import { SettingsCache } from './settingsCache';
import { ServerState } from './state';
import { uriToPath } from './uris';
import { onFileEvents, publishConfigProblems, Watchers } from './watchers';
import { WorkspaceScanner } from './workspaceScan';
import { settingsChange } from './settingsChange';
import { registerReportRequests } from './reportRequests';
import { registerProvenance } from './provenance';
import { onManifestChanged } from './manifestChanges';
import { registerProbeRequests } from './probes';

const SERVER_VERSION = '0.1.0';

export function startSession(connection: Connection): ServerState {
  const state = new ServerState(connection);
  const documents = new TextDocuments(TextDocument);
  const disk = new DiskScanner(state);
  const python = new PythonDocuments(state, documents, disk);
  const scripts = new ScriptFeatures(state, documents, python, disk);
  const workspace = new WorkspaceScanner(state, disk);
  const watchers = new Watchers(state);
  /** Notification handlers run detached: their failures are logged, never left to crash the process. */
  const guard = (what: string, p: Promise<unknown>) => void p.catch((e) => state.error(`${what} failed: ${(e as Error).stack ?? String(e)}`));
  const rescan = (folders: readonly Folder[]) => {
    if (folders.length > 0) guard('Workspace scan', workspace.scan(folders));
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    readClientSupport(state, params);
    state.settings = new SettingsCache(
      state.support.configurationPull
        ? (scopeUri, section) => connection.workspace.getConfiguration(scopeUri ? { scopeUri, section } : { section })
        : undefined,
      (m) => state.warn(m),
    );
    const rootPath = params.rootUri ? uriToPath(params.rootUri) : undefined;
    state.folders.add(params.workspaceFolders ?? (rootPath ? [Folders.fromRoot(rootPath)] : []));
    state.trusted = (params.initializationOptions as Partial<MslInitializationOptions> | undefined)?.trusted === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        ...scripts.capabilities(params),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'Model Security Lint', version: SERVER_VERSION },
    };
  });

  connection.onInitialized(() => {
    if (state.support.workspaceFolderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders((e) =>
        guard('Workspace folder change', (async () => {
          for (const f of state.folders.remove(e.removed)) {
            disk.clearUnder(f.path);
            state.configs.forget(f.path);
          }
          const added = state.folders.add(e.added);
          await watchers.update();
          for (const f of added) publishConfigProblems(state, f, false);
          rescan(await foldersToScanOnStartup(state, added));
        })()),
      );
    }
    guard('Start-up', (async () => {
      for (const f of state.folders.all()) publishConfigProblems(state, f, false);
      await watchers.update();
      rescan(await foldersToScanOnStartup(state, state.folders.all()));
      state.sendSummary(); // the client shows "scanning" until the first summary
    })());
  });

  connection.onDidChangeConfiguration((change) =>
    guard('Settings change', (async () => {
      const { rescan: toRescan, prune } = await settingsChange(state, () => state.settings.invalidate(change.settings));
      await watchers.update();
      for (const f of prune) await disk.pruneUncovered(f.path);
      if (toRescan.length > 0) rescan(toRescan);
    })()),
  );

  // A changed msl.config.json may change what is covered: re-register watchers, rescan its folder.
  const configChanged = (f: Folder) => {
    guard('Watcher update', watchers.update());
    scripts.reanalyseOpen();
    rescan([f]);
  };
  // A changed msl.lock.json: provenance checks of the files it covers, scripts loading changed Hub
  // pins, and watchers for the signature files it now names (the manifest is re-read first, synchronously).
  const manifestChanged = (f: Folder) => {
    guard('Manifest change', onManifestChanged(state, f, { disk, reanalyseOpenScripts: (ids) => scripts.reanalyseMentioning(ids) }));
    guard('Watcher update', watchers.update());
  };
  connection.onDidChangeWatchedFiles((params) => guard('File events', onFileEvents(state, disk, params.changes, configChanged, manifestChanged)));

  documents.onDidOpen(({ document }) => {
    if (isPythonDocument(document)) return; // handled by onDidChangeContent, which also fires on open
    const fsPath = uriToPath(document.uri);
    if (fsPath && isModelFileName(fsPath)) guard('Scan on open', disk.scan(fsPath));
  });
  documents.onDidChangeContent(({ document }) => {
    if (isPythonDocument(document)) python.schedule(document);
  });
  documents.onDidClose(({ document }) => {
    if (isPythonDocument(document)) guard('Close', python.close(document));
  });

  connection.onCodeAction((params) => {
    const published = scripts.published(params.textDocument.uri);
    return published ? codeActionsFor(params, published) : [];
  });
  connection.onHover((params) => {
    const published = scripts.published(params.textDocument.uri);
    return published ? hoverFor(params.position, published) : null;
  });

  connection.onRequest(ScanFileRequest, async ({ uri }) => {
    const fsPath = uriToPath(uri);
    if (!fsPath) throw new ResponseError(ErrorCodes.InvalidParams, `Only file: URIs can be scanned, not ${uri}`);
    const report = await disk.scan(fsPath, { explicit: true });
    if (!report) throw new ResponseError(ErrorCodes.InternalError, `The scan of ${fsPath} did not complete`);
    return report;
  });
  connection.onRequest(ScanWorkspaceRequest, (params, token) => {
    const wanted = params.folders ? new Set(params.folders.map((u) => uriToPath(u))) : undefined;
    const folders = state.folders.all().filter((f) => !wanted || wanted.has(f.path));
    return workspace.scan(folders, token);
  });
  registerReportRequests(connection, state);
  registerProvenance(connection, state);
  registerProbeRequests(connection, state, disk);
  connection.onNotification(TrustChangedNotification, ({ trusted }) => {
    state.trusted = trusted;
    state.log(`Workspace Trust: ${trusted ? 'trusted' : 'restricted'} (static analysis runs either way).`);
  });

  connection.onShutdown(() => {
    workspace.cancel();
    python.dispose();
    scripts.dispose();
  });

  documents.listen(connection);
  scripts.register(connection);
  connection.listen();
  return state;
}

async function foldersToScanOnStartup(state: ServerState, folders: readonly Folder[]): Promise<Folder[]> {
  const out: Folder[] = [];
  for (const f of folders) if ((await state.settings.get(f.uri)).scanOnStartup) out.push(f);
  return out;
}

function readClientSupport(state: ServerState, params: InitializeParams): void {
  const ws = params.capabilities.workspace;
  state.support = {
    configurationPull: ws?.configuration === true,
    dynamicWatchers: ws?.didChangeWatchedFiles?.dynamicRegistration === true,
    relativePatterns: ws?.didChangeWatchedFiles?.relativePatternSupport === true,
    workspaceFolderEvents: ws?.workspaceFolders === true,
  };
}
