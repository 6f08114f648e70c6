// The engine's last findings per disk file, keyed by the file's (size, mtime) when it was read,
// so that a change of msl.lock.json re-runs only the provenance checks (a stat and cached digests)
// instead of re-parsing every model. Bounded by a total number of findings; the oldest entries go
// first, and a miss simply means a full scan.
import * as fs from 'node:fs';
import type { Finding } from '../core/findings';
import type { FormatId } from '../core/formats/types';

export interface EngineResult {
  format: FormatId;
  /** The engine's (and probes') findings, before provenance checks and project overrides. */
  findings: readonly Finding[];
  error?: string;
}

interface Entry extends EngineResult {
  stamp: string;
}

const DEFAULT_MAX_FINDINGS = 200_000;

export class EngineResults {
  private readonly byPath = new Map<string, Entry>();
  private total = 0;

  constructor(private readonly maxFindings = DEFAULT_MAX_FINDINGS) {}

  /** The cached result when the file still has the size and mtime it had when it was scanned. */
  get(fsPath: string): EngineResult | undefined {
    const hit = this.byPath.get(fsPath);
    if (!hit) return undefined;
    if (hit.stamp === fileStamp(fsPath)) return hit;
    this.delete(fsPath);
    return undefined;
  }

  /** Remembers a result; `stamp` is the file's stamp taken before the engine read it. */
  set(fsPath: string, stamp: string, result: EngineResult): void {
    this.delete(fsPath);
    if (stamp === '' || result.findings.length > this.maxFindings) return;
    this.byPath.set(fsPath, { ...result, findings: [...result.findings], stamp });
    this.total += result.findings.length;
    while (this.total > this.maxFindings) this.delete(this.byPath.keys().next().value!);
  }

  delete(fsPath: string): void {
    const had = this.byPath.get(fsPath);
    if (!had) return;
    this.byPath.delete(fsPath);
    this.total -= had.findings.length;
  }

  get size(): number {
    return this.byPath.size;
  }
}

/** `size:mtimeMs`, or '' when the file cannot be stat'ed. */
export function fileStamp(fsPath: string): string {
  try {
    const st = fs.statSync(fsPath);
    return `${st.size}:${st.mtimeMs}`;
  } catch {
    return '';
  }
}
