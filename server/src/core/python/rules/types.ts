// The contract between the script analyzer and its rules. A call rule names the fully-qualified
// callees it inspects; the analyzer resolves every call once and hands matching ones over.
// A keyword rule inspects every call passing one of its keyword names, whatever the callee
// (`trust_remote_code=True` means the same thing in every library that accepts it).
import type { Node } from 'web-tree-sitter';
import type { Confidence, FindingInit } from '../../findings';
import type { RuleMeta } from '../../rules/types';
import type { NameOrigin, Resolver } from '../resolve';
import type { Scope } from '../scopes';
import type { CallArguments } from '../syntax';
import type { LineIndex } from '../text';

export interface CallMatch {
  readonly call: Node;
  /** The callee expression node and its text as written (`T.load`). */
  readonly callee: Node;
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

export interface KeywordMatch {
  readonly call: Node;
  readonly callee: Node;
  readonly written: string;
  /** Every name the callee may denote (empty qualified names for locals). */
  readonly origins: readonly NameOrigin[];
  /** The `keyword_argument` node and its value. */
  readonly keyword: Node;
  readonly value: Node;
  readonly scope: Scope;
  readonly args: CallArguments;
}

export interface ScriptContext {
  readonly lines: LineIndex;
  readonly resolver: Resolver;
  report(rule: RuleMeta, init: FindingInit): void;
  /** Hub revisions recorded in the project's msl.lock.json (lower-cased repo id -> commit), when there is one. */
  readonly hubPins?: ReadonlyMap<string, string>;
}

export interface CallRule {
  /**
   * Fully-qualified callees (`torch.load`), matched after alias and import resolution. A `*`
   * segment matches one name and `**` one or more (`transformers.**.from_pretrained`); the last
   * segment is always literal.
   */
  readonly callees: readonly string[];
  check(match: CallMatch, ctx: ScriptContext): void;
}

/** A dictionary literal entry whose key is one of a keyword rule's names (`{"trust_remote_code": True}`). */
export interface DictEntryMatch {
  readonly name: string;
  readonly pair: Node;
  readonly value: Node;
  readonly scope: Scope;
}

export interface KeywordRule {
  readonly keywords: readonly string[];
  check(match: KeywordMatch, ctx: ScriptContext): void;
  /** Optional: the same setting written as a dictionary entry (usually forwarded as `**kwargs`). */
  checkDictEntry?(match: DictEntryMatch, ctx: ScriptContext): void;
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
