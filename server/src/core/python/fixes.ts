// Text edits on call argument lists that keep the author's formatting: inline lists stay
// inline, one-argument-per-line lists get a new line with the same indentation, trailing-comma
// style is kept, and comments stay where they were.
import type { Node } from 'web-tree-sitter';
import type { TextEdit } from '../findings';
import type { LineIndex } from './text';

/** Edits that append `name=value` as the last argument of `list` (an `argument_list`). */
export function appendKeywordEdits(list: Node, argument: string, lines: LineIndex): TextEdit[] | undefined {
  const children = list.children.filter((c): c is Node => c !== null);
  const open = children[0];
  const close = children[children.length - 1];
  if (!open || open.type !== '(' || !close || close.type !== ')' || list.hasError) return undefined;
  const text = lines.text;
  const insert = (at: number, newText: string): TextEdit => ({ range: lines.range(at, at), newText });

  let lastIndex = -1;
  for (let i = 1; i < children.length - 1; i++) if (children[i].type !== ',' && children[i].type !== 'comment') lastIndex = i;
  if (lastIndex < 0) return [insert(open.endIndex, argument)];

  const last = children[lastIndex];
  const tail = children.slice(lastIndex + 1, -1);
  const comma = tail.find((c) => c.type === ',');
  const lastLine = lines.lineOf(last.endIndex);
  const ownLine = /^[ \t]*$/.test(text.slice(lines.lineStart(lines.lineOf(last.startIndex)), last.startIndex));
  const multiline = ownLine && lines.lineOf(close.startIndex) > lastLine;

  if (!multiline) {
    if (!comma) return [insert(last.endIndex, `, ${argument}`)];
    const gap = text.slice(comma.endIndex, close.startIndex);
    if (/^[ \t]*$/.test(gap)) return [{ range: lines.range(comma.endIndex, close.startIndex), newText: ` ${argument}` }];
    return [insert(comma.endIndex, ` ${argument}`)];
  }

  // One argument per line: the new one goes on its own line after everything on the last
  // argument's line (its comma, a trailing comment), indented like the last argument.
  const lineStart = lines.lineStart(lines.lineOf(last.startIndex));
  const indent = text.slice(lineStart, last.startIndex);
  let anchor = last.endIndex;
  for (const c of tail) if (lines.lineOf(c.startIndex) === lastLine) anchor = Math.max(anchor, c.endIndex);
  const eol = lines.lineBreak(lastLine);
  if (comma && lines.lineOf(comma.startIndex) !== lastLine) return [insert(comma.endIndex, `${eol}${indent}${argument},`)];
  if (comma) return [insert(anchor, `${eol}${indent}${argument},`)];
  if (anchor === last.endIndex) return [insert(anchor, `,${eol}${indent}${argument}`)];
  return [insert(last.endIndex, ','), insert(anchor, `${eol}${indent}${argument}`)];
}

/** An edit that replaces a node's text. */
export function replaceNodeEdit(node: Node, newText: string, lines: LineIndex): TextEdit {
  return { range: lines.range(node.startIndex, node.endIndex), newText };
}

/** Applies non-overlapping edits to `text` (used by tests and by the CLI's --fix, later). */
export function applyEdits(text: string, edits: readonly TextEdit[], lines: LineIndex): string {
  const offset = (p: TextEdit['range']['start']): number => lines.lineStart(p.line) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}
