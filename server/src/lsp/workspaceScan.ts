// The workspace scan: list every covered file of the chosen folders, scan them one by one through
// the shared queue, report LSP work-done progress, stop when cancelled, and finally clear files
// that are no longer covered (settings changed, files gone).
import { CancellationTokenSource, type CancellationToken, type WorkDoneProgressServerReporter } from 'vscode-languageserver';
import { walkFiles } from '../core/workspace/walk';
import { emptyCounts, SEVERITY_NAMES, type WorkspaceScanReport } from '../protocol/messages';
import type { DiskScanner } from './diskScanner';
import { walkOptions } from './fileFilter';
import type { Folder } from './folders';
import type { ServerState } from './state';

const PROGRESS_EVERY_MS = 100;
const TITLE = 'Model Security Lint: scanning workspace';

interface ActiveScan {
  source: CancellationTokenSource;
  done: Promise<WorkspaceScanReport>;
}

export class WorkspaceScanner {
  private active: ActiveScan | undefined;

  constructor(
    private readonly state: ServerState,
    private readonly disk: DiskScanner,
  ) {}

  /** Starts a scan of `folders`, cancelling one already running (its results stay published). */
  async scan(folders: readonly Folder[], token?: CancellationToken): Promise<WorkspaceScanReport> {
    if (this.active) {
      this.active.source.cancel();
      await this.active.done.catch(() => undefined);
    }
    const source = new CancellationTokenSource();
    token?.onCancellationRequested(() => source.cancel());
    const done = this.run(folders, source);
    const active = { source, done };
    this.active = active;
    try {
      return await done;
    } finally {
      if (this.active === active) this.active = undefined;
      source.dispose();
    }
  }

  cancel(): void {
    this.active?.source.cancel();
  }

  private async run(folders: readonly Folder[], source: CancellationTokenSource): Promise<WorkspaceScanReport> {
    const token = source.token;
    const counts = emptyCounts();
    this.state.setScanning(true); // synchronously, so no summary in between says "idle"
    let progress: WorkDoneProgressServerReporter | undefined;
    let scanned = 0;
    try {
      progress = await this.state.connection.window.createWorkDoneProgress().catch(() => undefined);
      progress?.token.onCancellationRequested(() => source.cancel());
      progress?.begin(TITLE, 0, 'listing files', true);
      const files = await this.list(folders, token);
      let lastReport = 0;
      for (const file of files) {
        if (token.isCancellationRequested) break;
        const report = await this.disk.scan(file);
        scanned++;
        if (report) for (const s of SEVERITY_NAMES) counts[s] += report.counts[s];
        const now = Date.now();
        if (now - lastReport >= PROGRESS_EVERY_MS || scanned === files.length) {
          lastReport = now;
          progress?.report(Math.floor((scanned * 100) / Math.max(files.length, 1)), progressMessage(scanned, files.length, counts.critical + counts.high));
        }
      }
      if (!token.isCancellationRequested) this.prune(folders, new Set(files));
      return { files: scanned, counts, cancelled: token.isCancellationRequested };
    } finally {
      progress?.done();
      this.state.setScanning(false);
    }
  }

  private async list(folders: readonly Folder[], token: CancellationToken): Promise<string[]> {
    const files: string[] = [];
    for (const folder of folders) {
      const settings = await this.state.settings.get(folder.uri);
      const config = this.state.configs.get(folder.path).config;
      for await (const entry of walkFiles(folder.path, walkOptions(settings, config))) {
        if (token.isCancellationRequested) return files;
        if (entry.kind === 'file') files.push(entry.path);
        else this.state.warn(`Cannot list ${entry.path}: ${entry.message}`);
      }
    }
    return files;
  }

  /** After a full pass, whatever was published under these folders and not seen again goes. */
  private prune(folders: readonly Folder[], seen: ReadonlySet<string>): void {
    for (const folder of folders) {
      for (const key of this.disk.staleUnder(folder.path, seen)) this.disk.clear(key);
    }
  }
}

function progressMessage(done: number, total: number, serious: number): string {
  const tail = serious > 0 ? `, ${serious} critical/high` : '';
  return `${done}/${total} files${tail}`;
}
