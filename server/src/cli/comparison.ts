// "What changed since BASE": findings of the base versions of the changed files against the
// findings of this run, matched by fingerprint. Base files are scanned under their current path,
// so the fingerprints of a renamed file line up.
import type { ScanResult } from '../core/scan';
import { artifactLocation, fingerprintsFor } from './formatters/sarifLocations';
import type { CliScanResult, PriorFinding, RunComparison } from './resultExtras';

/** Sets `r.fingerprints` (SARIF's, relative to `cwd`) unless already set. */
export function withFingerprints(r: CliScanResult, cwd: string): CliScanResult {
  r.fingerprints ??= fingerprintsFor(r.findings, artifactLocation(r.path, cwd).uri);
  return r;
}

export class BaseComparison implements RunComparison {
  readonly kind = 'base' as const;
  private readonly prior = new Map<string, PriorFinding>();
  private readonly seen = new Set<string>();
  private added = 0;

  constructor(readonly label: string, baseResults: readonly ScanResult[], cwd: string) {
    for (const r of baseResults) {
      const prints = fingerprintsFor(r.findings, artifactLocation(r.path, cwd).uri);
      r.findings.forEach((f, i) => {
        const p: PriorFinding = { fingerprint: prints[i]!, ruleId: f.ruleId, path: r.path, title: f.title, severity: f.severity, message: f.message };
        if (f.evidence !== undefined) p.evidence = f.evidence;
        this.prior.set(p.fingerprint, p);
      });
    }
  }

  /** Marks each finding new or unchanged (unless a baseline already did) and remembers what was seen. */
  mark(r: CliScanResult): void {
    const prints = r.fingerprints ?? [];
    const states = prints.map((fp) => (this.prior.has(fp) ? 'unchanged' as const : 'new' as const));
    this.added += states.filter((s) => s === 'new').length;
    r.states ??= states;
    for (const fp of prints) this.seen.add(fp);
    for (const a of r.accepted ?? []) this.seen.add(a.fingerprint);
  }

  newCount(): number {
    return this.added;
  }

  isNew(fingerprint: string): boolean {
    return !this.prior.has(fingerprint);
  }

  absent(): PriorFinding[] {
    return [...this.prior.values()].filter((p) => !this.seen.has(p.fingerprint));
  }
}
