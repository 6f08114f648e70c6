// Python scripts open in the editor: analysed from the buffer (debounced) through the engine's
// document cache (incremental re-analysis; a closed document's tree is freed), the project's
// ignore globs and severity overrides applied, diagnostics carry their fixes, and the last
// published set per version backs code actions and hovers.
import type { Diagnostic, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Tree } from 'web-tree-sitter';
import { PythonDocumentCache } from '../core/python/documentCache';
import { createFinding, type Finding } from '../core/findings';
import { INTERNAL_ERROR } from '../core/rules/scanner';
import { findingToDiagnostic } from './diagnostics';
import { pythonOptionsFor } from './provenance';
import type { DiskScanner } from './diskScanner';
import { reportedFindings } from './projectScope';
import type { ServerState } from './state';
import { uriKey, uriToPath } from './uris';

export const PYTHON_DEBOUNCE_MS = 150;

interface Published {
  version: number;
  diagnostics: Diagnostic[];
}

export function isPythonDocument(doc: TextDocument): boolean {
  return doc.languageId === 'python' || /\.pyi?$/i.test(doc.uri);
}

export class PythonDocuments {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly published = new Map<string, Published>();
  private readonly cache = new PythonDocumentCache();

  constructor(
    private readonly state: ServerState,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly disk: DiskScanner,
  ) {}

  /** Called on open and on every change: analysis runs once typing pauses. */
  schedule(doc: TextDocument): void {
    this.state.openDocumentKeys.add(uriKey(doc.uri));
    const pending = this.timers.get(doc.uri);
    if (pending) clearTimeout(pending);
    this.timers.set(
      doc.uri,
      setTimeout(() => {
        this.timers.delete(doc.uri);
        void this.analyze(doc.uri);
      }, PYTHON_DEBOUNCE_MS),
    );
  }

  /** The diagnostics published for exactly this version of the document, if any. */
  diagnosticsFor(uri: string, version: number): readonly Diagnostic[] | undefined {
    const p = this.published.get(uri);
    return p && p.version === version ? p.diagnostics : undefined;
  }

  /** The buffer is gone: the file on disk is the truth again (or nothing, outside the workspace). */
  async close(doc: TextDocument): Promise<void> {
    const key = uriKey(doc.uri);
    clearTimeout(this.timers.get(doc.uri));
    this.timers.delete(doc.uri);
    this.published.delete(doc.uri);
    this.cache.close(doc.uri);
    this.state.openDocumentKeys.delete(key);
    const fsPath = uriToPath(doc.uri);
    if (fsPath && (await this.disk.isCovered(fsPath))) {
      await this.disk.scan(fsPath);
      return;
    }
    this.state.store.delete(key);
    void this.state.connection.sendDiagnostics({ uri: doc.uri, diagnostics: [] }).catch(() => undefined);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.cache.dispose();
  }

  /** The cached syntax tree of the document when it matches `text` (owned by the cache). */
  treeFor(uri: string, text: string): Tree | undefined {
    return this.cache.treeFor(uri, text);
  }

  private async analyze(uri: string): Promise<void> {
    const doc = this.documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    const findings = await this.findingsOf(doc.getText(), uri);
    const now = this.documents.get(uri);
    if (!now) this.cache.close(uri); // closed while analysing: free the tree just made
    // A newer edit arrived while analysing: its own analysis will publish.
    if (now?.version !== version) return;
    const diagnostics = findings.map(findingToDiagnostic);
    this.published.set(uri, { version, diagnostics });
    this.state.store.set(uriKey(uri), uri, findings.map((f) => f.severity));
    void this.state.connection.sendDiagnostics({ uri, version, diagnostics }).catch(() => undefined);
  }

  private async findingsOf(text: string, uri: string): Promise<Finding[]> {
    try {
      return reportedFindings(this.state, uriToPath(uri), await this.cache.analyze(uri, text, pythonOptionsFor(this.state, uri)));
    } catch (e) {
      this.cache.close(uri); // start from a fresh parse next time
      this.state.error(`Python analysis failed on ${uri}: ${(e as Error).stack ?? String(e)}`);
      return [
        createFinding(INTERNAL_ERROR, {
          message: `The script analyzer failed: ${(e as Error).message ?? String(e)}. This file was not analysed.`,
          location: { kind: 'text', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
        }),
      ];
    }
  }
}
