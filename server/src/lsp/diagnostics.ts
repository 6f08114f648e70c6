// Findings -> LSP diagnostics. Pure: no connection, no state.
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import type { Finding, Location, Severity } from '../core/findings';
import { ruleDocsUrl } from '../core/rules/docs';
import { findingKeys, findingUri, SHOW_IN_REPORT } from '../protocol/findingLinks';
import { DIAGNOSTIC_SOURCE, type DiagnosticData } from '../protocol/messages';
import { isModelFileName } from '../protocol/modelFiles';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  critical: DiagnosticSeverity.Error,
  high: DiagnosticSeverity.Error,
  medium: DiagnosticSeverity.Warning,
  low: DiagnosticSeverity.Information,
  info: DiagnosticSeverity.Hint,
};

const FILE_START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
/** Evidence can be long (a pickled shell script); the full text belongs in the report view. */
const MAX_EVIDENCE_CHARS = 240;

export function lspSeverity(s: Severity): DiagnosticSeverity {
  return SEVERITY[s];
}

export function findingToDiagnostic(f: Finding): Diagnostic {
  const data: DiagnosticData = { ruleId: f.ruleId, severity: f.severity };
  if (f.fix) data.fix = { title: f.fix.title, edits: f.fix.edits.map((e) => ({ range: e.range, newText: e.newText })) };
  return {
    range: f.location.kind === 'text' ? f.location.range : FILE_START,
    severity: lspSeverity(f.severity),
    code: f.ruleId,
    codeDescription: { href: ruleDocsUrl(f.ruleId) },
    source: DIAGNOSTIC_SOURCE,
    message: diagnosticMessage(f),
    data,
  };
}

/**
 * The diagnostics of the file at `uri`. Each binary-file finding of a model file also links to
 * itself in the report (related information on `uri#msl-finding=KEY`, see protocol/findingLinks):
 * the Problems panel opens that location, and the report editor selects the finding.
 */
export function findingsToDiagnostics(uri: string, findings: readonly Finding[]): Diagnostic[] {
  const keys = isModelFileName(uri.slice(uri.lastIndexOf('/') + 1)) ? findingKeys(findings) : undefined;
  return findings.map((f, i) => {
    const d = findingToDiagnostic(f);
    if (keys && f.location.kind !== 'text') d.relatedInformation = [{ location: { uri: findingUri(uri, keys[i]!), range: FILE_START }, message: SHOW_IN_REPORT }];
    return d;
  });
}

/**
 * Binary files have no lines, so the place inside the file goes into the message
 * (`[archive/data.pkl @ 0x2a] ...`) together with the evidence, which the text does not show.
 */
export function diagnosticMessage(f: Finding): string {
  if (f.location.kind === 'text') return f.message;
  const where = placeLabel(f.location);
  let message = where ? `[${where}] ${f.message}` : f.message;
  if (f.evidence && !f.message.includes(f.evidence)) message += `\nEvidence: ${clip(f.evidence)}`;
  return message;
}

export function placeLabel(l: Location): string {
  const members = 'members' in l && l.members && l.members.length > 0 ? l.members.join(' > ') : '';
  switch (l.kind) {
    case 'bytes': {
      const at = `@ 0x${l.offset.toString(16)}`;
      const abs = l.fileOffset !== undefined && members ? ` (file 0x${l.fileOffset.toString(16)})` : '';
      return members ? `${members} ${at}${abs}` : at;
    }
    case 'pointer':
      return members ? `${members} ${l.pointer}` : l.pointer;
    case 'file':
      return members;
    case 'text':
      return '';
  }
}

function clip(s: string): string {
  const oneLine = s.replace(/\s*\n\s*/g, ' ⏎ ');
  return oneLine.length > MAX_EVIDENCE_CHARS ? `${oneLine.slice(0, MAX_EVIDENCE_CHARS - 1)}…` : oneLine;
}

export function diagnosticData(d: Diagnostic): DiagnosticData | undefined {
  const data = d.data as Partial<DiagnosticData> | undefined;
  if (d.source !== DIAGNOSTIC_SOURCE || !data || typeof data.ruleId !== 'string') return undefined;
  return data as DiagnosticData;
}
