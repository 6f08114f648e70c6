// MSL501-MSL504: code fetched from elsewhere and executed.
// MSL501 follows values through local names (`r = requests.get(u); exec(r.text)`) and
// `with urlopen(u) as r:` targets, up to a few names deep (remote.ts).
import type { Node } from 'web-tree-sitter';
import { ALLOW_DANGEROUS_CODE, EXEC_DOWNLOADED, PIP_INSTALL_URL, SHELL_DOWNLOAD_RUN } from '../../rules/codeExecution';
import type { Scope } from '../scopes';
import { shellRisks } from '../shell';
import { literalValue } from '../syntax';
import { oneLine } from '../text';
import { argument, reportCall } from './common';
import { keywordFlagRule } from './keywordFlags';
import { describeFetch, fetchIn } from './remote';
import { describeCallee, type CallRule, type ScriptContext } from './types';

export const execDownloadedRule: CallRule = {
  callees: ['exec', 'eval', 'compile', 'builtins.exec', 'builtins.eval', 'builtins.compile'],
  check(m, ctx) {
    const source = argument(m.args, 0, 'source');
    if (!source) return;
    const fetch = fetchIn(source, m.scope, ctx);
    if (!fetch) return;
    reportCall(EXEC_DOWNLOADED, m, ctx, {
      message: `${describeCallee(m)} runs content obtained from ${describeFetch(fetch)}: whoever serves it, or can tamper with it on the way, runs code here.`,
    });
  },
};

const SHELL_CALLEES: [string[], number, string][] = [
  [['os.system', 'os.popen', 'commands.getoutput', 'commands.getstatusoutput'], 0, 'command'],
  [['subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.Popen', 'subprocess.getoutput', 'subprocess.getstatusoutput'], 0, 'args'],
  [['pip.main', 'pip._internal.main', 'pip._internal.cli.main.main'], 0, 'args'],
];

export const shellRules: CallRule[] = SHELL_CALLEES.map(([callees, position, keyword]) => ({
  callees,
  check(m, ctx) {
    const node = argument(m.args, position, keyword);
    if (!node) return;
    let text = commandText(node, m.scope, ctx);
    if (text === undefined) return;
    if (m.qualified.startsWith('pip.')) text = `pip ${text}`;
    for (const risk of shellRisks(text)) {
      if (risk.kind === 'download-run') {
        reportCall(SHELL_DOWNLOAD_RUN, m, ctx, { message: `${describeCallee(m)} runs \`${oneLine(risk.command, 100)}\`, which pipes a download into an interpreter.` });
      } else {
        reportCall(PIP_INSTALL_URL, m, ctx, { message: `${describeCallee(m)} runs \`${oneLine(risk.command, 100)}\`, installing \`${oneLine(risk.target, 100)}\` without a hash or commit pin.` });
      }
    }
  },
}));

/** The text of a command argument: a string (f-strings keep their literal parts), or a list of them joined by spaces. */
function commandText(node: Node, scope: Scope, ctx: ScriptContext): string | undefined {
  const c = ctx.resolver.constant(node, scope);
  if (typeof c?.value === 'string') return c.value;
  if (node.type === 'string' || node.type === 'concatenated_string') return stringShape(node);
  if (node.type === 'list' || node.type === 'tuple') {
    const parts = node.namedChildren.filter((p): p is Node => p !== null && p.type !== 'comment').map((p) => {
      const v = ctx.resolver.constant(p, scope)?.value;
      if (typeof v === 'string') return v;
      return p.type === 'string' ? stringShape(p) : '<expr>';
    });
    return parts.join(' ');
  }
  return undefined;
}

/** A string literal's text without its quotes and prefix (interpolations kept as written). */
function stringShape(node: Node): string {
  const literal = literalValue(node);
  if (typeof literal === 'string') return literal;
  return node.text.replace(/^[rRbBfFuU]*(['"]{3}|['"])/, '').replace(/(['"]{3}|['"])$/, '');
}

export const allowDangerousCodeRule = keywordFlagRule({
  rule: ALLOW_DANGEROUS_CODE,
  keyword: 'allow_dangerous_code',
  risky: true,
  reportUnknown: true,
  effect: 'lets the agent run Python that a language model wrote.',
});
