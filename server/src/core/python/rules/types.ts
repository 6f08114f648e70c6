// The contract between the script analyzer and its rules. A call rule names the fully-qualified
// callees it inspects; the analyzer resolves every call once and hands matching ones over.
import type { Node } from 'web-tree-sitter';
import type { Confidence, FindingInit } from '../../findings';
import type { RuleMeta } from '../../rules/types';
import type { Resolver } from '../resolve';
import type { Scope } from '../scopes';
import type { CallArguments } from '../syntax';
import type { LineIndex } from '../text';

export interface CallMatch {
  readonly call: Node;
  /** The callee expression as written (`T.load`). */
  readonly written: string;
  /** The resolved name it matched (`torch.load`). */
  readonly qualified: string;
  /** `high` when every way the callee can be bound leads to `qualified` through an import; `medium` otherwise. */
  readonly resolution: Confidence;
  /** False when the callee may also be something else (a local def on another path): no automatic fix then. */
  readonly exclusive: boolean;
  readonly scope: Scope;
  readonly args: CallArguments;
}

export interface ScriptContext {
  readonly lines: LineIndex;
  readonly resolver: Resolver;
  report(rule: RuleMeta, init: FindingInit): void;
}

export interface CallRule {
  /** Fully-qualified callees (`torch.load`), matched after alias and import resolution. */
  readonly callees: readonly string[];
  check(match: CallMatch, ctx: ScriptContext): void;
}

/** The lower of two confidences. */
export function lowerConfidence(a: Confidence, b: Confidence): Confidence {
  const order: Confidence[] = ['low', 'medium', 'high'];
  return order[Math.min(order.indexOf(a), order.indexOf(b))];
}

/** "`T.load` (torch.load)" or just "`torch.load`" when written as resolved. */
export function describeCallee(m: Pick<CallMatch, 'written' | 'qualified'>): string {
  return m.written === m.qualified ? `\`${m.written}\`` : `\`${m.written}\` (${m.qualified})`;
}
