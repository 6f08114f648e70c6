// Baselines: the findings a project has accepted, so that adopting msl on an existing repository
// reports only what is new. Entries are matched by fingerprint (rule, path, archive member,
// pointer, evidence: never offsets or line numbers), with paths relative to the baseline file's
// folder, so the scan can run from any folder. Every entry needs a justification; an empty one
// still hides its finding but is itself reported (MSL012).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compareFindings, createFinding, type Finding } from '../core/findings';
import { BASELINE_WITHOUT_JUSTIFICATION } from '../core/rules/scanner';
import type { ScanResult } from '../core/scan';
import { artifactLocation, fingerprintsFor } from './formatters/sarifLocations';
import type { AcceptedFinding, BaselineState, CliScanResult, PriorFinding, RunComparison } from './resultExtras';

export const BASELINE_FILE_NAME = 'msl.baseline.json';
export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  /** Relative to the baseline file's folder, `/`-separated. */
  path: string;
  title: string;
  /** Why the finding is accepted. Written empty by `msl baseline`: a person fills it in. */
  justification: string;
}

export interface BaselineFile {
  version: number;
  tool?: string;
  findings: BaselineEntry[];
}

/** Fingerprints of a result's findings as the baseline records them (paths relative to `dir`). */
export function baselinePrints(findings: readonly Finding[], absolute: string, dir: string): { uri: string; prints: string[] } {
  const uri = artifactLocation(absolute, dir).uri;
  return { uri, prints: fingerprintsFor(findings, uri) };
}

export function baselineEntries(results: readonly { result: ScanResult; absolute: string }[], dir: string): BaselineEntry[] {
  const out: BaselineEntry[] = [];
  for (const { result, absolute } of results) {
    const { prints } = baselinePrints(result.findings, absolute, dir);
    const rel = path.relative(dir, absolute).split(path.sep).join('/');
    result.findings.forEach((f, i) => out.push({ fingerprint: prints[i]!, ruleId: f.ruleId, path: rel, title: f.title, justification: '' }));
  }
  return out.sort((a, b) => (a.path !== b.path ? (a.path < b.path ? -1 : 1) : a.ruleId !== b.ruleId ? (a.ruleId < b.ruleId ? -1 : 1) : a.fingerprint < b.fingerprint ? -1 : 1));
}

export function serializeBaseline(b: BaselineFile): string {
  const findings = b.findings.map((e) => ({ fingerprint: e.fingerprint, ruleId: e.ruleId, path: e.path, title: e.title, justification: e.justification }));
  return `${JSON.stringify({ version: b.version, ...(b.tool ? { tool: b.tool } : {}), findings }, null, 2)}\n`;
}

/** Parses a baseline; problems are returned (the scan refuses to run on a broken baseline). */
export function parseBaseline(text: string, label: string): { baseline?: BaselineFile; problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { problems: [`${label}: not valid JSON: ${(e as Error).message}`] };
  }
  const problems: string[] = [];
  if (!isObject(raw) || !Array.isArray(raw.findings)) return { problems: [`${label}: expected an object with a "findings" array`] };
  if (raw.version !== BASELINE_VERSION) problems.push(`${label}: unsupported "version" ${JSON.stringify(raw.version)} (expected ${BASELINE_VERSION})`);
  const findings: BaselineEntry[] = [];
  raw.findings.forEach((e: unknown, i: number) => {
    if (!isObject(e) || typeof e.fingerprint !== 'string' || !/^[0-9a-f]{64}$/.test(e.fingerprint) || typeof e.ruleId !== 'string' || typeof e.path !== 'string') {
      problems.push(`${label}: findings[${i}] needs a 64-hex "fingerprint", a "ruleId" and a "path"`);
      return;
    }
    const justification = typeof e.justification === 'string' ? e.justification : '';
    findings.push({ fingerprint: e.fingerprint, ruleId: e.ruleId, path: e.path, title: typeof e.title === 'string' ? e.title : e.ruleId, justification });
  });
  return problems.length > 0 ? { problems } : { baseline: { version: BASELINE_VERSION, findings }, problems };
}

