// The fix for `torch.load` (MSL101) or `load_state_dict_from_url` (MSL102) passed as a value: bind
// `weights_only=True` to the reference itself. `functools.partial(torch.load, weights_only=True)`
// suits every receiver (it also pickles, for DataLoader workers and process pools) and is offered
// where `functools` or `partial` is already imported: no fix adds imports. Otherwise a lambda is
// offered to the builtin `map` with one iterable only (it calls with one argument, in this
// process); in a Dataset or a process pool a lambda fails to pickle under the `spawn` start method.
import type { Fix } from '../findings';
import { HUB_STATE_DICT_WITHOUT_WEIGHTS_ONLY, TORCH_LOAD_WITHOUT_WEIGHTS_ONLY } from '../rules/codeDeserialization';
import type { RuleMeta } from '../rules/types';
import { replaceNodeEdit } from './fixes';
import type { RuleHit } from './ruleMatch';
import type { CallMatch, ScriptContext } from './rules/types';
import { callArguments } from './syntax';
import type { Sink } from './valueUses';

export function weightsOnlyValueFix(rule: RuleMeta, m: CallMatch, hit: RuleHit, sink: Sink, ctx: ScriptContext): Fix | undefined {
  if ((rule !== TORCH_LOAD_WITHOUT_WEIGHTS_ONLY && rule !== HUB_STATE_DICT_WITHOUT_WEIGHTS_ONLY) || !hit.exclusive) return undefined;
  if (hit.steps?.some((s) => s.kind === 'partial') || m.args.keywords.size > 0) return undefined; // the rule's own fixes apply there
  const value = m.call;
  if ((value.type !== 'identifier' && value.type !== 'attribute') || /[\r\n]/.test(value.text)) return undefined;
  const partial = importedPartial(m, ctx);
  if (partial) {
    return { title: `Wrap in ${partial}(…, weights_only=True)`, edits: [replaceNodeEdit(value, `${partial}(${value.text}, weights_only=True)`, ctx.lines)] };
  }
  if (!mapsOneIterable(m, sink, ctx)) return undefined;
  const param = ['f', 'path', 'file'].find((p) => !new RegExp(`\\b${p}\\b`).test(value.text)) ?? 'path_';
  return { title: 'Pass weights_only=True through a lambda', edits: [replaceNodeEdit(value, `lambda ${param}: ${value.text}(${param}, weights_only=True)`, ctx.lines)] };
}

/** `functools.partial` or `partial` when that name certainly denotes the imported module or function here. */
function importedPartial(m: CallMatch, ctx: ScriptContext): string | undefined {
  for (const [name, qualified, written] of [['functools', 'functools', 'functools.partial'], ['partial', 'functools.partial', 'partial']]) {
    const { bindings, certain } = ctx.resolver.lookup(name, m.scope, m.call.startIndex);
    if (certain && bindings.length > 0 && bindings.every((b) => b.kind === 'import' && b.qualified === qualified)) return written;
  }
  return undefined;
}

/** `map(value, items)`: the builtin, with the value first and a single iterable. */
function mapsOneIterable(m: CallMatch, sink: Sink, ctx: ScriptContext): boolean {
  const call = sink.receiver?.call;
  const fn = call?.childForFieldName('function');
  if (!call || !fn || sink.receiver?.position !== 0) return false;
  const names = ctx.resolver.qualifiedNames(fn, m.scope);
  const args = callArguments(call);
  return names.length > 0 && names.every((o) => o.qualified === 'map' || o.qualified === 'builtins.map')
    && args.positional.length === 2 && args.keywords.size === 0 && !args.hasListSplat && !args.hasDictSplat;
}
