// Runtime probes in the server: the `msl/runProbes` request (on demand) and automatic runs for
// small ONNX models when `msl.probes.auto` is on. Both need Workspace Trust. The latest probe
// findings of a file are kept (keyed by size and mtime) and added to its published diagnostics.
import * as fs from 'node:fs';
import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';
import { scanOptionsFrom } from '../core/config';
import { compareFindings, type Finding } from '../core/findings';
import type { ProbeReport } from '../core/probes/types';
import { scanFile, type ScanResult } from '../core/scan';
import { probeFile } from '../probes/run';
import { RunProbesRequest } from '../protocol/probes';
import type { DiskScanner } from './diskScanner';
import type { ServerState } from './state';
import { uriToPath } from './uris';

interface Cached { size: number; mtimeMs: number; findings: Finding[] }

const caches = new WeakMap<ServerState, Map<string, Cached>>();

function cacheOf(state: ServerState): Map<string, Cached> {
  let c = caches.get(state);
  if (!c) caches.set(state, (c = new Map()));
  return c;
}

function stamp(fsPath: string): { size: number; mtimeMs: number } | undefined {
  try {
    const s = fs.statSync(fsPath);
    return { size: s.size, mtimeMs: s.mtimeMs };
  } catch {
    return undefined;
  }
}

export function registerProbeRequests(connection: Connection, state: ServerState, disk: DiskScanner): void {
  connection.onRequest(RunProbesRequest, async ({ uri }): Promise<ProbeReport> => {
    const fsPath = uriToPath(uri);
    if (!fsPath) throw new ResponseError(ErrorCodes.InvalidParams, `Only file: URIs can be probed, not ${uri}`);
    const folder = state.folders.folderFor(fsPath);
    const scan = state.trusted ? await scanFile(fsPath, scanOptionsFrom(state.configs.get(folder?.path).config)) : undefined;
    const report = await probeFile(fsPath, { trusted: state.trusted, ...(scan ? { scan } : {}) });
    if (report.status !== 'refused') {
      remember(state, fsPath, report);
      await disk.scan(fsPath, { explicit: true });
    }
    state.log(`Probes on ${fsPath}: ${report.status}${report.reason ? ` (${report.reason})` : ''}, ${report.findings.length} finding(s).`);
    return report;
  });
}

function remember(state: ServerState, fsPath: string, report: ProbeReport): void {
  const s = stamp(fsPath);
  if (s) cacheOf(state).set(fsPath, { ...s, findings: report.findings });
}

/**
 * Called by the disk scanner after each scan: adds the file's probe findings (from the last run
 * on these exact bytes, or from an automatic run when the settings ask for one).
 */
export async function addProbeFindings(state: ServerState, fsPath: string, result: ScanResult): Promise<void> {
  if (result.format !== 'onnx' || !state.trusted) return;
  const s = stamp(fsPath);
  if (!s) return;
  let cached = cacheOf(state).get(fsPath);
  if (cached && (cached.size !== s.size || cached.mtimeMs !== s.mtimeMs)) cached = undefined;
  if (!cached) {
    const settings = await state.settings.get(state.folders.folderFor(fsPath)?.uri);
    if (!settings.probes.auto) return;
    const autoMaxBytes = Math.floor(settings.probes.autoMaxSizeMB * 1048576);
    const report = await probeFile(fsPath, { trusted: true, scan: result, autoMaxBytes });
    if (report.status === 'refused') return;
    remember(state, fsPath, report);
    cached = cacheOf(state).get(fsPath);
  }
  if (!cached) return;
  result.findings.push(...cached.findings);
  result.findings.sort(compareFindings);
}
