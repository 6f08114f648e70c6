// Which rule a resolved callee matches, and how sure that is: shared by call sites (analyze.ts)
// and by loaders passed as values (loaderValues.ts).
import type { Confidence } from '../findings';
import type { CalleeMatcher } from './callees';
import type { Indirection } from './callValues';
import { samePartials } from './boundArguments';
import type { NameOrigin } from './resolve';

/** Builtins are never imported; a name bound nowhere that is a builtin resolves with full confidence. */
const BUILTINS = new Set(['exec', 'eval', 'compile', 'open', '__import__', 'getattr']);

export interface RuleHit {
  qualified: string;
  resolution: Confidence;
  exclusive: boolean;
  steps?: readonly Indirection[];
}

/**
 * A rule matches when some binding of the callee resolves to one of its callees. Resolution is
 * `high` only when every binding does and at least one comes from an import; a bare `torch` that
 * nobody imported, or a name that may also be something else, gives `medium`.
 */
export function matchRule(matcher: CalleeMatcher, origins: readonly NameOrigin[]): RuleHit | undefined {
  const hit = origins.find((o) => o.qualified !== undefined && matcher.matches(o.qualified));
  if (!hit?.qualified) return undefined;
  // Origins through different `partial` calls receive different arguments: not one callee then.
  const exclusive = origins.every((o) => o.qualified !== undefined && matcher.matches(o.qualified) && samePartials(o.steps, hit.steps));
  const imported = origins.some((o) => o.via === 'import') || (hit.via === 'implicit' && BUILTINS.has(hit.qualified));
  return { qualified: hit.qualified, resolution: exclusive && imported ? 'high' : 'medium', exclusive, ...(hit.steps?.length ? { steps: hit.steps } : {}) };
}
