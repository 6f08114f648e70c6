// Rules that fire on one keyword set to a risky value, whatever the callee:
// `trust_remote_code=True`, `allow_dangerous_deserialization=True`, `allow_dangerous_code=True`,
// `use_safetensors=False`, `verify=False`. A literal gets a fix that deletes the argument; a
// constant is reported without a fix (it may be shared configuration); an unknown value is
// reported with low confidence when `reportUnknown`.
import type { Confidence, Severity } from '../../findings';
import type { RuleMeta } from '../../rules/types';
import { literalValue } from '../syntax';
import { oneLine } from '../text';
import { constantLine, describeWritten, keywordState, removeKeywordFix, reportCall } from './common';
import type { KeywordMatch, KeywordRule, ScriptContext } from './types';

export interface KeywordFlag {
  rule: RuleMeta;
  keyword: string;
  /** The value that is risky: `true` for enabling flags, `false` for `verify=False`. */
  risky: boolean;
  reportUnknown: boolean;
  /** What the setting does, completing "`f` is called with `k=v`, which ...". */
  effect: string;
  /** Optional adjustments from the rest of the call (pins, callee kind). */
  adjust?(m: KeywordMatch, ctx: ScriptContext): { severity?: Severity; confidence?: Confidence; note?: string } | undefined;
}

export function keywordFlagRule(spec: KeywordFlag): KeywordRule {
  return {
    keywords: [spec.keyword],
    check(m, ctx) {
      const { state, constant } = keywordState(m.value, spec.risky, m.scope, ctx);
      if (state === 'safe' || (state === 'unknown' && !spec.reportUnknown)) return;
      const adjust = spec.adjust?.(m, ctx) ?? {};
      const callee = describeWritten(m);
      const shown = oneLine(m.value.text, 60);
      let message: string;
      let confidence = adjust.confidence;
      let fix;
      if (state === 'unknown') {
        confidence = 'low';
        message = `${callee} is called with \`${spec.keyword}=${shown}\`, whose value cannot be determined here; when it is ${pyBool(spec.risky)} it ${spec.effect}`;
      } else if (state === 'constant' && constant) {
        message = `${callee} is called with \`${spec.keyword}=${shown}\`, which is ${pyBool(spec.risky)} (set on line ${constantLine(constant, ctx)}), so it ${spec.effect}`;
      } else {
        message = `${callee} is called with \`${spec.keyword}=${shown}\`, which ${spec.effect}`;
        fix = removeKeywordFix(m, ctx);
      }
      if (adjust.note) message += ` ${adjust.note}`;
      reportCall(spec.rule, m, ctx, {
        message,
        ...(confidence ? { confidence } : {}),
        ...(adjust.severity ? { severity: adjust.severity } : {}),
        ...(fix ? { fix } : {}),
      });
    },
    checkDictEntry(m, ctx) {
      const literal = literalValue(m.value);
      const value = literal !== undefined ? literal : ctx.resolver.constant(m.value, m.scope)?.value;
      if (value === undefined || value === null || Boolean(value) !== spec.risky) return;
      ctx.report(spec.rule, {
        message: `A dictionary sets \`"${spec.keyword}": ${oneLine(m.value.text, 40)}\`; passed on as keyword arguments it ${spec.effect}`,
        location: { kind: 'text', range: ctx.lines.range(m.pair.startIndex, m.pair.endIndex) },
        evidence: oneLine(m.pair.text),
        confidence: 'medium',
      });
    },
  };
}

function pyBool(b: boolean): string {
  return b ? 'True' : 'False';
}
