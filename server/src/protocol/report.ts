// Custom requests behind the report view, the disassembly document, exports and explorer badges.
import { RequestType } from 'vscode-languageserver-protocol';
import type { ModelDisassembly } from '../core/disasm';
import type { SeverityCounts } from './messages';
import type { ExportFormat, ReportData } from './webview';

export interface FileParams {
  /** A `file:` URI. */
  uri: string;
}

/** Scans the file now (ignoring the size setting: the user opened it) and returns the full result. */
export const ReportRequest = new RequestType<FileParams, ReportData, void>('msl/report');

/** The pickle disassembly of every stream in the file (none for formats without pickles). */
export const DisassemblyRequest = new RequestType<FileParams, ModelDisassembly, void>('msl/disassembly');

export interface ExportParams extends FileParams {
  format: ExportFormat;
}

export interface ExportResult {
  /** The document, produced by the same formatters as `msl scan --format json|sarif|markdown`. */
  text: string;
  /** A suggested file name beside the scanned file, e.g. `evil.pkl.msl.sarif`. */
  fileName: string;
}

export const ExportRequest = new RequestType<ExportParams, ExportResult, void>('msl/export');

export interface FileSeverities {
  /** Every file with at least one published finding. */
  files: { uri: string; counts: SeverityCounts }[];
}

/** Per-file counts behind the explorer badges (the client asks again on each `msl/summary`). */
export const FileSeveritiesRequest = new RequestType<Record<string, never>, FileSeverities, void>('msl/fileSeverities');
