// Counts by severity for every file with published diagnostics: the source of the workspace
// summary (status bar now, explorer badges later). Keyed by `uriKey`.
import { emptyCounts, SEVERITY_NAMES, type SeverityCounts, type SeverityName, type WorkspaceSummary } from '../protocol/messages';
import { isInside } from './folders';

export interface StoredFile {
  uri: string;
  counts: SeverityCounts;
}

export class FindingsStore {
  private readonly files = new Map<string, StoredFile>();
  /** Called with the key of every file whose entry was set or deleted (code lenses watch their targets). */
  private readonly fileListeners: ((key: string) => void)[] = [];

  constructor(private readonly onChange: () => void) {}

  onFileChange(listener: (key: string) => void): void {
    this.fileListeners.push(listener);
  }

  set(key: string, uri: string, severities: readonly SeverityName[]): void {
    const counts = emptyCounts();
    for (const s of severities) counts[s]++;
    this.files.set(key, { uri, counts });
    this.onChange();
    for (const l of this.fileListeners) l(key);
  }

  get(key: string): StoredFile | undefined {
    return this.files.get(key);
  }

  delete(key: string): StoredFile | undefined {
    const had = this.files.get(key);
    if (had) {
      this.files.delete(key);
      this.onChange();
      for (const l of this.fileListeners) l(key);
    }
    return had;
  }

  /** Keys of stored files that are `fsPath` or lie under it (a deleted folder). */
  keysUnder(fsPath: string): string[] {
    return [...this.files.keys()].filter((k) => isInside(k, fsPath));
  }

  keys(): string[] {
    return [...this.files.keys()];
  }

  summary(scanning: boolean): WorkspaceSummary {
    const counts = emptyCounts();
    let filesWithFindings = 0;
    for (const f of this.files.values()) {
      let any = false;
      for (const s of SEVERITY_NAMES) {
        counts[s] += f.counts[s];
        if (f.counts[s] > 0) any = true;
      }
      if (any) filesWithFindings++;
    }
    return { counts, filesWithFindings, scanning };
  }
}

/** Calls `fn` at most once per `ms`, always including the last call (trailing edge). */
export function throttle(fn: () => void, ms: number): () => void {
  let timer: NodeJS.Timeout | undefined;
  return () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      fn();
    }, ms);
  };
}
