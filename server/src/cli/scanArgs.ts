// `msl scan` options: parsed, validated and merged with the configuration file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isSeverity, SEVERITIES, type Severity } from '../core/findings';
import { loadProjectConfig, parseProjectConfig, type LoadedConfig } from '../core/config';
import { DEFAULT_EXCLUDE, defaultInclude } from '../core/workspace/walk';
import { parseArgs, UsageError, type OptionSpec } from './args';
import { PR_OPTIONS, parsePullRequestArgs, type PullRequestArgs } from './prArgs';

export type ReportFormat = 'text' | 'json' | 'sarif' | 'markdown';
const FORMATS: readonly ReportFormat[] = ['text', 'json', 'sarif', 'markdown'];

export const SCAN_OPTIONS: readonly OptionSpec[] = [
  { name: 'format', short: 'f', value: true, valueHint: 'text, json, sarif or markdown' },
  { name: 'output', short: 'o', value: true, valueHint: 'a file name' },
  { name: 'fail-on', value: true, valueHint: `${SEVERITIES.join(', ')} or none` },
  { name: 'include', value: true, repeatable: true, valueHint: 'a glob' },
  { name: 'exclude', value: true, repeatable: true, valueHint: 'a glob' },
  { name: 'config', value: true, valueHint: 'a file name' },
  { name: 'max-file-size', value: true, valueHint: 'megabytes' },
  { name: 'probe' },
  ...PR_OPTIONS,
  { name: 'color' },
  { name: 'no-color' },
  { name: 'verbose', short: 'v' },
  { name: 'quiet', short: 'q' },
  { name: 'help', short: 'h' },
];

export interface ScanArgs {
  help: boolean;
  paths: string[];
  format: ReportFormat;
  output?: string;
  failOn: Severity | 'none';
  include?: string[];
  exclude?: string[];
  configFile?: string;
  maxFileBytes?: number;
  color?: boolean;
  verbose: boolean;
  quiet: boolean;
  /** Also run runtime probes on ONNX files. */
  probe?: boolean;
  /** --changed, --staged, --baseline, --shard, --jobs (see prArgs.ts). */
  pr?: PullRequestArgs;
}

export function parseScanArgs(argv: readonly string[]): ScanArgs {
  const p = parseArgs(argv, SCAN_OPTIONS, 'msl scan');
  const out: ScanArgs = {
    help: p.flags.has('help'),
    paths: p.positionals,
    format: 'text',
    failOn: 'high',
    verbose: p.flags.has('verbose'),
    quiet: p.flags.has('quiet'),
  };
  if (out.help) return out;
  if (p.flags.has('probe')) out.probe = true;
  const pr = parsePullRequestArgs(p);
  if (pr) out.pr = pr;
  const format = p.values.get('format');
  if (format !== undefined) {
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`msl scan: --format must be one of ${FORMATS.join(', ')} (got '${format}')`);
    out.format = format as ReportFormat;
  }
  const failOn = p.values.get('fail-on');
  if (failOn !== undefined) {
    const v = failOn.toLowerCase();
    if (v !== 'none' && !isSeverity(v)) throw new UsageError(`msl scan: --fail-on must be one of ${SEVERITIES.join(', ')}, none (got '${failOn}')`);
    out.failOn = v;
  }
  const size = p.values.get('max-file-size');
  if (size !== undefined) {
    const mb = Number(size);
    if (!Number.isFinite(mb) || mb <= 0) throw new UsageError(`msl scan: --max-file-size must be a positive number of megabytes (got '${size}')`);
    out.maxFileBytes = Math.floor(mb * 1024 * 1024);
  }
  if (p.flags.has('color') && p.flags.has('no-color')) throw new UsageError('msl scan: --color and --no-color cannot be used together');
  if (p.flags.has('color')) out.color = true;
  if (p.flags.has('no-color')) out.color = false;
  if (p.lists.has('include')) out.include = p.lists.get('include');
  if (p.lists.has('exclude')) out.exclude = p.lists.get('exclude');
  const output = p.values.get('output');
  if (output !== undefined) out.output = output;
  const config = p.values.get('config');
  if (config !== undefined) out.configFile = config;
  if (out.paths.length === 0 && !out.pr?.git) throw new UsageError("msl scan: no PATH given. Run 'msl scan --help' for usage.");
  return out;
}

/** `--config FILE`, else `msl.config.json` in the working directory (absent is fine). */
export function loadConfig(args: ScanArgs, cwd: string): LoadedConfig {
  if (args.configFile === undefined) return loadProjectConfig(cwd);
  const file = path.resolve(cwd, args.configFile);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { file, config: {}, problems: [`${args.configFile}: cannot read the configuration file: ${(e as Error).message}`] };
  }
  return { file, ...parseProjectConfig(text, args.configFile) };
}

/** Command line first, then the configuration file, then the engine's defaults. */
export function globsFor(args: ScanArgs, loaded: LoadedConfig): { include: string[]; exclude: string[] } {
  return {
    include: args.include ?? loaded.config.include ?? defaultInclude(),
    exclude: args.exclude ?? loaded.config.exclude ?? [...DEFAULT_EXCLUDE],
  };
}
