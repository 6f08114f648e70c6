// The requests behind the report view, the disassembly document, exports and explorer badges.
// They scan on demand (the user opened the file, so the size setting does not apply) and never
// publish: the Problems panel stays fed by the disk scanner alone.
import * as path from 'node:path';
import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';
import { scanOptionsFrom } from '../core/config';
import { disassembleModelFile } from '../core/disasm';
import { formatById } from '../core/formats/registry';
import { scanFile, type ScanResult } from '../core/scan';
import { compareFindings } from '../core/findings';
import { createJsonReporter } from '../cli/formatters/json';
import { createMarkdownReporter } from '../cli/formatters/markdown';
import { createSarifReporter } from '../cli/formatters/sarif';
import { SummaryBuilder, type Reporter } from '../cli/report';
import { TOOL_NAME, toolVersion } from '../cli/version';
import {
  DisassemblyRequest,
  ExportRequest,
  FileSeveritiesRequest,
  ReportRequest,
  type ExportResult,
  type FileSeverities,
} from '../protocol/report';
import type { ExportFormat, ReportData } from '../protocol/webview';
import type { ServerState } from './state';
import { uriToPath } from './uris';
import { reportedFindings } from './projectScope';
import { provenanceOf } from './provenance';

const EXPORT_SUFFIX: Record<ExportFormat, string> = { json: '.msl.json', sarif: '.msl.sarif', markdown: '.msl.md' };

export function registerReportRequests(connection: Connection, state: ServerState): void {
  connection.onRequest(ReportRequest, async ({ uri }) => {
    const fsPath = filePathOf(uri);
    const result = await scanForReport(state, fsPath);
    const data = toReportData(uri, fsPath, result, await sha256Of(state, fsPath));
    data.provenance = await provenanceOf(state).statusFor(fsPath, result.format);
    return data;
  });
  connection.onRequest(DisassemblyRequest, ({ uri }) => disassembleModelFile(filePathOf(uri)));
  connection.onRequest(ExportRequest, async ({ uri, format }) => exportReport(state, filePathOf(uri), format));
  connection.onRequest(FileSeveritiesRequest, (): FileSeverities => {
    const files: FileSeverities['files'] = [];
    for (const key of state.store.keys()) {
      const f = state.store.get(key);
      if (f && Object.values(f.counts).some((n) => n > 0)) files.push({ uri: f.uri, counts: { ...f.counts } });
    }
    return { files };
  });
}

function filePathOf(uri: string): string {
  const fsPath = uriToPath(uri);
  if (!fsPath) throw new ResponseError(ErrorCodes.InvalidParams, `Only file: URIs have reports, not ${uri}`);
  return fsPath;
}

async function scanForReport(state: ServerState, fsPath: string): Promise<ScanResult> {
  const folder = state.folders.folderFor(fsPath);
  const result = await scanFile(fsPath, scanOptionsFrom(state.configs.get(folder?.path).config));
  // The report shows what the Problems panel shows: provenance findings (MSL8xx, as `msl scan`
  // reports them), project severity overrides and ignores.
  if (!result.error) {
    const extra = await provenanceOf(state).findingsFor(fsPath, result.format);
    if (extra.length > 0) result.findings = [...result.findings, ...extra].sort(compareFindings);
  }
  result.findings = reportedFindings(state, fsPath, result.findings);
  return result;
}

export function toReportData(uri: string, fsPath: string, r: ScanResult, sha256: string | undefined): ReportData {
  const data: ReportData = {
    uri,
    fileName: path.basename(fsPath),
    format: r.format,
    formatLabel: r.format === 'unknown' ? 'Unknown format' : formatById(r.format)?.label ?? r.format,
    detectedBy: r.detectedBy,
    size: r.size,
    findings: r.findings,
    summary: r.summary,
    limitsHit: r.limitsHit,
    scanMs: Math.round(r.timings.totalMs),
    scannedAt: new Date().toISOString(),
  };
  if (r.error !== undefined) data.error = r.error;
  if (sha256 !== undefined) data.sha256 = sha256;
  return data;
}

/** The provenance service's hasher: streamed, cached by (path, size, mtime), shared with MSL8xx checks. */
async function sha256Of(state: ServerState, fsPath: string): Promise<string | undefined> {
  return provenanceOf(state).hashes.digest(fsPath).then((d) => d.sha256, () => undefined);
}

/** The same formatters as the CLI, with paths relative to the file's workspace folder. */
async function exportReport(state: ServerState, fsPath: string, format: ExportFormat): Promise<ExportResult> {
  const result = await scanForReport(state, fsPath);
  const cwd = state.folders.folderFor(fsPath)?.path ?? path.dirname(fsPath);
  result.path = path.relative(cwd, fsPath) || path.basename(fsPath);
  let text = '';
  const emit = (doc: string) => void (text += doc);
  const tool = { name: TOOL_NAME, version: toolVersion() };
  const argv = ['scan', '--format', format, result.path];
  const reporter: Reporter =
    format === 'json' ? createJsonReporter(tool, emit)
    : format === 'sarif' ? createSarifReporter({ cwd, argv, failOn: 'none' }, tool.version, emit)
    : createMarkdownReporter({ tool }, emit);
  const summary = new SummaryBuilder();
  summary.add(result);
  reporter.result(result);
  reporter.end(summary.summary);
  return { text, fileName: `${path.basename(fsPath)}${EXPORT_SUFFIX[format]}` };
}
