// Keeps the last syntax tree (and findings) of every open script so that re-analysis after an
// edit is incremental: the change is found by comparing the old and new text (common prefix and
// suffix), applied to the old tree with `tree.edit`, the tree is re-parsed from it, and when the
// edit stays inside one top-level function or class body only that body and the module-level
// code are re-analysed (incremental.ts). Trees live in WebAssembly memory: the old tree is freed
// as soon as the new one exists, and `close` / `dispose` free the rest.
import type { Point, Tree } from 'web-tree-sitter';
import type { Finding } from '../findings';
import { DEFAULT_LIMITS } from '../limits';
import { analyzePythonTree, parseTimeout, type PythonAnalysisOptions } from './analyze';
import { reanalyseBody, topLevelBodies, withBodies, type Analysed } from './incremental';
import { loadPythonGrammar, parsePython } from './parser';

interface Entry { text: string; tree: Tree; analysed: Analysed; pins: string }

export interface DocumentCacheOptions {
  maxWallTimeMs?: number;
}

export class PythonDocumentCache {
  private readonly entries = new Map<string, Entry>();
  /** How the last `analyze` call worked (tests and benchmarks look at it). */
  lastPath: 'cached' | 'body' | 'full' = 'full';

  constructor(private readonly options: DocumentCacheOptions = {}) {}

  /** Findings for the document's current text; reuses (and then frees) the previous tree of `key`. */
  async analyze(key: string, text: string, options: Pick<PythonAnalysisOptions, 'hubPins'> = {}): Promise<Finding[]> {
    const grammar = await loadPythonGrammar();
    const budget = this.options.maxWallTimeMs ?? DEFAULT_LIMITS.maxWallTimeMs;
    const deadline = Date.now() + budget;
    const pins = pinsKey(options.hubPins);
    const cached = this.entries.get(key);
    // Other Hub pins change findings anywhere in the text: only the tree is reused then.
    const old = cached && cached.pins !== pins ? { ...cached, analysed: undefined } : cached;
    if (old?.analysed && old.text === text) {
      this.lastPath = 'cached';
      return [...old.analysed.findings];
    }
    const edit = old ? editBetween(old.text, text) : undefined;
    if (old && edit) old.tree.edit(edit);
    const { tree } = parsePython(grammar, text, deadline, old?.tree);
    old?.tree.delete();
    this.entries.delete(key);
    if (!tree) return [parseTimeout(budget)];
    let analysed = old?.analysed && edit ? reanalyseBody(grammar, tree, text, old.text, old.analysed, edit, deadline, options) : undefined;
    this.lastPath = analysed ? 'body' : 'full';
    if (!analysed) {
      const findings = analyzePythonTree(tree, text, options);
      analysed = withBodies(findings, topLevelBodies(tree, text) ?? [], text);
    }
    this.entries.set(key, { text, tree, analysed, pins });
    return [...analysed.findings];
  }

  /** The tree of `key` when it was parsed from exactly `text` (owned by the cache: do not delete it). */
  treeFor(key: string, text: string): Tree | undefined {
    const e = this.entries.get(key);
    return e && e.text === text ? e.tree : undefined;
  }

  /** Frees the tree of a closed document. */
  close(key: string): void {
    this.entries.get(key)?.tree.delete();
    this.entries.delete(key);
  }

  dispose(): void {
    for (const e of this.entries.values()) e.tree.delete();
    this.entries.clear();
  }

  /** Number of trees held (tests check that closing frees them). */
  get size(): number {
    return this.entries.size;
  }
}

function pinsKey(pins: ReadonlyMap<string, string> | undefined): string {
  return pins ? JSON.stringify([...pins].sort()) : '';
}

/** The single edit that turns `before` into `after`, in tree-sitter's terms (rows split on \n). */
export function editBetween(before: string, after: string): { startIndex: number; oldEndIndex: number; newEndIndex: number; startPosition: Point; oldEndPosition: Point; newEndPosition: Point } {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < max - start && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  const oldEnd = before.length - suffix;
  const newEnd = after.length - suffix;
  const startPosition = pointAt(before, start, 0, { row: 0, column: 0 });
  return {
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition,
    oldEndPosition: pointAt(before, oldEnd, start, startPosition),
    newEndPosition: pointAt(after, newEnd, start, startPosition),
  };
}

/** The point of `offset`, counting from a known point at `from`. */
function pointAt(text: string, offset: number, from: number, at: Point): Point {
  let row = at.row;
  let lineStart = from - at.column;
  for (let i = from; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      row++;
      lineStart = i + 1;
    }
  }
  return { row, column: offset - lineStart };
}
