// Code lenses on string literals that name a local model file (or a folder of them): the file's
// verdict from the findings store, or "not scanned yet" while an on-demand scan runs; the lens
// opens the file's report. When a referenced file's findings change (a rescan after it changed
// on disk, or the on-demand scan finishing), the client is asked to refresh its lenses.
import * as path from 'node:path';
import { CodeLensRefreshRequest, type CodeLens } from 'vscode-languageserver';
import type { Tree } from 'web-tree-sitter';
import { loadPythonGrammar, parsePython } from '../core/python/parser';
import { pathLiterals, type PathLiteral } from '../core/python/pathLiterals';
import { COMMANDS } from '../protocol/commands';
import { SEVERITY_NAMES, type SeverityCounts, type SeverityName } from '../protocol/messages';
import type { DiskScanner } from './diskScanner';
import { resolveModelReferences, type ModelReference } from './modelReferences';
import { isIgnoredByProject } from './projectScope';
import type { ServerState } from './state';
import { pathToUri } from './uris';

export const LENS_PREFIX = 'Model Security Lint';
/** Several stores in a row (a folder scan) cost one refresh. */
const REFRESH_DELAY_MS = 100;

export interface LensDocument {
  text: string;
  /** A tree parsed from exactly `text`, when one is at hand (owned by the caller). */
  tree?: Tree;
  /** Folders a relative path may be relative to, in order (the script's folder, the workspace folder). */
  bases: string[];
}

export class ModelLenses {
  /** Model files some lens showed: a change to one of them refreshes the lenses. */
  private readonly referenced = new Set<string>();
  /** Files already queued for an on-demand scan (once each, until their findings change). */
  private readonly requested = new Set<string>();
  private refreshTimer: NodeJS.Timeout | undefined;
  refreshSupported = false;

  constructor(private readonly state: ServerState, private readonly disk: DiskScanner) {
    state.store.onFileChange((key) => {
      this.requested.delete(key);
      if (this.referenced.has(key)) this.scheduleRefresh();
    });
  }

  async lensesFor(doc: LensDocument): Promise<CodeLens[]> {
    const literals = doc.tree ? pathLiterals(doc.tree, doc.text) : await parsedLiterals(doc.text);
    return resolveModelReferences(literals, doc.bases).map((ref) => this.lensFor(ref));
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
  }

  private lensFor(ref: ModelReference): CodeLens {
    for (const f of ref.files) this.referenced.add(f);
    const counts: SeverityCounts[] = [];
    let missing = 0;
    let ignored = 0;
    for (const f of ref.files) {
      if (isIgnoredByProject(this.state, f)) {
        ignored++;
        continue;
      }
      const stored = this.state.store.get(f);
      if (stored) counts.push(stored.counts);
      else {
        missing++;
        this.scanOnDemand(f);
      }
    }
    const name = path.basename(ref.target);
    const title = verdictTitle(ref.kind === 'folder' ? `${name}/ (${ref.files.length} model file${ref.files.length === 1 ? '' : 's'})` : name, counts, missing, ignored);
    // A folder's lens opens the report of its worst file.
    const open = ref.kind === 'file' ? ref.target : worstFile(this.state, ref.files) ?? ref.files[0]!;
    return { range: ref.range, command: { title, command: COMMANDS.openReport.id, arguments: [pathToUri(open)] } };
  }

  private scanOnDemand(fsPath: string): void {
    if (this.requested.has(fsPath)) return;
    this.requested.add(fsPath);
    void this.disk.scan(fsPath).catch((e) => this.state.warn(`On-demand scan of ${fsPath} failed: ${(e as Error).message}`));
  }

  private scheduleRefresh(): void {
    if (!this.refreshSupported || this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.state.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    }, REFRESH_DELAY_MS);
  }
}

async function parsedLiterals(text: string): Promise<PathLiteral[]> {
  const { tree } = parsePython(await loadPythonGrammar(), text);
  if (!tree) return [];
  try {
    return pathLiterals(tree, text);
  } finally {
    tree.delete();
  }
}

/** `Model Security Lint: x.pt: 2 high, 1 medium`, `…: no findings`, `…: not scanned yet`. */
export function verdictTitle(name: string, counts: readonly SeverityCounts[], missing: number, ignored: number): string {
  const total = (s: SeverityName) => counts.reduce((n, c) => n + c[s], 0);
  const parts = SEVERITY_NAMES.filter((s) => total(s) > 0).map((s) => `${total(s)} ${s}`);
  let verdict: string;
  if (counts.length === 0) verdict = ignored > 0 && missing === 0 ? 'ignored (msl.config.json)' : 'not scanned yet';
  else verdict = parts.length > 0 ? parts.join(', ') : 'no findings';
  if (counts.length > 0 && missing > 0) verdict += ` (${missing} not scanned yet)`;
  return `${LENS_PREFIX}: ${name}: ${verdict}`;
}

function worstFile(state: ServerState, files: readonly string[]): string | undefined {
  let best: { file: string; rank: number } | undefined;
  for (const f of files) {
    const c = state.store.get(f)?.counts;
    if (!c) continue;
    const worst = SEVERITY_NAMES.findIndex((s) => c[s] > 0);
    const rank = worst < 0 ? SEVERITY_NAMES.length : worst;
    if (!best || rank < best.rank) best = { file: f, rank };
  }
  return best?.file;
}
