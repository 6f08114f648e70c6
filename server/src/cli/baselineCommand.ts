// `msl baseline [PATH...]`: scans like `msl scan` and writes every finding to a baseline file
// (default msl.baseline.json) for `msl scan --baseline`. Justifications already written in an
// existing baseline are kept for findings that are still there; new entries get an empty one,
// which `msl scan --baseline` reports (MSL012) until a person fills it in.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ScanResult } from '../core/scan';
import { parseArgs } from './args';
import { BASELINE_FILE_NAME, BASELINE_VERSION, baselineEntries, parseBaseline, serializeBaseline } from './baseline';
import { EXIT_ERROR, EXIT_OK } from './exitCode';
import type { CliIO } from './io';
import { runScan } from './scanCommand';
import type { ScanArgs } from './scanArgs';
import { BASELINE_USAGE } from './prUsage';
import { toolVersion } from './version';

export async function runBaseline(argv: readonly string[], io: CliIO): Promise<number> {
  const p = parseArgs(argv, [
    { name: 'output', short: 'o', value: true, valueHint: 'a file name' },
    { name: 'include', value: true, repeatable: true, valueHint: 'a glob' },
    { name: 'exclude', value: true, repeatable: true, valueHint: 'a glob' },
    { name: 'config', value: true, valueHint: 'a file name' },
    { name: 'quiet', short: 'q' },
    { name: 'help', short: 'h' },
  ], 'msl baseline');
  if (p.flags.has('help')) {
    io.stdout.write(BASELINE_USAGE);
    return EXIT_OK;
  }
  const output = path.resolve(io.cwd, p.values.get('output') ?? BASELINE_FILE_NAME);
  const previous = readPrevious(output);
  if ('error' in previous) {
    io.stderr.write(`msl: ${previous.error}\nmsl: refusing to overwrite it (its justifications would be lost)\n`);
    return EXIT_ERROR;
  }
  const args: ScanArgs = {
    help: false, paths: p.positionals.length > 0 ? p.positionals : ['.'], format: 'json', failOn: 'none',
    verbose: false, quiet: p.flags.has('quiet'), output,
  };
  if (p.lists.has('include')) args.include = p.lists.get('include');
  if (p.lists.has('exclude')) args.exclude = p.lists.get('exclude');
  if (p.values.has('config')) args.configFile = p.values.get('config');
  let written = 0;
  const code = await runScan(args, ['baseline', ...argv], io, {
    hashes: false,
    reporter: (info, print) => {
      const results: { result: ScanResult; absolute: string }[] = [];
      return {
        result: (r) => void results.push({ result: r, absolute: path.resolve(info.cwd, r.path) }),
        error: () => undefined,
        end: () => {
          const entries = baselineEntries(results, path.dirname(output)).map((e) => ({ ...e, justification: previous.justifications.get(e.fingerprint) ?? '' }));
          written = entries.length;
          print(serializeBaseline({ version: BASELINE_VERSION, tool: `msl ${toolVersion()}`, findings: entries }));
        },
      };
    },
  });
  if (code === EXIT_OK && !args.quiet) {
    const kept = [...previous.justifications.values()].length;
    io.stderr.write(`msl: wrote ${written} finding(s) to ${path.relative(io.cwd, output) || output}${kept > 0 ? ` (justifications of earlier entries kept)` : ''}; write a justification for each before relying on it\n`);
  }
  return code;
}

function readPrevious(file: string): { justifications: Map<string, string> } | { error: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { justifications: new Map() };
    return { error: `cannot read ${file}: ${(e as Error).message}` };
  }
  const { baseline, problems } = parseBaseline(text, file);
  if (!baseline) return { error: problems.join('\n') };
  return { justifications: new Map(baseline.findings.filter((e) => e.justification.trim() !== '').map((e) => [e.fingerprint, e.justification])) };
}
