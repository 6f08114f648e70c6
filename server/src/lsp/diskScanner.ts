// Files scanned from disk (model files, and scripts that are not open): the engine reads the
// file, the diagnostics are published on the file's own URI so binary files reach the
// Problems panel without ever being opened as text.
import * as fs from 'node:fs';
import { scanFile, type ScanOptions, type ScanResult } from '../core/scan';
import { scanOptionsFrom } from '../core/config';
import { createFinding } from '../core/findings';
import { INTERNAL_ERROR } from '../core/rules/scanner';
import { emptyCounts, type FileScanReport } from '../protocol/messages';
import { maxFileBytes } from '../protocol/settings';
import { findingsToDiagnostics, type findingToDiagnostic } from './diagnostics';
import { fileFilter, walkOptions } from './fileFilter';
import { relativeGlobPath } from './folders';
import { ScanQueue } from './scanQueue';
import type { ServerState } from './state';
import { pathToUri } from './uris';
import { addProbeFindings } from './probes';
import { isIgnoredByProject, reportedFindings } from './projectScope';
import { provenanceOf, pythonOptionsFor } from './provenance';
import { EngineResults, fileStamp, type EngineResult } from './engineResults';
import { isModelFormat } from '../core/provenance/project';

export interface DiskScanOptions {
  /** Asked for by the user ("Scan This File"): the size setting does not apply. */
  explicit: boolean;
  /**
   * Only msl.lock.json changed: reuse the engine's last findings when the file is unchanged and
   * re-run just the provenance checks. Coalesced with a full scan, the full scan wins.
   */
  provenanceOnly?: boolean;
}

export class DiskScanner {
  private readonly queue: ScanQueue<DiskScanOptions, FileScanReport>;
  private readonly engineResults = new EngineResults();

  constructor(private readonly state: ServerState) {
    this.queue = new ScanQueue(
      (p, o) => this.scanNow(p, o),
      (a, b) => ({ explicit: a.explicit || b.explicit, provenanceOnly: a.provenanceOnly === true && b.provenanceOnly === true }),
      (p, e) => state.error(`Scan of ${p} failed: ${(e as Error).stack ?? String(e)}`),
    );
  }

  /** Queues a scan of `fsPath` (coalesced with pending ones); resolves when it has been published. */
  scan(fsPath: string, options: DiskScanOptions = { explicit: false }): Promise<FileScanReport | undefined> {
    return this.queue.enqueue(fsPath, options);
  }

  /** True when the folder's include/exclude settings cover this file (workspace scan and watchers). */
  async isCovered(fsPath: string): Promise<boolean> {
    const folder = this.state.folders.folderFor(fsPath);
    if (!folder) return false;
    const settings = await this.state.settings.get(folder.uri);
    const config = this.state.configs.get(folder.path).config;
    return fileFilter(walkOptions(settings, config))(relativeGlobPath(folder.path, fsPath));
  }

  /** Forgets a file (deleted, or no longer covered): clears its diagnostics. */
  clear(fsPath: string): void {
    this.queue.drop(fsPath);
    this.engineResults.delete(fsPath);
    if (this.state.store.delete(fsPath)) this.publish(fsPath, []);
  }

  /** Clears every stored file at or under `fsPath` (a deleted folder arrives as one event). */
  clearUnder(fsPath: string): void {
    for (const key of this.state.store.keysUnder(fsPath)) {
      if (!this.state.openDocumentKeys.has(key)) this.clear(key);
    }
    this.queue.drop(fsPath);
  }

  /** Clears the files under `root` that the (new) settings no longer cover. */
  async pruneUncovered(root: string): Promise<void> {
    for (const key of this.state.store.keysUnder(root)) {
      if (!this.state.openDocumentKeys.has(key) && !(await this.isCovered(key))) this.clear(key);
    }
  }

  /** Stored keys under `root` that are not disk files the caller still wants (pruning after a rescan). */
  staleUnder(root: string, keep: ReadonlySet<string>): string[] {
    return this.state.store.keysUnder(root).filter((k) => !keep.has(k) && !this.state.openDocumentKeys.has(k));
  }

