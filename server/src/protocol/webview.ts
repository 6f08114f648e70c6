// The report view's data and the messages between the extension and its webview, declared once
// and imported by both sides. The webview is a browser bundle: this file imports engine TYPES
// only (erased at build time), never engine code, LSP packages or Node APIs.
import type { Finding, Severity } from '../core/findings';
import type { ModelDisassembly } from '../core/disasm';
import type { DetectedBy, FormatId } from '../core/formats/types';
import type { LimitName } from '../core/limits';
import type { ModelSummary } from '../core/summary';
import type { ProbeReport } from '../core/probes/types';
import type { FileProvenanceStatus } from '../core/provenance/status';

export type ExportFormat = 'json' | 'sarif' | 'markdown';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'sarif', 'markdown'];

/** One file's scan as the report shows it: the engine's ScanResult plus what the view needs around it. */
export interface ReportData {
  /** The scanned file's `file:` URI. */
  uri: string;
  fileName: string;
  format: FormatId;
  /** Human name of the format ("PyTorch checkpoint (zip)"). */
  formatLabel: string;
  detectedBy: DetectedBy;
  size: number;
  findings: Finding[];
  summary: ModelSummary;
  limitsHit: LimitName[];
  scanMs: number;
  /** Set when the file could not be read at all. */
  error?: string;
  /** Hex SHA-256 of the file's bytes, when it could be read. */
  sha256?: string;
  /** Provenance: the msl.lock.json entry and whether the file matches it, source, licence, signature. */
  provenance?: FileProvenanceStatus;
  /** ISO time of the scan. */
  scannedAt: string;
}

/** Runtime probes: ONNX models only, and never in an untrusted workspace. */
export interface ProbeState {
  enabled: boolean;
  /** What the button does, or why it is disabled (shown next to it). */
  reason: string;
}

/** How the editor hosting the report was opened. */
export interface ViewContext {
  /** `option`: the user chose the report for an ambiguous extension (.bin...): offer the default editor back. */
  priority: 'default' | 'option';
  trusted: boolean;
  probes: ProbeState;
}

/** Extension -> webview. */
export type ToWebview =
  | { type: 'loading'; fileName: string; context: ViewContext }
  | { type: 'report'; report: ReportData; context: ViewContext }
  | { type: 'disassembly'; disassembly: ModelDisassembly }
  | { type: 'probesRunning' }
  | { type: 'probes'; report: ProbeReport }
  | { type: 'context'; context: ViewContext }
  | { type: 'error'; message: string }
  | { type: 'notice'; message: string }
  /** Select, scroll to and focus one finding of the list (opened from its Problems entry). */
  | { type: 'revealFinding'; index: number }
  /** A linked finding the list does not hold: show the section that does, and say why. */
  | { type: 'revealSection'; section: string; notice: string };

/** Webview -> extension. The extension validates these with `isFromWebview` (a webview is not trusted code). */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'export'; format: ExportFormat }
  | { type: 'copyMarkdown' }
  | { type: 'showDisassembly'; line?: number; members?: string[]; offset?: number }
  | { type: 'reopenDefault' }
  | { type: 'rescan' }
  | { type: 'runProbes' }
  | { type: 'openRuleDocs'; ruleId: string };

const SIMPLE: ReadonlySet<string> = new Set(['ready', 'copyMarkdown', 'reopenDefault', 'rescan', 'runProbes']);

export function isFromWebview(m: unknown): m is FromWebview {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Record<string, unknown>;
  if (typeof r.type !== 'string') return false;
  if (SIMPLE.has(r.type)) return true;
  switch (r.type) {
    case 'export':
      return EXPORT_FORMATS.includes(r.format as ExportFormat);
    case 'openRuleDocs':
      return typeof r.ruleId === 'string' && /^MSL\d{3}$/.test(r.ruleId);
    case 'showDisassembly':
      return (r.line === undefined || Number.isInteger(r.line))
        && (r.offset === undefined || Number.isInteger(r.offset))
        && (r.members === undefined || (Array.isArray(r.members) && r.members.every((x) => typeof x === 'string')));
    default:
      return false;
  }
}

/** The verdict line of a report, from its worst finding. Shared so the report and exports say the same. */
export function verdictFor(worst: Severity | undefined): { tone: Severity | 'clean'; title: string; detail: string } {
  switch (worst) {
    case 'critical':
      return { tone: 'critical', title: 'Dangerous: do not load this file', detail: 'Loading it can run code chosen by whoever made it.' };
    case 'high':
      return { tone: 'high', title: 'Unsafe to load without review', detail: 'It can reach code or behaviour that is not plain model data.' };
    case 'medium':
      return { tone: 'medium', title: 'Review before loading', detail: 'Some content could not be shown to be plain model data.' };
    case 'low':
    case 'info':
      return { tone: worst, title: 'No dangerous content found', detail: 'Only notes of low importance.' };
    default:
      return { tone: 'clean', title: 'No findings', detail: 'The static checks found nothing to report.' };
  }
}
