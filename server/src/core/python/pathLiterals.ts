// String literals in a script that may name a local file: call arguments (`torch.load("m.pt")`,
// `from_pretrained(path="./ckpt")`) and constants (`CKPT = "models/x.pt"`). The language server
// resolves them against the disk and shows the named model file's verdict as a code lens.
// Only plain literals count: no f-string interpolation, escapes, bytes, or concatenation.
import type { Node, Tree } from 'web-tree-sitter';
import type { Range } from '../findings';
import { Query, type Language } from './parser';
import { LineIndex } from './text';

export interface PathLiteral {
  /** The literal's value (between the quotes). */
  value: string;
  /** The literal, quotes included. */
  range: Range;
  /** Last segment of the called function when the literal is a call argument (`from_pretrained`). */
  callee?: string;
}

const LITERAL_QUERY = `
(call function: (_) @fn arguments: (argument_list (string) @arg))
(call function: (_) @fn arguments: (argument_list (keyword_argument value: (string) @arg)))
(assignment right: (string) @assigned)
`;

/** Longest value considered: paths, not prose or embedded data. */
const MAX_PATH_CHARS = 400;

const queries = new WeakMap<Language, Query>();

function literalQuery(language: Language): Query {
  let q = queries.get(language);
  if (!q) {
    q = new Query(language, LITERAL_QUERY);
    queries.set(language, q);
  }
  return q;
}

/** Every plain string literal in argument or assignment position that looks like a path, in document order. */
export function pathLiterals(tree: Tree, text: string): PathLiteral[] {
  const lines = new LineIndex(text);
  const out: PathLiteral[] = [];
  const seen = new Set<number>();
  for (const match of literalQuery(tree.language).matches(tree.rootNode)) {
    const fn = match.captures.find((c) => c.name === 'fn')?.node;
    const node = match.captures.find((c) => c.name !== 'fn')?.node;
    if (!node || seen.has(node.startIndex)) continue;
    seen.add(node.startIndex);
    const value = plainValue(node);
    if (value === undefined || !looksLikePath(value)) continue;
    const literal: PathLiteral = { value, range: lines.range(node.startIndex, node.endIndex) };
    const callee = fn ? lastSegment(fn) : undefined;
    if (callee) literal.callee = callee;
    out.push(literal);
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function lastSegment(fn: Node): string | undefined {
  if (fn.type === 'identifier') return fn.text;
  if (fn.type === 'attribute') return fn.childForFieldName('attribute')?.text;
  return undefined;
}

/** The value of a literal without interpolation or escapes, else undefined. */
function plainValue(node: Node): string | undefined {
  let value = '';
  for (const child of node.children) {
    if (!child) continue;
    if (child.type === 'string_start') {
      if (/[bBfF]/.test(child.text.replace(/["']+$/, ''))) return undefined;
    } else if (child.type === 'string_content') {
      if (child.namedChildCount > 0) return undefined; // escape sequences
      value += child.text;
    } else if (child.type !== 'string_end') {
      return undefined; // interpolation
    }
  }
  return value;
}

function looksLikePath(value: string): boolean {
  return value.length > 0 && value.length <= MAX_PATH_CHARS && !/[\r\n\0]/.test(value) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value);
}
