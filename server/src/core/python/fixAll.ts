// `source.fixAll.msl`: every exact fix of a document at once. Fixes are taken in document order
// and one whose edits overlap an already chosen fix is left out (it is offered again after the
// first batch is applied), so the result is stable and the edits never conflict.
import type { Finding, Position, TextEdit } from '../findings';

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  // Touching ranges are fine, except two insertions at the same point (their order would be arbitrary).
  const emptyA = a.range.start.line === a.range.end.line && a.range.start.character === a.range.end.character;
  const emptyB = b.range.start.line === b.range.end.line && b.range.start.character === b.range.end.character;
  if (emptyA && emptyB) return a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character;
  return before(a.range.start, b.range.end) && before(b.range.start, a.range.end);
}

/**
 * The edits of every non-overlapping fix among `findings` (for notebooks, pass one cell's findings:
 * edits of different cells live in different documents).
 */
export function fixAllEdits(findings: readonly Pick<Finding, 'ruleId' | 'fix'>[]): TextEdit[] {
  const chosen: TextEdit[] = [];
  const fixable = findings.filter((f) => f.fix && f.fix.edits.length > 0);
  const first = (f: Pick<Finding, 'fix'>): Position => f.fix!.edits.reduce((m, e) => (before(e.range.start, m) ? e.range.start : m), f.fix!.edits[0].range.start);
  fixable.sort((a, b) => (before(first(a), first(b)) ? -1 : before(first(b), first(a)) ? 1 : a.ruleId.localeCompare(b.ruleId)));
  for (const f of fixable) {
    const edits = f.fix!.edits;
    if (edits.some((e) => chosen.some((c) => overlaps(e, c)))) continue;
    chosen.push(...edits);
  }
  return chosen;
}
