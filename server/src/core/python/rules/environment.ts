// MSL103 / MSL307: environment variables set in code that turn off a loader's protection.
// Forms: `os.environ["X"] = v`, `os.environ.setdefault("X", v)`, `os.putenv("X", v)`,
// `os.environ.update(X=v)` / `update({"X": v})`. The fix drops a statement that only sets the
// variable (`os.environ[...] = ...`, setdefault, putenv) when it sits alone on its line(s).
import type { Node } from 'web-tree-sitter';
import type { Confidence } from '../../findings';
import { FORCE_NO_WEIGHTS_ONLY } from '../../rules/codeDeserialization';
import { MLFLOW_ALLOW_PICKLE } from '../../rules/codeLoaders';
import type { RuleMeta } from '../../rules/types';
import { removeStatementEdits } from '../removal';
import type { Scope, StatementSite } from '../scopes';
import { oneLine } from '../text';
import { argument, reportCall, stringConstant } from './common';
import type { CallRule, ScriptContext } from './types';

const VARIABLES = new Map<string, RuleMeta>([
  ['TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD', FORCE_NO_WEIGHTS_ONLY],
  ['MLFLOW_ALLOW_PICKLE_DESERIALIZATION', MLFLOW_ALLOW_PICKLE],
]);

const OFF_VALUES = new Set(['', '0', 'false', 'no', 'n', 'off']);

/** `os.environ[...] = ...` (an assignment to a subscript). */
export function checkEnvironmentAssignment(site: StatementSite, ctx: ScriptContext): void {
  const left = site.node.childForFieldName('left');
  const right = site.node.childForFieldName('right');
  const object = left?.childForFieldName('value');
  const key = left?.childForFieldName('subscript');
  if (!left || !right || !object || !key || !isEnviron(object, site.scope, ctx)) return;
  const statement = site.node.parent?.type === 'expression_statement' ? site.node.parent : undefined;
  check(key, right, site.node, statement, site.scope, ctx);
}

export const environmentCallRule: CallRule = {
  callees: ['os.environ.setdefault', 'os.putenv', 'os.environ.update', 'os.environ.__setitem__'],
  check(m, ctx) {
    const statement = m.call.parent?.type === 'expression_statement' ? m.call.parent : undefined;
    if (!m.qualified.endsWith('.update')) {
      const key = argument(m.args, 0, undefined);
      const value = argument(m.args, 1, undefined);
      if (key && value) check(key, value, m.call, statement, m.scope, ctx);
      return;
    }
    for (const [name, kw] of m.args.keywords) {
      const value = kw.childForFieldName('value');
      if (value && VARIABLES.has(name)) report(VARIABLES.get(name)!, name, value, m.call, undefined, m.scope, ctx);
    }
    const dict = m.args.positional[0];
    if (dict?.type !== 'dictionary') return;
    for (const pair of dict.namedChildren) {
      const key = pair?.type === 'pair' ? pair.childForFieldName('key') : undefined;
      const value = pair?.childForFieldName('value');
      if (key && value) check(key, value, m.call, undefined, m.scope, ctx);
    }
  },
};

function isEnviron(object: Node, scope: Scope, ctx: ScriptContext): boolean {
  return ctx.resolver.qualifiedNames(object, scope).some((o) => o.qualified === 'os.environ');
}

function check(key: Node, value: Node, at: Node, statement: Node | undefined, scope: Scope, ctx: ScriptContext): void {
  const name = stringConstant(key, scope, ctx);
  const rule = name !== undefined ? VARIABLES.get(name) : undefined;
  if (rule && name) report(rule, name, value, at, statement, scope, ctx);
}

function report(rule: RuleMeta, name: string, value: Node, at: Node, statement: Node | undefined, scope: Scope, ctx: ScriptContext): void {
  const v = ctx.resolver.constant(value, scope);
  let confidence: Confidence = 'high';
  if (v === undefined) confidence = 'low';
  else if (typeof v.value === 'string' && OFF_VALUES.has(v.value.trim().toLowerCase())) return;
  const edits = statement && confidence === 'high' ? removeStatementEdits(statement, ctx.lines) : undefined;
  const shown = oneLine(value.text, 40);
  reportCall(rule, { call: at }, ctx, {
    confidence,
    message: confidence === 'low'
      ? `\`${name}\` is set to \`${shown}\`, whose value cannot be determined here; any true value turns the protection off for the whole process.`
      : `\`${name}\` is set to ${shown} here, which turns the protection off for every load in the process.`,
    ...(edits ? { fix: { title: `Remove the ${name} assignment`, edits } } : {}),
  });
}
