// Jupyter notebooks open in the editor (LSP notebook document sync): the code cells are analysed
// together as one module (later cells see earlier imports) once typing pauses, and each cell gets
// its own diagnostics, with fixes in cell coordinates. While a notebook is open its buffer is the
// truth: the disk scan's diagnostics on the .ipynb file are cleared and come back on close.
import {
  NotebookCellKind, NotebookDocuments, type Connection, type Diagnostic, type NotebookDocument,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createFinding, type Finding } from '../core/findings';
import { analyzeNotebookCells, type EditorCell } from '../core/python/notebook';
import { INTERNAL_ERROR } from '../core/rules/scanner';
import { findingToDiagnostic } from './diagnostics';
import type { DiskScanner } from './diskScanner';
import { reportedFindings } from './projectScope';
import { pythonOptionsFor } from './provenance';
import { PYTHON_DEBOUNCE_MS } from './pythonDocuments';
import type { ServerState } from './state';
import { uriKey, uriToPath } from './uris';

/** The notebooks and cells the server asks the client to synchronise. */
export const NOTEBOOK_SYNC = {
  notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' }, cells: [{ language: 'python' }] }],
};

interface Published { version: number; diagnostics: Diagnostic[] }

export class OpenNotebooks {
  readonly notebooks = new NotebookDocuments(TextDocument);
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Cell URI -> what was last published for it. */
  private readonly published = new Map<string, Published>();
  /** Notebook URI -> the cell URIs it last published on (to clear cells that went away). */
  private readonly cellsPublished = new Map<string, string[]>();
  private readonly open = new Set<string>();

  constructor(private readonly state: ServerState, private readonly disk: DiskScanner) {}

  listen(connection: Connection): void {
    this.notebooks.onDidOpen((nb) => this.opened(nb));
    this.notebooks.onDidChange(({ notebookDocument }) => this.schedule(notebookDocument.uri));
    this.notebooks.onDidClose((nb) => void this.close(nb).catch((e) => this.state.error(`Notebook close failed: ${(e as Error).stack ?? String(e)}`)));
    this.notebooks.listen(connection);
  }

  /** A cell's text document (cells are not in the server's ordinary document list). */
  cellDocument(uri: string): TextDocument | undefined {
    return this.notebooks.cellTextDocuments.get(uri);
  }

  /** The notebook a cell belongs to. */
  notebookOf(cellUri: string): NotebookDocument | undefined {
    return this.notebooks.findNotebookDocumentForCell(cellUri);
  }

  /** The diagnostics published for exactly this version of the cell, if any. */
  diagnosticsFor(cellUri: string, version: number): readonly Diagnostic[] | undefined {
    const p = this.published.get(cellUri);
    return p && p.version === version ? p.diagnostics : undefined;
  }

  /** Re-analyses every open notebook (the project configuration changed). */
  reanalyseAll(): void {
    for (const uri of this.open) this.schedule(uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private opened(nb: NotebookDocument): void {
    this.open.add(nb.uri);
    const key = uriKey(nb.uri);
    this.state.openDocumentKeys.add(key);
    // The disk scan's diagnostics on the file would repeat the cells' ones in the Problems panel.
    if (uriToPath(nb.uri)) this.send(nb.uri, []);
    this.schedule(nb.uri);
  }

  private schedule(notebookUri: string): void {
    clearTimeout(this.timers.get(notebookUri));
    this.timers.set(notebookUri, setTimeout(() => {
      this.timers.delete(notebookUri);
      void this.analyze(notebookUri).catch((e) => this.state.error(`Notebook analysis failed on ${notebookUri}: ${(e as Error).stack ?? String(e)}`));
    }, PYTHON_DEBOUNCE_MS));
  }

  private async close(nb: NotebookDocument): Promise<void> {
    clearTimeout(this.timers.get(nb.uri));
    this.timers.delete(nb.uri);
    this.open.delete(nb.uri);
    for (const cell of this.cellsPublished.get(nb.uri) ?? []) {
      this.published.delete(cell);
      this.send(cell, []);
    }
    this.cellsPublished.delete(nb.uri);
    const key = uriKey(nb.uri);
    this.state.openDocumentKeys.delete(key);
    const fsPath = uriToPath(nb.uri);
    if (fsPath && (await this.disk.isCovered(fsPath))) {
      await this.disk.scan(fsPath);
      return;
    }
    this.state.store.delete(key);
  }

  private async analyze(notebookUri: string): Promise<void> {
    const nb = this.notebooks.getNotebookDocument(notebookUri);
    if (!nb) return;
    const version = nb.version;
    const cells = nb.cells.map((c) => ({ uri: c.document, doc: this.notebooks.getCellTextDocument(c), code: c.kind === NotebookCellKind.Code }));
    const editorCells: EditorCell[] = cells.map((c) => ({ text: c.doc?.getText() ?? '', kind: c.code && c.doc ? 'code' : 'markup' }));
    const versions = cells.map((c) => c.doc?.version ?? 0);
    const findings = reportedFindings(this.state, uriToPath(notebookUri), await this.findingsOf(editorCells, notebookUri));
    // Edited while analysing: the newer analysis publishes.
    const now = this.notebooks.getNotebookDocument(notebookUri);
    if (!now || now.version !== version || cells.some((c, i) => (c.doc ? this.cellDocument(c.uri)?.version !== versions[i] : false))) return;

    const byCell = new Map<number, Finding[]>();
    const firstCode = Math.max(0, cells.findIndex((c) => c.code));
    for (const f of findings) {
      // Findings about the notebook as a whole (a parse timeout) go on the first code cell.
      const index = f.location.kind === 'text' && f.location.cell !== undefined ? f.location.cell : firstCode;
      byCell.set(index, [...(byCell.get(index) ?? []), f]);
    }
    const uris = cells.map((c) => c.uri);
    for (const gone of (this.cellsPublished.get(notebookUri) ?? []).filter((u) => !uris.includes(u))) {
      this.published.delete(gone);
      this.send(gone, []);
    }
    cells.forEach((c, i) => {
      const diagnostics = (byCell.get(i) ?? []).map(findingToDiagnostic);
      this.published.set(c.uri, { version: versions[i]!, diagnostics });
      this.send(c.uri, diagnostics, c.doc ? versions[i] : undefined);
    });
    this.cellsPublished.set(notebookUri, uris);
    this.state.store.set(uriKey(notebookUri), notebookUri, findings.map((f) => f.severity));
  }

  private async findingsOf(cells: EditorCell[], notebookUri: string): Promise<Finding[]> {
    try {
      return await analyzeNotebookCells(cells, pythonOptionsFor(this.state, notebookUri));
    } catch (e) {
      this.state.error(`Notebook analysis failed on ${notebookUri}: ${(e as Error).stack ?? String(e)}`);
      return [createFinding(INTERNAL_ERROR, {
        message: `The script analyzer failed: ${(e as Error).message ?? String(e)}. This notebook was not analysed.`,
        location: { kind: 'file' },
      })];
    }
  }

  private send(uri: string, diagnostics: Diagnostic[], version?: number): void {
    void this.state.connection.sendDiagnostics(version === undefined ? { uri, diagnostics } : { uri, version, diagnostics }).catch(() => undefined);
  }
}
