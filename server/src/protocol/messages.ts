// Every custom message between the client and the server, declared once and imported by both.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

/** The engine's severities, repeated here as plain names so the client bundle needs no engine code. */
export type SeverityName = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITY_NAMES: readonly SeverityName[] = ['critical', 'high', 'medium', 'low', 'info'];
export type SeverityCounts = Record<SeverityName, number>;

export function emptyCounts(): SeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
}

/** `Diagnostic.source` of everything the server publishes. */
export const DIAGNOSTIC_SOURCE = 'Model Security Lint';

/** Code action kind of "apply every exact fix in this file" (a sub-kind of `source.fixAll`). */
export const FIX_ALL_KIND = 'source.fixAll.msl';

/** Sent by the client in `initialize`. */
export interface MslInitializationOptions {
  /** Workspace Trust. Static analysis runs either way; anything that runs a model needs trust. */
  trusted: boolean;
}

/** `Diagnostic.data` of every diagnostic the server publishes: enough to act without rescanning. */
export interface DiagnosticData {
  ruleId: string;
  severity: SeverityName;
  /** The exact fix, with edits in the document's coordinates at the version the diagnostic was computed on. */
  fix?: { title: string; edits: { range: LspRange; newText: string }[] };
}
interface LspRange { start: { line: number; character: number }; end: { line: number; character: number } }

export interface ScanFileParams {
  /** A `file:` URI. */
  uri: string;
}

export interface FileScanReport {
  uri: string;
  /** The engine's format id, e.g. `pickle`, `pytorch-zip`, `unknown`. */
  format: string;
  counts: SeverityCounts;
  /** Set when the file could not be read. */
  error?: string;
}

/** Scans one file from disk now (ignores include/exclude and the size setting: the user asked). */
export const ScanFileRequest = new RequestType<ScanFileParams, FileScanReport, void>('msl/scanFile');

export interface ScanWorkspaceParams {
  /** Limit the scan to these workspace folder URIs; all folders when absent. */
  folders?: string[];
}

export interface WorkspaceScanReport {
  files: number;
  counts: SeverityCounts;
  cancelled: boolean;
}

/** Rescans every workspace folder (with work-done progress); resolves when the scan ends. */
export const ScanWorkspaceRequest = new RequestType<ScanWorkspaceParams, WorkspaceScanReport, void>('msl/scanWorkspace');

export interface WorkspaceSummary {
  /** Findings by severity across every file with published diagnostics. */
  counts: SeverityCounts;
  filesWithFindings: number;
  /** True while a workspace scan runs. */
  scanning: boolean;
}

/** Server -> client whenever the totals change (throttled). Feeds the status bar. */
export const SummaryNotification = new NotificationType<WorkspaceSummary>('msl/summary');

export interface TrustChangedParams {
  trusted: boolean;
}

/** Client -> server when the user grants Workspace Trust. */
export const TrustChangedNotification = new NotificationType<TrustChangedParams>('msl/trustChanged');
