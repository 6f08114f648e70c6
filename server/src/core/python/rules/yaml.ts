// MSL111: PyYAML loads that may construct arbitrary Python objects.
//
// Decisions:
// - `yaml.load(x)` without a loader: finding with medium confidence (unsafe before PyYAML 5.1, a
//   TypeError since 6.0); fix -> `yaml.safe_load(x)`.
// - `Loader=` an unsafe loader (Loader, UnsafeLoader, their C versions): high; FullLoader: medium
//   severity. Fix -> `safe_load` and the loader argument removed (keyword or positional).
// - `unsafe_load` / `full_load` (and `_all`): fix -> `safe_load` / `safe_load_all`.
// - a loader that does not resolve to PyYAML's own classes (often a SafeLoader subclass): no finding.
// - the rename is offered only when the callee is written `<yaml module>.<name>`; a bare imported
//   `load(...)` would also need its import changed, so no fix there.
import type { Node } from 'web-tree-sitter';
import type { Fix, Severity, TextEdit } from '../../findings';
import { YAML_UNSAFE_LOAD as RULE } from '../../rules/codeDeserialization';
import { replaceNodeEdit } from '../fixes';
import { removeArgumentEdits } from '../removal';
import { argument, reportCall } from './common';
import { remoteEscalation } from './remote';
import { describeCallee, type CallMatch, type CallRule, type ScriptContext } from './types';

const UNSAFE_LOADERS = new Set(['Loader', 'UnsafeLoader', 'CLoader', 'CUnsafeLoader']);
const FULL_LOADERS = new Set(['FullLoader', 'CFullLoader']);
const SAFE_LOADERS = new Set(['SafeLoader', 'CSafeLoader', 'BaseLoader', 'CBaseLoader']);

export const yamlRule: CallRule = {
  callees: ['load', 'load_all', 'unsafe_load', 'unsafe_load_all', 'full_load', 'full_load_all'].map((f) => `yaml.${f}`),
  check(m, ctx) {
    const fn = m.qualified.slice('yaml.'.length);
    const all = fn.endsWith('_all') ? '_all' : '';
    const safeName = `safe_load${all}`;
    const callee = describeCallee(m);
    if (fn.startsWith('unsafe_load') || fn.startsWith('full_load')) {
      const full = fn.startsWith('full_load');
      const fix = renameFix(m, ctx, safeName, []);
      reportCall(RULE, m, ctx, {
        ...raised(full ? 'medium' : 'high', full
          ? `${callee} uses the FullLoader, which refuses most Python constructors only since PyYAML 5.4; \`yaml.${safeName}\` builds plain data only.`
          : `${callee} constructs any Python object the document names, so a crafted YAML file runs code.`, m, ctx),
        ...(fix ? { fix } : {}),
      });
      return;
    }
    const loader = argument(m.args, 1, 'Loader');
    if (!loader) {
      if (m.args.hasDictSplat || m.args.hasListSplat) return; // the loader may be in the splat
      const fix = renameFix(m, ctx, safeName, []);
      reportCall(RULE, m, ctx, {
        confidence: 'medium',
        message: `${callee} is called without a \`Loader\`: before PyYAML 5.1 this constructs arbitrary Python objects (and since 6.0 it raises TypeError). Use \`yaml.${safeName}\`.`,
        ...(fix ? { fix } : {}),
      });
      return;
    }
    const kind = loaderKind(loader, m, ctx);
    if (!kind) return;
    const removal = m.args.list ? removeArgumentEdits(m.args.list, loader.parent?.type === 'keyword_argument' ? loader.parent : loader, ctx.lines) : undefined;
    const fix = removal ? renameFix(m, ctx, safeName, removal) : undefined;
    const severity: Severity = kind === 'full' ? 'medium' : 'high';
    reportCall(RULE, m, ctx, {
      ...raised(severity, kind === 'full'
        ? `${callee} uses \`${loader.text}\`, which refuses most Python constructors only since PyYAML 5.4; \`yaml.${safeName}\` builds plain data only.`
        : `${callee} uses \`${loader.text}\`, which constructs any Python object the document names, so a crafted YAML file runs code.`, m, ctx),
      ...(fix ? { fix } : {}),
    });
  },
};

/** An unsafe load (high) of a downloaded document is critical. */
function raised(severity: Severity, message: string, m: CallMatch, ctx: ScriptContext): { severity: Severity; message: string } {
  const remote = severity === 'high' ? remoteEscalation(argument(m.args, 0, 'stream'), m.scope, ctx) : undefined;
  return remote ? { severity: remote.severity, message: `${message} ${remote.note}` } : { severity, message };
}

function loaderKind(loader: Node, m: CallMatch, ctx: ScriptContext): 'unsafe' | 'full' | undefined {
  const names = ctx.resolver.qualifiedNames(loader, m.scope).map((o) => o.qualified);
  const leaf = (q: string | undefined): string | undefined => (q && /^yaml(\.(loader|cyaml))?\.\w+$/.test(q) ? q.slice(q.lastIndexOf('.') + 1) : undefined);
  const leaves = names.map(leaf);
  if (leaves.length === 0 || leaves.some((l) => l === undefined || SAFE_LOADERS.has(l))) return undefined;
  if (leaves.every((l) => UNSAFE_LOADERS.has(l!))) return 'unsafe';
  if (leaves.every((l) => UNSAFE_LOADERS.has(l!) || FULL_LOADERS.has(l!))) return 'full';
  return undefined;
}

/** Renames `yaml.<fn>` to `yaml.<safeName>` when the callee is written as an attribute of the yaml module. */
function renameFix(m: CallMatch, ctx: ScriptContext, safeName: string, extra: TextEdit[]): Fix | undefined {
  if (m.callee.type !== 'attribute' || !m.exclusive) return undefined;
  const object = m.callee.childForFieldName('object');
  const attr = m.callee.childForFieldName('attribute');
  if (!object || !attr) return undefined;
  const origins = ctx.resolver.qualifiedNames(object, m.scope);
  if (origins.length === 0 || !origins.every((o) => o.qualified === 'yaml')) return undefined;
  return { title: `Use yaml.${safeName}`, edits: [replaceNodeEdit(attr, safeName, ctx.lines), ...extra] };
}
