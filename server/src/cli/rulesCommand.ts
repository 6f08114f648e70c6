// `msl rules`: the rule table, as text or JSON.
import { ALL_RULES } from '../core/rules/index';
import { ruleDocsUrl } from '../core/rules/docs';
import { parseArgs, UsageError } from './args';
import type { CliIO } from './io';
import { RULES_USAGE } from './usage';

export function runRules(argv: readonly string[], io: CliIO): number {
  const p = parseArgs(argv, [{ name: 'format', short: 'f', value: true, valueHint: 'text or json' }, { name: 'help', short: 'h' }], 'msl rules');
  if (p.flags.has('help')) {
    io.stdout.write(RULES_USAGE);
    return 0;
  }
  if (p.positionals.length > 0) throw new UsageError(`msl rules: unexpected argument '${p.positionals[0]}'`);
  const format = p.values.get('format') ?? 'text';
  if (format === 'json') {
    const rules = ALL_RULES.map((r) => ({ ...r, docsUrl: ruleDocsUrl(r.id) }));
    io.stdout.write(`${JSON.stringify(rules, null, 2)}\n`);
    return 0;
  }
  if (format !== 'text') throw new UsageError(`msl rules: --format must be text or json (got '${format}')`);
  const width = Math.max(...ALL_RULES.map((r) => r.severity.length));
  for (const r of ALL_RULES) io.stdout.write(`${r.id}  ${r.severity.padEnd(width)}  ${r.title}\n`);
  return 0;
}
