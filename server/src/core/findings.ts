// The engine's output vocabulary: findings, their locations and fixes.
// Every finding is created through `createFinding`, which takes the rule's metadata,
// so a finding carries its rule id from the moment it exists.
import type { RuleMeta } from './rules/types';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type Confidence = 'high' | 'medium' | 'low';

/** Higher is worse. */
export function severityRank(s: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(s);
}

export function atLeast(s: Severity, threshold: Severity): boolean {
  return severityRank(s) >= severityRank(threshold);
}

export function isSeverity(v: unknown): v is Severity {
  return typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v);
}

/** Zero-based, like LSP positions. `character` counts UTF-16 code units. */
export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

/**
 * Where a finding lives.
 * - bytes: an offset in the file, or in an archive member (`members` is the chain from the
 *   outermost archive inwards). `fileOffset` is the absolute offset in the scanned file when the
 *   member is stored uncompressed, so a reviewer can jump to it in a hex view.
 * - text: a range in a text document; for notebooks, `cell` is the index of the cell in the
 *   notebook's `cells` array and the range is relative to that cell's source.
 * - pointer: a named place inside a structure (JSON pointer, tensor name, graph node).
 * - file: the file as a whole.
 */
export type Location =
  | { kind: 'bytes'; offset: number; length?: number; members?: string[]; fileOffset?: number }
  | { kind: 'text'; range: Range; cell?: number }
  | { kind: 'pointer'; pointer: string; members?: string[] }
  | { kind: 'file'; members?: string[] };

export interface TextEdit { range: Range; newText: string }

/** An exact, mechanical fix for a text document. */
export interface Fix { title: string; edits: TextEdit[] }

export interface Finding {
  ruleId: string;
  severity: Severity;
  confidence: Confidence;
  title: string;
  message: string;
  /** One sentence a reviewer understands: why this matters. */
  why: string;
  location: Location;
  /** The concrete thing found, e.g. the resolved call `os.system('curl … | sh')`. */
  evidence?: string;
  fix?: Fix;
}

export interface FindingInit {
  message: string;
  location: Location;
  evidence?: string;
  severity?: Severity;
  confidence?: Confidence;
  fix?: Fix;
}

export function createFinding(rule: RuleMeta, init: FindingInit): Finding {
  const f: Finding = {
    ruleId: rule.id,
    severity: init.severity ?? rule.severity,
    confidence: init.confidence ?? rule.confidence,
    title: rule.title,
    message: init.message,
    why: rule.why,
    location: init.location,
  };
  if (init.evidence !== undefined) f.evidence = init.evidence;
  if (init.fix !== undefined) f.fix = init.fix;
  return f;
}

/** Worst first, then by position, so every output is stable. */
export function compareFindings(a: Finding, b: Finding): number {
  const bySeverity = severityRank(b.severity) - severityRank(a.severity);
  if (bySeverity !== 0) return bySeverity;
  const pa = sortKey(a.location);
  const pb = sortKey(b.location);
  if (pa !== pb) return pa < pb ? -1 : 1;
  return a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0;
}

function sortKey(l: Location): string {
  const members = 'members' in l && l.members ? l.members.join('/') : '';
  switch (l.kind) {
    case 'bytes': return `${members}\u0000${String(l.offset).padStart(16, '0')}`;
    case 'text': return `${String(l.range.start.line).padStart(10, '0')}:${String(l.range.start.character).padStart(10, '0')}`;
    case 'pointer': return `${members}\u0000${l.pointer}`;
    case 'file': return `${members}`;
  }
}

export function worstSeverity(findings: readonly Finding[]): Severity | undefined {
  let worst: Severity | undefined;
  for (const f of findings) if (!worst || severityRank(f.severity) > severityRank(worst)) worst = f.severity;
  return worst;
}
