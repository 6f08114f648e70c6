// The parts of `msl scan` added for pull requests and scale, kept out of scanCommand.ts: where the
// files come from (a folder walk, or git with --changed/--staged), --shard, the scanner (in-process
// or a worker pool), and what happens to each result before the formatters see it (digest,
// rename and LFS facts, fingerprints, --baseline, comparison with BASE).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ScanOptions, ScanResult } from '../core/scan';
import { hashFile } from '../core/provenance/hash';
import { AppliedBaseline } from './baseline';
import { scanBaseVersions, selectFromGit, type GitSelection } from './changed';
import { BaseComparison, withFingerprints } from './comparison';
import { GitError } from './git';
import { PARALLEL_THRESHOLD, ScanPool, defaultJobs, inProcess, lookahead, type Scanner } from './parallel';
import type { ScanArgs } from './scanArgs';
import type { CliScanResult, RunComparison } from './resultExtras';
import { inShard } from './shard';
import { expandTargets, type Target } from './targets';

/** Files up to this size get a SHA-256 in SARIF and the BOM (bigger ones only when asked). */
export const HASH_CAP_BYTES = 64 * 1024 * 1024;

export interface ScanRun {
  targets: AsyncIterable<Target>;
  scanner: Scanner;
  /** How many files may be in flight (and held for ordered output). */
  inFlight: number;
  /** For the formatters: the comparison (baseline or BASE), SARIF's automation id. */
  comparison?: RunComparison;
  /** Comparison with BASE, when --changed (the Markdown summary lists new and fixed findings). */
  changes?: BaseComparison;
  automationId: string;
  /** Adds the CLI's facts to a result, applies the baseline, compares with BASE. */
  finish(t: Extract<Target, { kind: 'file' }>, r: CliScanResult): Promise<void>;
  /** Results that are not files of the scan (the baseline's MSL012 findings). */
  extraResults(): ScanResult[];
  close(): Promise<void>;
}

export interface RunSetup {
  args: ScanArgs;
  cwd: string;
  options: ScanOptions;
  globs: { include: string[]; exclude: string[] };
  /** Which results need their SHA-256: SARIF (under the cap) and the BOM (all). */
  hashes: 'all' | 'capped' | false;
  log(message: string): void;
}

export async function prepareRun(s: RunSetup): Promise<ScanRun | { error: string }> {
  const pr = s.args.pr ?? {};
  let paths = s.args.paths;
  let applied: AppliedBaseline | undefined;
  if (pr.baseline !== undefined) {
    const loaded = AppliedBaseline.load(path.resolve(s.cwd, pr.baseline), s.cwd, pr.baseline);
    if (!loaded.applied) return { error: `${loaded.problems.join('\n')}\nfix the baseline and run again` };
    applied = loaded.applied;
  }
  let sel: GitSelection | undefined;
  if (pr.git) {
    let base = pr.git.base;
    if (pr.git.baseFromPositional && paths.length > 0 && !fs.existsSync(path.resolve(s.cwd, paths[0]!))) {
      base = paths[0];
      paths = paths.slice(1);
    }
    try {
      sel = selectFromGit({ cwd: s.cwd, mode: pr.git.mode, ...(base !== undefined ? { base } : {}), paths, ...s.globs });
    } catch (e) {
      if (e instanceof GitError) return { error: `--${pr.git.mode}: ${e.message}` };
      throw e;
    }
    if (!s.args.quiet) s.log(sel.message);
  }
  let changes: BaseComparison | undefined;
  if (sel?.base) {
    const baseResults = await scanBaseVersions(sel, s.cwd, s.options);
    changes = new BaseComparison(`${sel.base.ref.replace(/^refs\/(heads|remotes)\//, '')} (${sel.base.commit.slice(0, 10)})`, baseResults, s.cwd);
  }
  let source: AsyncIterable<Target> = sel ? fromArray(sel.targets) : expandTargets(paths, { cwd: s.cwd, ...s.globs });
  if (pr.shard) source = filterShard(source, s.cwd, pr.shard);

  const jobs = pr.jobs ?? defaultJobs();
  let scanner: Scanner = inProcess;
  let pool: ScanPool | undefined;
  if (jobs > 1 && ScanPool.available()) {
    const peek = await lookahead(source, PARALLEL_THRESHOLD);
    source = peek.all;
    // A handful of files: starting workers would cost more than it saves (unless asked for).
    if (!peek.exhausted || pr.jobs !== undefined) {
      pool = new ScanPool(jobs);
      scanner = pool.scan;
    }
  }
  const mode = pr.git?.mode ?? 'scan';
  const shard = pr.shard && pr.shard.count > 1 ? `-shard-${pr.shard.index}-of-${pr.shard.count}` : '';
  const run: ScanRun = {
    targets: source,
    scanner,
    inFlight: pool ? jobs * 2 : 4,
    automationId: `msl/${mode}${shard}/`,
    async finish(t, r) {
      if (t.renamedFrom !== undefined) r.renamedFrom = t.renamedFrom;
      if (t.lfsOid !== undefined) {
        r.lfsOid = t.lfsOid;
        r.summary = { ...r.summary, facts: { ...r.summary.facts, lfsOid: t.lfsOid, lfsObjectScanned: true } };
      }
      if (s.hashes && r.error === undefined && (s.hashes === 'all' || r.size <= HASH_CAP_BYTES)) {
        r.sha256 = await hashFile(t.scan ?? t.absolute).then((d) => d.sha256, () => undefined);
        if (r.sha256 === undefined) delete r.sha256;
      }
      withFingerprints(r, s.cwd);
      applied?.apply(r);
      changes?.mark(r);
    },
    extraResults: () => {
      const extra = applied?.justificationResult();
      return extra ? [withFingerprints(extra, s.cwd)] : [];
    },
    close: async () => {
      await pool?.close();
      sel?.cleanup();
    },
  };
  const comparison = applied ?? changes;
  if (comparison) run.comparison = comparison;
  if (changes) run.changes = changes;
  return run;
}

async function* fromArray<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

async function* filterShard(source: AsyncIterable<Target>, cwd: string, shard: { index: number; count: number }): AsyncGenerator<Target> {
  for await (const t of source) {
    if (t.kind === 'error' || inShard(t.absolute, cwd, shard)) yield t;
  }
}
