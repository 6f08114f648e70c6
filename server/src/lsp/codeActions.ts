// Code actions from the fixes carried in `Diagnostic.data`: nothing is recomputed here.
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import { FIX_ALL_KIND } from '../protocol/messages';
import { diagnosticData } from './diagnostics';

export const FIX_ALL_TITLE = 'Fix all auto-fixable Model Security Lint problems';

/**
 * `published` are the diagnostics the server last published for the document, which must
 * describe the document's current version (the caller checks), so every edit still applies.
 */
export function codeActionsFor(params: CodeActionParams, published: readonly Diagnostic[]): CodeAction[] {
  const uri = params.textDocument.uri;
  const only = params.context.only;
  const actions: CodeAction[] = [];
  if (wants(only, CodeActionKind.QuickFix)) {
    for (const d of params.context.diagnostics) {
      const fix = diagnosticData(d)?.fix;
      if (!fix) continue;
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: true,
        edit: { changes: { [uri]: fix.edits } },
      });
    }
  }
  if (wants(only, FIX_ALL_KIND)) {
    const fixable = published.filter((d) => diagnosticData(d)?.fix);
    const edits = nonOverlapping(fixable.flatMap((d) => diagnosticData(d)!.fix!.edits));
    if (edits.length > 0) {
      actions.push({ title: FIX_ALL_TITLE, kind: FIX_ALL_KIND, diagnostics: fixable, edit: { changes: { [uri]: edits } } });
    }
  }
  return actions;
}

/** True when `kind` was asked for: no filter, or a filter that is `kind` or one of its parents. */
function wants(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => k === kind || kind.startsWith(`${k}.`));
}

/** LSP requires the edits of one document not to overlap; on a clash the earlier edit wins. */
export function nonOverlapping(edits: readonly TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => comparePos(a.range.start, b.range.start) || comparePos(a.range.end, b.range.end));
  const out: TextEdit[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && comparePos(e.range.start, last.range.end) < 0) continue;
    if (last && sameEdit(last, e)) continue;
    out.push(e);
  }
  return out;
}

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return comparePos(a.range.start, b.range.start) === 0 && comparePos(a.range.end, b.range.end) === 0 && a.newText === b.newText;
}

function comparePos(a: { line: number; character: number }, b: { line: number; character: number }): number {
  return a.line - b.line || a.character - b.character;
}
