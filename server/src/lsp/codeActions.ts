// Code actions from the fixes carried in `Diagnostic.data`: nothing is recomputed here.
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import { fixAllEdits } from '../core/python/fixAll';
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
    // The engine chooses: document order, whole fixes only, none overlapping (LSP forbids overlaps).
    const edits = fixAllEdits(fixable.map((d) => ({ ruleId: diagnosticData(d)!.ruleId, fix: diagnosticData(d)!.fix })));
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
