// MSL101: torch.load / torch.serialization.load that may unpickle arbitrary objects, and
// MSL102: torch.hub.load_state_dict_from_url, which hands the download to torch.load.
//
// Decisions (see the tests in test/unit/python):
// - no `weights_only`            -> finding, fix appends `weights_only=True`
// - `weights_only=False` / `None` literal -> finding, fix replaces the value with `True`
//   (`None` means "the version's default", which unpickles freely before PyTorch 2.6)
// - a name bound to a falsy constant -> finding naming the constant, no fix (the constant may be
//   shared configuration; rewriting the argument silently would hide that)
// - any other expression         -> finding with low confidence, no fix (value unknown here)
// - `**kwargs` and no keyword    -> finding with low confidence, no fix (the mapping may already
//   hold `weights_only`, and passing it twice raises TypeError)
// - a callee that may also be a local function on another path -> medium confidence, and no
//   "add the keyword" fix (the other function may not accept it)
// `weights_only` is keyword-only in torch.load, so positional arguments never set it there;
// load_state_dict_from_url takes it as its seventh parameter.
import type { Confidence, Fix } from '../../findings';
import { HUB_STATE_DICT_WITHOUT_WEIGHTS_ONLY, TORCH_LOAD_WITHOUT_WEIGHTS_ONLY } from '../../rules/codeDeserialization';
import type { RuleMeta } from '../../rules/types';
import { appendKeywordEdits, replaceNodeEdit } from '../fixes';
import { truthy } from '../resolve';
import { oneLine } from '../text';
import { argument } from './common';
import { remoteEscalation } from './remote';
import { describeCallee, lowerConfidence, type CallMatch, type CallRule, type ScriptContext } from './types';

const KEYWORD = 'weights_only';

export const torchLoadRule = weightsOnlyRule(TORCH_LOAD_WITHOUT_WEIGHTS_ONLY, ['torch.load', 'torch.serialization.load'], undefined, true);
export const hubStateDictRule = weightsOnlyRule(HUB_STATE_DICT_WITHOUT_WEIGHTS_ONLY, ['torch.hub.load_state_dict_from_url', 'torch.utils.model_zoo.load_url'], 6);

/** `remote`: a file argument read from a download raises the finding to critical. */
function weightsOnlyRule(RULE: RuleMeta, callees: string[], position?: number, remote = false): CallRule {
  const report = (m: CallMatch, ctx: ScriptContext, confidence: Confidence, message: string, fix?: Fix): void => {
    const raised = remote ? remoteEscalation(argument(m.args, 0, 'f'), m.scope, ctx) : undefined;
    ctx.report(RULE, {
      message: raised ? `${message} ${raised.note}` : message,
      location: { kind: 'text', range: ctx.lines.range(m.call.startIndex, m.call.endIndex) },
      evidence: oneLine(m.call.text),
      confidence: lowerConfidence(confidence, lowerConfidence(RULE.confidence, m.resolution)),
      ...(raised ? { severity: raised.severity } : {}),
      ...(fix ? { fix } : {}),
    });
  };
  return { callees, check: (m, ctx) => check(m, ctx, report, position) };
}

type Report = (m: CallMatch, ctx: ScriptContext, confidence: Confidence, message: string, fix?: Fix) => void;

function check(m: CallMatch, ctx: ScriptContext, report: Report, position: number | undefined): void {
  const keyword = m.args.keywords.get(KEYWORD);
  const positional = position !== undefined ? m.args.positional[position] : undefined;
  const value = keyword?.childForFieldName('value') ?? positional;
  const callee = describeCallee(m);
  if (!value) {
    if (m.args.hasDictSplat) {
      report(m, ctx, 'low',
        `${callee} is called with \`**\` keyword arguments and no explicit \`weights_only\`: unless they carry \`weights_only=True\`, the file is unpickled without restriction. ` +
        'No automatic fix: adding the keyword would raise TypeError if the mapping already holds it.');
      return;
    }
    const edits = m.args.list && m.exclusive ? appendKeywordEdits(m.args.list, `${KEYWORD}=True`, ctx.lines) : undefined;
    report(m, ctx, 'high', `${callee} is called without \`weights_only=True\`, so the file is unpickled and can run code (the default before PyTorch 2.6).${ambiguity(m)}`,
      edits && { title: 'Add weights_only=True', edits });
    return;
  }
  const constant = ctx.resolver.constant(value, m.scope);
  if (!constant) {
    report(m, ctx, 'low', `${callee} is called with \`weights_only=${oneLine(value.text, 60)}\`, whose value cannot be determined here; the file is unpickled without restriction whenever it is false.`);
    return;
  }
  if (truthy(constant.value)) return;
  const shown = constant.value === null ? 'None' : oneLine(value.text, 60);
  if (constant.binding) {
    const line = ctx.lines.lineOf(constant.binding.value?.startIndex ?? constant.binding.position) + 1;
    report(m, ctx, 'high', `${callee} is called with \`weights_only=${shown}\`, which is ${pythonRepr(constant.value)} (set on line ${line}), so the file is unpickled and can run code.`);
    return;
  }
  const meaning = constant.value === null ? 'the default of the installed version, which unpickles freely before PyTorch 2.6' : 'unrestricted unpickling';
  report(m, ctx, 'high', `${callee} is called with \`weights_only=${shown}\` (${meaning}), so the file can run code when loaded.`,
    { title: `Change weights_only=${shown} to True`, edits: [replaceNodeEdit(value, 'True', ctx.lines)] });
}

function ambiguity(m: CallMatch): string {
  return m.exclusive ? '' : ` No automatic fix: \`${m.written}\` may also name something else here.`;
}

function pythonRepr(v: unknown): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}