  private async scanNow(fsPath: string, { explicit, provenanceOnly }: DiskScanOptions): Promise<FileScanReport> {
    const uri = pathToUri(fsPath);
    const ownedByEditor = this.state.openDocumentKeys.has(fsPath);
    if (!explicit && !fs.existsSync(fsPath)) {
      this.clear(fsPath);
      return { uri, format: 'unknown', counts: emptyCounts(), error: 'The file no longer exists.' };
    }
    // msl.config.json `ignore`: never reported; not even scanned unless the user asked for this file.
    if (!explicit && isIgnoredByProject(this.state, fsPath)) {
      if (!this.state.openDocumentKeys.has(fsPath) && this.state.store.delete(fsPath)) this.publish(fsPath, []);
      return { uri, format: 'unknown', counts: emptyCounts() };
    }
    const result = (provenanceOnly && this.engineResults.get(fsPath)) || (await this.engineResult(fsPath, explicit));
    const found = [...result.findings];
    if (!result.error) found.push(...(await provenanceOf(this.state).findingsFor(fsPath, result.format)));
    const findings = reportedFindings(this.state, fsPath, found);
    if (result.error) this.state.warn(`${fsPath}: ${result.error}`);
    const counts = emptyCounts();
    for (const f of findings) counts[f.severity]++;
    // A file deleted while it was being scanned must not come back as "unreadable".
    if (!explicit && !fs.existsSync(fsPath)) {
      this.clear(fsPath);
    } else if (!ownedByEditor && !this.state.openDocumentKeys.has(fsPath)) {
      this.state.store.set(fsPath, uri, findings.map((f) => f.severity));
      this.publish(fsPath, findingsToDiagnostics(uri, findings));
    }
    const report: FileScanReport = { uri, format: result.format, counts };
    if (result.error) report.error = result.error;
    return report;
  }

  /** Runs the engine and remembers its findings (before provenance) for manifest-only refreshes. */
  private async engineResult(fsPath: string, explicit: boolean): Promise<EngineResult> {
    const stamp = fileStamp(fsPath);
    const r = await this.runEngine(fsPath, await this.optionsFor(fsPath, explicit));
    const out: EngineResult = { format: r.format, findings: r.findings };
    if (r.error !== undefined) out.error = r.error;
    // Scripts depend on the manifest's Hub pins through the engine itself: always rescanned in full.
    if (isModelFormat(r.format)) this.engineResults.set(fsPath, stamp, out);
    return out;
  }

  private async optionsFor(fsPath: string, explicit: boolean): Promise<ScanOptions> {
    const folder = this.state.folders.folderFor(fsPath);
    const settings = await this.state.settings.get(folder?.uri);
    const options = scanOptionsFrom(this.state.configs.get(folder?.path).config);
    const max = maxFileBytes(settings);
    if (!explicit && max !== undefined) options.maxFileBytes = max;
    options.python = pythonOptionsFor(this.state, pathToUri(fsPath));
    return options;
  }

  /** The engine reports its own failures as findings; anything that still escapes becomes MSL003. */
  private async runEngine(fsPath: string, options: ScanOptions): Promise<ScanResult> {
    try {
      const result = await scanFile(fsPath, options);
      await addProbeFindings(this.state, fsPath, result);
      return result;
    } catch (e) {
      this.state.error(`Scanner error on ${fsPath}: ${(e as Error).stack ?? String(e)}`);
      const finding = createFinding(INTERNAL_ERROR, {
        message: `The scanner failed on this file: ${(e as Error).message ?? String(e)}. It was not analysed.`,
        location: { kind: 'file' },
      });
      return {
        path: fsPath, format: 'unknown', detectedBy: 'none', size: 0, findings: [finding], summary: {},
        limitsHit: [], timings: { totalMs: 0 },
      };
    }
  }

  private publish(fsPath: string, diagnostics: ReturnType<typeof findingToDiagnostic>[]): void {
    void this.state.connection.sendDiagnostics({ uri: pathToUri(fsPath), diagnostics }).catch(() => undefined);
  }
}
