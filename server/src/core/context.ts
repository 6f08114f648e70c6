// What an analyzer can do while it runs: report findings, record structure, hit limits, and
// hand a contained file (archive member, decompressed payload, nested pickle) back to routing.
import type { ByteSource } from './io/byteSource';
import { createFinding, type Finding, type FindingInit, type Location } from './findings';
import { LIMIT_DESCRIPTIONS, type LimitName, type ScanLimits } from './limits';
import { LIMIT_REACHED } from './rules/scanner';
import type { RuleMeta } from './rules/types';
import type { ModelSummary } from './summary';
import type { FormatId } from './formats/types';
import type { PolicyOptions } from './policy/types';

export interface AnalysisContext {
  readonly limits: ScanLimits;
  /** Project policy (allowlist extensions) for content checks. */
  readonly policy: PolicyOptions;
  /** Archive member chain of the source being analysed (empty at the top level). */
  readonly members: readonly string[];
  /** Container / nested-pickle depth. */
  readonly depth: number;
  readonly summary: ModelSummary;
  readonly observer?: ScanObserver;
  /** Add a finding for this source; `bytes`/`pointer`/`file` locations get `members` filled in. */
  report(rule: RuleMeta, init: FindingInit): void;
  /** Report that a limit stopped analysis (once per limit and member). Returns nothing to continue with. */
  limitHit(limit: LimitName, location: Location, detail?: string): void;
  /** True once the file's wall-time budget is spent; long loops poll it and stop with limitHit. */
  timeUp(): boolean;
  /** Account decompressed bytes; false (and a limit finding) when the per-file budget is exhausted. */
  takeDecompressed(bytes: number, location: Location): boolean;
  /** Route a contained file through detection and its analyzer, one level deeper. */
  analyzeNested(src: ByteSource, memberName: string, hint?: FormatId, options?: NestedOptions): Promise<FormatId>;
  /** Let an analyzer that recognised a more specific flavour (zip → pytorch-zip) say so. */
  refineFormat(format: FormatId): void;
}

/**
 * Optional callbacks for callers that want more than findings from a scan (the disassembly view):
 * they see each pickle stream's bytes while the scan still holds them open.
 */
export interface NestedOptions {
  /** Policy for the contained file (e.g. TorchScript archives allow their own `__torch__` classes). */
  policy?: PolicyOptions;
}

export interface ScanObserver {
  pickleStream?(src: ByteSource, offset: number, members: readonly string[]): void;
}

export interface ScanState {
  observer?: ScanObserver;
  findings: Finding[];
  summary: ModelSummary;
  limitsHit: Set<LimitName>;
  deadline: number;
  decompressedBytes: number;
  format: FormatId;
}

type Router = (src: ByteSource, ctx: AnalysisContext, memberName: string, hint?: FormatId) => Promise<FormatId>;

export function createContext(
  state: ScanState,
  limits: ScanLimits,
  policy: PolicyOptions,
  members: readonly string[],
  depth: number,
  route: Router,
): AnalysisContext {
  const withMembers = (loc: Location): Location => {
    if (members.length === 0 || loc.kind === 'text') return loc;
    if (loc.members && loc.members.length > 0) return loc;
    return { ...loc, members: [...members] };
  };
  const reportedLimits = new Set<string>();
  const ctx: AnalysisContext = {
    limits,
    policy,
    members,
    depth,
    summary: state.summary,
    ...(state.observer ? { observer: state.observer } : {}),
    report(rule, init) {
      state.findings.push(createFinding(rule, { ...init, location: withMembers(init.location) }));
    },
    limitHit(limit, location, detail) {
      state.limitsHit.add(limit);
      const key = `${limit}\u0000${members.join('/')}`;
      if (reportedLimits.has(key)) return;
      reportedLimits.add(key);
      ctx.report(LIMIT_REACHED, {
        message: `Stopped at the limit on ${LIMIT_DESCRIPTIONS[limit]} (${limit} = ${limits[limit]})${detail ? `: ${detail}` : ''}. The rest was not analysed.`,
        location,
        evidence: `${limit}=${limits[limit]}`,
      });
    },
    timeUp() {
      return Date.now() > state.deadline;
    },
    takeDecompressed(bytes, location) {
      if (state.decompressedBytes + bytes > limits.maxDecompressedBytes) {
        ctx.limitHit('maxDecompressedBytes', location);
        return false;
      }
      state.decompressedBytes += bytes;
      return true;
    },
    async analyzeNested(src, memberName, hint, options) {
      const childMembers = [...members, memberName];
      const child = createContext(state, limits, options?.policy ?? policy, childMembers, depth + 1, route);
      if (depth + 1 > limits.maxNestingDepth) {
        child.limitHit('maxNestingDepth', { kind: 'file' }, `member ${memberName}`);
        return 'unknown';
      }
      return route(src, child, memberName, hint);
    },
    refineFormat(format) {
      if (depth === 0) state.format = format;
    },
  };
  return ctx;
}