/** A loaded baseline applied to the results of one run. */
export class AppliedBaseline implements RunComparison {
  readonly kind = 'baseline' as const;
  private readonly byPrint = new Map<string, { entry: BaselineEntry; index: number }>();
  private readonly matched = new Set<number>();
  private readonly scannedPaths = new Set<string>();
  private added = 0;

  constructor(readonly file: string, readonly label: string, private readonly baseline: BaselineFile, private readonly cwd: string) {
    baseline.findings.forEach((entry, index) => this.byPrint.set(entry.fingerprint, { entry, index }));
  }

  static load(file: string, cwd: string, label: string): { applied?: AppliedBaseline; problems: string[] } {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      return { problems: [`${label}: cannot read the baseline: ${(e as Error).message}`] };
    }
    const { baseline, problems } = parseBaseline(text, label);
    return baseline ? { applied: new AppliedBaseline(file, label, baseline, cwd), problems } : { problems };
  }

  /** Moves accepted findings out of `r.findings` (into `r.accepted`) and marks the rest new. */
  apply(r: CliScanResult): void {
    const absolute = path.resolve(this.cwd, r.path);
    const dir = path.dirname(this.file);
    this.scannedPaths.add(path.relative(dir, absolute).split(path.sep).join('/'));
    const { prints } = baselinePrints(r.findings, absolute, dir);
    const sarifPrints = r.fingerprints ?? [];
    const kept: Finding[] = [];
    const keptPrints: string[] = [];
    const accepted: AcceptedFinding[] = [];
    r.findings.forEach((f, i) => {
      const hit = this.byPrint.get(prints[i]!);
      if (hit && hit.entry.ruleId === f.ruleId) {
        this.matched.add(hit.index);
        accepted.push({ finding: f, fingerprint: sarifPrints[i] ?? prints[i]!, justification: hit.entry.justification.trim() });
      } else {
        kept.push(f);
        keptPrints.push(sarifPrints[i] ?? prints[i]!);
      }
    });
    this.added += kept.length;
    r.findings = kept;
    r.fingerprints = keptPrints;
    r.states = kept.map((): BaselineState => 'new');
    if (accepted.length > 0) r.accepted = accepted;
  }

  newCount(): number {
    return this.added;
  }

  /** Everything still reported is new: accepted findings were moved out of the results. */
  isNew(): boolean {
    return true;
  }

  /** Entries for files scanned in this run whose finding is gone. */
  absent(): PriorFinding[] {
    const dir = path.dirname(this.file);
    return this.baseline.findings
      .filter((e, i) => !this.matched.has(i) && this.scannedPaths.has(e.path))
      .map((e) => ({ fingerprint: e.fingerprint, ruleId: e.ruleId, path: path.relative(this.cwd, path.join(dir, ...e.path.split('/'))), title: e.title }));
  }

  /** MSL012 for every entry that hid a finding in this run without a justification; undefined when none. */
  justificationResult(): ScanResult | undefined {
    const findings = [...this.matched]
      .sort((a, b) => a - b)
      .filter((i) => this.baseline.findings[i]!.justification.trim() === '')
      .map((i) => {
        const e = this.baseline.findings[i]!;
        return createFinding(BASELINE_WITHOUT_JUSTIFICATION, {
          message: `The baseline accepts ${e.ruleId} in ${e.path} without a justification.`,
          location: { kind: 'pointer', pointer: `/findings/${i}/justification` },
          evidence: `${e.ruleId} ${e.path} (${e.title})`,
        });
      });
    if (findings.length === 0) return undefined;
    let size = 0;
    try {
      size = fs.statSync(this.file).size;
    } catch {
      // read at load time; a vanished file only loses its size here
    }
    return {
      path: path.relative(this.cwd, this.file) || path.basename(this.file), format: 'unknown', detectedBy: 'none', size,
      findings: findings.sort(compareFindings), summary: {}, limitsHit: [], timings: { totalMs: 0 },
    };
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
