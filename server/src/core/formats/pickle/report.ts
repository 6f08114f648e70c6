// Turns the facts of one machine run into findings and a summary entry, graded by policy.
import type { AnalysisContext } from '../../context';
import type { Location } from '../../findings';
import type { ByteSource } from '../../io/byteSource';
import { compilePolicy, type CompiledPolicy } from '../../policy/grade';
import {
  DANGEROUS_IMPORT, DISCARDED_CALL, EXTENSION_REGISTRY, IMPORTED_OBJECT_MUTATION, MALFORMED_PICKLE,
  PARSER_DIFFERENTIAL, UNKNOWN_IMPORT, UNRESOLVED_IMPORT,
} from '../../rules/pickleContent';
import type { PickleImport, PickleStreamInfo } from '../../summary';
import { describe } from './describe';
import type { ImportRecord, MachineResult, PickleEvent } from './types';
import { calleeGlobal } from './values';

export function bytesAt(src: ByteSource, offset: number, length = 1): Location {
  const loc: Location = { kind: 'bytes', offset, length };
  const fo = src.fileOffset(offset);
  if (fo !== undefined) loc.fileOffset = fo;
  return loc;
}

/**
 * What has been reported for one source. A second reading of the same bytes (the C file
 * reader's view of inconsistent frames) only adds what the first did not report.
 */
export interface Reported {
  keys: Set<string>;
  /** Report only what is not in `keys` yet. */
  onlyNew: boolean;
}

export function newReported(): Reported {
  return { keys: new Set(), onlyNew: false };
}

function fresh(seen: Reported | undefined, key: string): boolean {
  if (!seen) return true;
  const had = seen.keys.has(key);
  seen.keys.add(key);
  return !(had && seen.onlyNew);
}

/** Reports one stream (and the joblib sub-streams inside it); returns its summary entry. */
export function reportStream(r: MachineResult, src: ByteSource, ctx: AnalysisContext, seen?: Reported): PickleStreamInfo {
  const policy = compilePolicy(ctx.policy);
  const imports: PickleImport[] = r.imports.map((rec) => {
    const p = reportImport(rec, src, ctx, policy, fresh(seen, `import ${rec.module}\u0000${rec.name}`));
    return p;
  });
  for (const e of r.events) if (fresh(seen, eventKey(e))) reportEvent(e, src, ctx, policy);
  if (r.limit) ctx.limitHit(r.limit.name, bytesAt(src, r.limit.offset), r.limit.detail);
  if (r.error && !seen?.onlyNew) {
    ctx.report(MALFORMED_PICKLE, {
      message: `The pickle stream starting at offset ${r.start} breaks at offset ${r.error.offset}: ${r.error.message}. CPython runs every opcode before the break.`,
      location: bytesAt(src, r.error.offset),
      evidence: r.error.message,
    });
  }
  const info: PickleStreamInfo = { offset: r.start, protocol: r.protocol, opcodes: r.opcodes, imports, complete: r.complete };
  if (ctx.members.length > 0) info.members = [...ctx.members];
  (ctx.summary.pickles ??= []).push(info);
  for (const child of r.children) reportStream(child, src, ctx, seen);
  return info;
}

export function eventKey(e: PickleEvent): string {
  switch (e.kind) {
    case 'unresolved': return `unresolved ${e.module} ${e.name}`;
    case 'ext': return `ext ${e.code}`;
    case 'differential': return `differential ${e.offset} ${e.detail}`;
    default: return `${e.kind} ${e.offset}`;
  }
}

function reportImport(rec: ImportRecord, src: ByteSource, ctx: AnalysisContext, policy: CompiledPolicy, report: boolean): PickleImport {
  const g = policy.grade(rec.module, rec.name);
  const out: PickleImport = { module: rec.module, name: rec.name, offset: rec.offset, verdict: g.verdict };
  if (g.verdict === 'allowed' || !report) return out;
  const target = `${rec.module}.${rec.name}`;
  const evidence = rec.calls.length > 0 ? describe(rec.calls[0]) : target;
  const calls = rec.callCount === 0 ? 'imported' : rec.callCount === 1 ? 'imported and called' : `imported and called ${rec.callCount} times`;
  const mapped = g.matched !== target ? ` (CPython resolves it as ${g.matched})` : '';
  const rule = g.verdict === 'dangerous' ? DANGEROUS_IMPORT : UNKNOWN_IMPORT;
  ctx.report(rule, {
    message: `${target}${mapped} is ${calls} by ${rec.via} at offset ${rec.offset}: it ${g.reason}.`,
    location: bytesAt(src, rec.offset),
    evidence: rec.callCount > 1 ? `${evidence} (+${rec.callCount - 1} more call${rec.callCount > 2 ? 's' : ''})` : evidence,
    ...(g.severity ? { severity: g.severity } : {}),
  });
  return out;
}

function reportEvent(e: PickleEvent, src: ByteSource, ctx: AnalysisContext, policy: CompiledPolicy): void {
  const location = bytesAt(src, e.offset);
  switch (e.kind) {
    case 'unresolved':
      ctx.report(UNRESOLVED_IMPORT, {
        message: `STACK_GLOBAL at offset ${e.offset} imports a name computed at load time: module ${e.module}, name ${e.name}.`,
        location, evidence: `STACK_GLOBAL(${e.module}, ${e.name})`,
      });
      return;
    case 'ext':
      ctx.report(EXTENSION_REGISTRY, {
        message: `EXT opcode at offset ${e.offset} imports whatever copyreg's extension registry holds under code ${e.code} when the file is loaded.`,
        location, evidence: `EXT code ${e.code}`,
      });
      return;
    case 'mutation':
      ctx.report(IMPORTED_OBJECT_MUTATION, {
        message: `${e.opcode} at offset ${e.offset} modifies the imported object ${e.target} with ${e.detail}.`,
        location, evidence: `${e.opcode} ${e.target} <- ${e.detail}`,
      });
      return;
    case 'discarded': {
      const g = calleeGlobal(e.call);
      const allowed = g !== undefined && policy.grade(g.module, g.name).verdict === 'allowed';
      ctx.report(DISCARDED_CALL, {
        message: `The result of ${describe(e.call, 120)} (called at offset ${e.call.offset}) is discarded at offset ${e.offset}: the call runs only for its side effect.`,
        location: bytesAt(src, e.call.offset), evidence: describe(e.call), ...(allowed ? { severity: 'low' as const } : {}),
      });
      return;
    }
    case 'differential':
      ctx.report(PARSER_DIFFERENTIAL, { message: `At offset ${e.offset}: ${e.detail}.`, location, evidence: e.detail });
      return;
    case 'nested': case 'embedded': case 'joblib-array':
      return; // handled by the analyzer (nested analysis) or summarised
  }
}
