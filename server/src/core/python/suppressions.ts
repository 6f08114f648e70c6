// `# msl: ignore[MSL101,MSL203] reason` comments. A directive silences the listed rules for
// findings whose range covers its line (the offending line, or any line of a multi-line call).
// Decisions: a directive without a reason still silences, and is itself reported (MSL009, low);
// one without rule ids silences nothing (MSL009); one that silences nothing is reported (MSL010,
// info). Rule names (`torch-load-without-weights-only`) are accepted as well as ids.
import type { Node } from 'web-tree-sitter';
import { createFinding, type Finding, type Range } from '../findings';
import { ALL_RULES } from '../rules/index';
import { SUPPRESSION_WITHOUT_REASON, UNUSED_SUPPRESSION } from '../rules/scanner';
import type { LineIndex } from './text';

export interface DirectiveComment {
  /** Zero-based line the directive covers. */
  line: number;
  /** The comment text, starting with `#`. */
  text: string;
  range: Range;
  /** For notebooks: the cell, when the comment lives in one. */
  cell?: number;
}

export interface Directive {
  /** Rule ids as written, normalised to ids (unknown names kept as written). */
  ids: string[];
  reason: string;
}

const DIRECTIVE = /#\s*msl\s*:\s*ignore\b\s*(?:\[([^\]]*)\])?(.*)$/i;
const byName = new Map(ALL_RULES.map((r) => [r.name, r.id]));

/** Parses a comment; undefined when it is not an `msl: ignore` directive. */
export function parseDirective(comment: string): Directive | undefined {
  const m = DIRECTIVE.exec(comment);
  if (!m) return undefined;
  const ids = (m[1] ?? '').split(/[\s,]+/).filter(Boolean).map((s) => byName.get(s.toLowerCase()) ?? s.toUpperCase());
  const reason = m[2].replace(/^[\s:—–-]+/, '').trim();
  return { ids, reason };
}

export function commentDirectives(nodes: readonly Node[], lines: LineIndex): DirectiveComment[] {
  return nodes.map((n) => ({ line: lines.lineOf(n.startIndex), text: n.text, range: lines.range(n.startIndex, n.endIndex) }));
}

/** Removes silenced findings and adds MSL009 / MSL010 findings about the directives themselves. */
export function applySuppressions(findings: readonly Finding[], comments: readonly DirectiveComment[]): Finding[] {
  if (comments.length === 0) return [...findings];
  const parsed = comments.map((c) => ({ comment: c, directive: parseDirective(c.text), used: new Set<string>() }));
  const active = parsed.filter((p) => p.directive && p.directive.ids.length > 0);
  const kept: Finding[] = [];
  for (const f of findings) {
    const loc = f.location;
    const silencer = loc.kind === 'text'
      ? active.find((p) => p.directive!.ids.includes(f.ruleId) && p.comment.cell === loc.cell && p.comment.line >= loc.range.start.line && p.comment.line <= loc.range.end.line)
      : undefined;
    if (silencer) silencer.used.add(f.ruleId);
    else kept.push(f);
  }
  for (const { comment, directive, used } of parsed) {
    if (!directive) continue;
    const location = { kind: 'text' as const, range: comment.range, ...(comment.cell !== undefined ? { cell: comment.cell } : {}) };
    const evidence = comment.text.trim();
    if (directive.ids.length === 0) {
      kept.push(createFinding(SUPPRESSION_WITHOUT_REASON, { location, evidence, message: 'This `msl: ignore` directive names no rule, so it silences nothing. Write the rule ids in brackets: `# msl: ignore[MSL101] reason`.' }));
      continue;
    }
    if (!directive.reason) {
      kept.push(createFinding(SUPPRESSION_WITHOUT_REASON, { location, evidence, message: `This directive silences ${directive.ids.join(', ')} without saying why. Add a reason after the brackets.` }));
    }
    const unused = directive.ids.filter((id) => !used.has(id));
    if (unused.length > 0) {
      kept.push(createFinding(UNUSED_SUPPRESSION, { location, evidence, message: `Nothing on this line is reported as ${unused.join(', ')}, so the directive silences nothing for ${unused.length === 1 ? 'it' : 'them'}.` }));
    }
  }
  return kept;
}
