// Edits that remove an argument from a call, or a statement from a block, keeping the author's
// layout: inline lists stay inline, one-argument-per-line lists lose exactly one line, the
// trailing-comma style is kept, and comments are never deleted.
import type { Node } from 'web-tree-sitter';
import type { TextEdit } from '../findings';
import type { LineIndex } from './text';

/** Edits that remove `arg` (a child of the `argument_list` `list`) and the comma that goes with it. */
export function removeArgumentEdits(list: Node, arg: Node, lines: LineIndex): TextEdit[] | undefined {
  if (list.hasError) return undefined;
  const children = list.children.filter((c): c is Node => c !== null);
  const open = children[0];
  const close = children[children.length - 1];
  if (open?.type !== '(' || close?.type !== ')') return undefined;
  const items = children.filter((c) => c.type !== ',' && c.type !== 'comment' && c.type !== '(' && c.type !== ')');
  const k = items.findIndex((c) => c.id === arg.id);
  if (k < 0) return undefined;
  const text = lines.text;
  const del = (from: number, to: number): TextEdit => ({ range: lines.range(from, to), newText: '' });
  const hasComment = (from: number, to: number): boolean => children.some((c) => c.type === 'comment' && c.startIndex >= from && c.endIndex <= to);
  const commaAfter = (n: Node): Node | undefined => children.find((c) => c.type === ',' && c.startIndex >= n.endIndex);

  if (items.length === 1) {
    if (!hasComment(open.endIndex, close.startIndex)) return [del(open.endIndex, close.startIndex)];
    const comma = commaAfter(arg);
    const end = comma && comma.endIndex <= close.startIndex ? comma.endIndex : arg.endIndex;
    const whole = ownLines(arg.startIndex, end, lines);
    return [whole ? del(whole[0], whole[1]) : del(arg.startIndex, end)];
  }
  if (k < items.length - 1) {
    const next = items[k + 1];
    if (!hasComment(arg.startIndex, next.startIndex)) return [del(arg.startIndex, next.startIndex)];
    const comma = commaAfter(arg) as Node; // an argument followed by another always has one
    let end = comma.endIndex;
    while (text[end] === ' ' || text[end] === '\t') end++;
    return [del(arg.startIndex, end)];
  }
  const prev = items[k - 1];
  if (!hasComment(prev.endIndex, arg.startIndex)) return [del(prev.endIndex, arg.endIndex)];
  // The previous argument's line ends in a comment: remove the argument's own line instead.
  const line = lines.lineOf(arg.startIndex);
  const lineStart = lines.lineStart(line);
  if (!/^[ \t]*$/.test(text.slice(lineStart, arg.startIndex))) return undefined;
  const breakStart = lineBreakStart(text, lineStart);
  const own = commaAfter(arg);
  if (own && own.startIndex < close.startIndex) return [del(breakStart, own.endIndex)];
  const before = children.filter((c) => c.type === ',' && c.startIndex >= prev.endIndex && c.endIndex <= arg.startIndex).pop();
  return before ? [del(before.startIndex, before.endIndex), del(breakStart, arg.endIndex)] : undefined;
}

/**
 * Edits that remove a simple statement alone on its line(s), with its line break. A statement
 * that is the only one of its block becomes `pass`; one sharing its line with others is not
 * removed (undefined).
 */
export function removeStatementEdits(statement: Node, lines: LineIndex): TextEdit[] | undefined {
  const text = lines.text;
  const firstLine = lines.lineOf(statement.startIndex);
  const lineStart = lines.lineStart(firstLine);
  if (!/^[ \t]*$/.test(text.slice(lineStart, statement.startIndex))) return undefined;
  const lastLine = lines.lineOf(statement.endIndex);
  const nextStart = lastLine + 1 < lines.lineCount ? lines.lineStart(lastLine + 1) : text.length;
  const rest = text.slice(statement.endIndex, nextStart);
  if (!/^[ \t]*(?:#[^\r\n]*)?(?:\r\n|\n|\r)?$/.test(rest)) return undefined; // `a = 1; b = 2`
  if (/#/.test(rest)) return undefined; // a trailing comment would go with it: leave that to the author
  const parent = statement.parent;
  const siblings = parent ? parent.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment') : [];
  if (parent?.type === 'block' && siblings.length === 1) {
    return [{ range: lines.range(statement.startIndex, statement.endIndex), newText: 'pass' }];
  }
  return [{ range: lines.range(lineStart, nextStart), newText: '' }];
}

/** [start of the line of `from`, start of the next line after `to`] when nothing else shares those lines. */
function ownLines(from: number, to: number, lines: LineIndex): [number, number] | undefined {
  const text = lines.text;
  const start = lines.lineStart(lines.lineOf(from));
  if (!/^[ \t]*$/.test(text.slice(start, from))) return undefined;
  const last = lines.lineOf(to);
  const next = last + 1 < lines.lineCount ? lines.lineStart(last + 1) : text.length;
  return /^[ \t]*(?:\r\n|\n|\r)?$/.test(text.slice(to, next)) ? [start, next] : undefined;
}

/** Where the line break before the line starting at `lineStart` begins. */
function lineBreakStart(text: string, lineStart: number): number {
  if (lineStart >= 2 && text[lineStart - 2] === '\r' && text[lineStart - 1] === '\n') return lineStart - 2;
  return lineStart > 0 ? lineStart - 1 : 0;
}
