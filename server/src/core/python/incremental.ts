// Re-analysis of an edit confined to one top-level function or class body. Findings elsewhere
// cannot change then: a body binds nothing visible outside it (unless it declares `global`, which
// sends us to the full path), so the module-level code and the edited body are re-analysed on a
// reduced copy of the text in which every other body is replaced by `pass` (same lines, so the
// positions stay valid), and the other bodies' findings are carried over, shifted by the edit.
import type { Tree } from 'web-tree-sitter';
import type { Finding, Position, TextEdit } from '../findings';
import { analyzePythonTree, byPosition, type PythonAnalysisOptions } from './analyze';
import { parsePython, type PythonGrammar } from './parser';
import { LineIndex } from './text';

export interface Body {
  /** Offsets of the body in its text. */
  start: number;
  end: number;
  findings: Finding[];
}

export interface Analysed { findings: Finding[]; bodies: Body[] }

interface Span { start: number; end: number }

/** The bodies of the top-level functions and classes, or undefined when the tree is not clean. */
export function topLevelBodies(tree: Tree, text: string): Span[] | undefined {
  if (tree.rootNode.hasError || text.includes('\r')) return undefined;
  const out: Span[] = [];
  for (const child of tree.rootNode.namedChildren) {
    const def = child?.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
    if (!def || (def.type !== 'function_definition' && def.type !== 'class_definition')) continue;
    const body = def.childForFieldName('body');
    if (body && !/\b(?:global|nonlocal)\b/.test(body.text)) out.push({ start: body.startIndex, end: body.endIndex });
  }
  return out;
}

/** Groups findings by the body their start lies in. */
export function withBodies(findings: Finding[], spans: Span[], text: string): Analysed {
  const lines = new LineIndex(text);
  const bodies: Body[] = spans.map((s) => ({ ...s, findings: [] }));
  for (const f of findings) {
    if (f.location.kind !== 'text') continue;
    const at = lines.lineStart(f.location.range.start.line) + f.location.range.start.character;
    const body = bodies.find((b) => at >= b.start && at < b.end);
    body?.findings.push(f);
  }
  return { findings, bodies };
}

export interface TextChange { startIndex: number; oldEndIndex: number; newEndIndex: number }

/**
 * Findings for `text` (already parsed as `tree`) from the previous analysis, or undefined when the
 * edit is not confined to one body and the caller must analyse everything.
 */
export function reanalyseBody(grammar: PythonGrammar, tree: Tree, text: string, oldText: string, previous: Analysed, edit: TextChange, deadline: number, options: Pick<PythonAnalysisOptions, 'hubPins'> = {}): Analysed | undefined {
  const spans = topLevelBodies(tree, text);
  if (!spans || spans.length !== previous.bodies.length) return undefined;
  const delta = edit.newEndIndex - edit.oldEndIndex;
  const editedOld = previous.bodies.findIndex((b) => b.start <= edit.startIndex && edit.oldEndIndex <= b.end);
  if (editedOld < 0) return undefined;
  for (let i = 0; i < spans.length; i++) {
    const old = previous.bodies[i];
    const shift = old.start > edit.startIndex ? delta : 0;
    const endShift = old.end >= edit.oldEndIndex ? delta : 0;
    if (spans[i].start !== old.start + shift || spans[i].end !== old.end + endShift) return undefined;
  }
  const lineDelta = count(text, edit.startIndex, edit.newEndIndex) - count(oldText, edit.startIndex, edit.oldEndIndex);

  // The reduced text: every other body becomes `pass` followed by the same line breaks.
  const parts: string[] = [];
  let cursor = 0;
  spans.forEach((s, i) => {
    if (i === editedOld) return;
    parts.push(text.slice(cursor, s.start), 'pass', '\n'.repeat(count(text, s.start, s.end)));
    cursor = s.end;
  });
  parts.push(text.slice(cursor));
  const reduced = parts.join('');
  const { tree: small } = parsePython(grammar, reduced, deadline);
  if (!small) return undefined;
  let fresh: Finding[];
  try {
    fresh = analyzePythonTree(small, reduced, options);
  } finally {
    small.delete();
  }
  // Positions below the edit move; a fix may edit module-level code (a `partial` the body calls
  // through), so every position is placed on its own, not with its finding's body.
  const editEndLine = count(oldText, 0, edit.oldEndIndex);
  const carried = previous.bodies.flatMap((b, i) => (i === editedOld ? [] : b.findings.map((f) => shifted(f, lineDelta, editEndLine))));
  return withBodies([...fresh, ...carried].sort(byPosition), spans, text);
}

function count(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function shifted(f: Finding, lines: number, after: number): Finding {
  if (lines === 0 || f.location.kind !== 'text') return f;
  const move = (p: Position): Position => (p.line > after ? { line: p.line + lines, character: p.character } : p);
  const range = { start: move(f.location.range.start), end: move(f.location.range.end) };
  const out: Finding = { ...f, location: { ...f.location, range } };
  if (f.fix) out.fix = { title: f.fix.title, edits: f.fix.edits.map((e): TextEdit => ({ newText: e.newText, range: { start: move(e.range.start), end: move(e.range.end) } })) };
  return out;
}
