// The script side of the server that goes beyond plain text documents: notebook cells (synced
// through the LSP notebook protocol, not as ordinary documents) and code lenses on model paths.
// Code actions and hovers ask `published` for a script's or a cell's current diagnostics.
import * as path from 'node:path';
import type { CodeLens, Connection, Diagnostic, InitializeParams, ServerCapabilities, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ModelLenses, type LensDocument } from './codeLens';
import type { DiskScanner } from './diskScanner';
import { NOTEBOOK_SYNC, OpenNotebooks } from './notebooks';
import { textMentions } from './manifestChanges';
import { isPythonDocument, type PythonDocuments } from './pythonDocuments';
import type { ServerState } from './state';
import { uriToPath } from './uris';

export class ScriptFeatures {
  readonly notebooks: OpenNotebooks;
  private readonly lenses: ModelLenses;

  constructor(
    private readonly state: ServerState,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly python: PythonDocuments,
    disk: DiskScanner,
  ) {
    this.notebooks = new OpenNotebooks(state, disk);
    this.lenses = new ModelLenses(state, disk);
  }

  capabilities(params: InitializeParams): Partial<ServerCapabilities> {
    this.lenses.refreshSupported = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    return { codeLensProvider: { resolveProvider: false }, notebookDocumentSync: NOTEBOOK_SYNC };
  }

  register(connection: Connection): void {
    this.notebooks.listen(connection);
    connection.onCodeLens(async ({ textDocument }) => {
      const doc = this.lensDocument(textDocument.uri);
      return doc ? this.lenses.lensesFor(doc) : ([] as CodeLens[]);
    });
  }

  /** The diagnostics published for the current version of a script or notebook cell. */
  published(uri: string): readonly Diagnostic[] | undefined {
    const doc = this.documents.get(uri);
    if (doc) return this.python.diagnosticsFor(doc.uri, doc.version);
    const cell = this.notebooks.cellDocument(uri);
    return cell ? this.notebooks.diagnosticsFor(uri, cell.version) : undefined;
  }

  /** msl.config.json changed: open scripts and notebooks get its new overrides and ignore globs. */
  reanalyseOpen(): void {
    for (const doc of this.documents.all()) if (isPythonDocument(doc)) this.python.schedule(doc);
    this.notebooks.reanalyseAll();
  }

  /** msl.lock.json changed these Hub pins (lower-case ids): open scripts naming one, and notebooks, get the new pins. */
  reanalyseMentioning(ids: ReadonlySet<string>): void {
    for (const doc of this.documents.all()) if (isPythonDocument(doc) && textMentions(doc.getText(), ids)) this.python.schedule(doc);
    this.notebooks.reanalyseAll();
  }

  dispose(): void {
    this.notebooks.dispose();
    this.lenses.dispose();
  }

  private lensDocument(uri: string): LensDocument | undefined {
    const doc = this.documents.get(uri);
    if (doc && isPythonDocument(doc)) {
      const text = doc.getText();
      const tree = this.python.treeFor(doc.uri, text);
      return { text, ...(tree ? { tree } : {}), bases: this.bases(uriToPath(uri)) };
    }
    const cell = this.notebooks.cellDocument(uri);
    const notebook = cell && this.notebooks.notebookOf(uri);
    if (!cell || !notebook) return undefined;
    return { text: cell.getText(), bases: this.bases(uriToPath(notebook.uri)) };
  }

  /** The file's folder, then its workspace folder. */
  private bases(fsPath: string | undefined): string[] {
    if (!fsPath) return this.state.folders.all().map((f) => f.path);
    const folder = this.state.folders.folderFor(fsPath);
    return [path.dirname(fsPath), ...(folder ? [folder.path] : [])];
  }
}
