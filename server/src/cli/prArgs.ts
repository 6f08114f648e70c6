// The pull-request and scale options of `msl scan`: --changed [BASE], --staged, --baseline FILE,
// --shard i/n and --jobs N. Parsed here so scanArgs.ts only wires them in.
import type { OptionSpec, ParsedArgs } from './args';
import { UsageError } from './args';
import { MAX_JOBS } from './parallel';
import { parseShard, type Shard } from './shard';

export const PR_OPTIONS: readonly OptionSpec[] = [
  { name: 'changed', optionalValue: true },
  { name: 'staged' },
  { name: 'baseline', value: true, valueHint: 'a baseline file (msl baseline writes one)' },
  { name: 'shard', value: true, valueHint: 'i/n, e.g. 2/8' },
  { name: 'jobs', short: 'j', value: true, valueHint: `1 to ${MAX_JOBS}` },
];

export interface PullRequestArgs {
  /** Files come from git: changed since a base, or staged in the index. */
  git?: { mode: 'changed' | 'staged'; base?: string; /** `--changed X` without `=`: X is BASE unless it is a path */ baseFromPositional?: boolean };
  baseline?: string;
  shard?: Shard;
  /** Worker threads; 1 scans in-process. */
  jobs?: number;
}

export function parsePullRequestArgs(p: ParsedArgs): PullRequestArgs | undefined {
  const out: PullRequestArgs = {};
  const changed = p.flags.has('changed');
  const staged = p.flags.has('staged');
  if (changed && staged) throw new UsageError('msl scan: --changed and --staged cannot be used together');
  if (changed) {
    const base = p.values.get('changed');
    if (base === '') throw new UsageError('msl scan: --changed= needs a BASE (a branch, tag or commit)');
    out.git = base !== undefined ? { mode: 'changed', base } : { mode: 'changed', baseFromPositional: p.positionals.length > 0 };
  }
  if (staged) out.git = { mode: 'staged' };
  const baseline = p.values.get('baseline');
  if (baseline !== undefined) out.baseline = baseline;
  const shard = p.values.get('shard');
  if (shard !== undefined) {
    const s = parseShard(shard);
    if (!s) throw new UsageError(`msl scan: --shard must be i/n with 1 <= i <= n, e.g. 2/8 (got '${shard}')`);
    out.shard = s;
  }
  const jobs = p.values.get('jobs');
  if (jobs !== undefined) {
    const n = Number(jobs);
    if (!Number.isInteger(n) || n < 1 || n > MAX_JOBS) throw new UsageError(`msl scan: --jobs must be a whole number from 1 to ${MAX_JOBS} (got '${jobs}')`);
    out.jobs = n;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
