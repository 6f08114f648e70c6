// `msl scan`: expand paths, scan a few files at once, hand results to the formatter in order.
import * as path from 'node:path';
import { scanFile, type ScanOptions, type ScanResult } from '../core/scan';
import { scanOptionsFrom } from '../core/config';
import { EXIT_ERROR, exitCodeFor } from './exitCode';
import { wantColor, type CliIO } from './io';
import { checkOutputTarget, fileIdentity, fileSink, stdoutSink, type ReportSink } from './output';
import { mapOrdered } from './pool';
import { Progress } from './progress';
import { SummaryBuilder, type Reporter, type RunInfo } from './report';
import { globsFor, loadConfig, type ScanArgs } from './scanArgs';
import { createStyle } from './style';
import { expandTargets, type Target } from './targets';
import { createJsonReporter } from './formatters/json';
import { createSarifReporter } from './formatters/sarif';
import { createTextReporter } from './formatters/text';
import { toolVersion } from './version';

/** Files scanned at once: parsers are mostly synchronous, so more buys little and costs memory. */
const CONCURRENCY = 4;

type Scanned = { target: Target; result?: ScanResult; error?: string };

export async function runScan(args: ScanArgs, argv: readonly string[], io: CliIO): Promise<number> {
  const fail = (message: string): number => {
    io.stderr.write(`msl: ${message}\n`);
    return EXIT_ERROR;
  };
  const loaded = loadConfig(args, io.cwd);
  if (loaded.problems.length > 0) {
    for (const p of loaded.problems) io.stderr.write(`msl: ${p}\n`);
    return fail('fix the configuration file and run again');
  }
  const options: ScanOptions = { ...scanOptionsFrom(loaded.config) };
  if (args.maxFileBytes !== undefined) options.maxFileBytes = args.maxFileBytes;
  const globs = globsFor(args, loaded);

  let sink: ReportSink;
  if (args.output !== undefined) {
    const outputAbs = path.resolve(io.cwd, args.output);
    const problem = checkOutputTarget(outputAbs, args.paths.map((p) => path.resolve(io.cwd, p)));
    if (problem) return fail(problem);
    sink = fileSink(outputAbs);
  } else {
    sink = stdoutSink((chunk) => io.stdout.write(chunk));
  }

  const progress = new Progress(io.stderr, !args.quiet);
  const print = (chunk: string) => progress.interleave(() => sink.write(chunk));
  const info: RunInfo = { cwd: io.cwd, argv, failOn: args.failOn };
  const reporter = createReporter(args, info, io, print);
  const summary = new SummaryBuilder();
  const outputId = sink.file !== undefined ? fileIdentity(sink.file) : undefined;
  let outputScanned = false;

  const scanned = mapOrdered(expandTargets(args.paths, { cwd: io.cwd, ...globs }), CONCURRENCY, (t) => scanTarget(t, options, io.cwd));
  for await (const item of scanned) {
    const t = item.target;
    if (t.kind === 'error' || item.error !== undefined) {
      const e = { path: t.path, message: t.kind === 'error' ? t.message : item.error! };
      summary.addError(e);
      reporter.error(e);
      progress.log(io.stderr, `msl: cannot scan ${e.path}: ${e.message}`);
      continue;
    }
    if (outputId !== undefined && fileIdentity(t.absolute) === outputId) outputScanned = true;
    summary.add(item.result!);
    reporter.result(item.result!);
    progress.update(summary.summary.files, t.path);
  }
  progress.stop();
  reporter.end(summary.summary);

  if (outputScanned) return fail(`refusing to write the report to ${sink.file}: it is one of the files being scanned`);
  const writeError = sink.close();
  if (writeError) return fail(writeError);
  return exitCodeFor(summary.summary, args.failOn);
}

async function scanTarget(t: Target, options: ScanOptions, cwd: string): Promise<Scanned> {
  if (t.kind === 'error') return { target: t };
  // Pass the path as the user wrote it when it resolves the same, so engine messages quote it.
  const given = path.resolve(t.path) === t.absolute && cwd === process.cwd() ? t.path : t.absolute;
  try {
    const result = await scanFile(given, options);
    return { target: t, result: { ...result, path: t.path } };
  } catch (e) {
    return { target: t, error: `internal error while scanning: ${(e as Error).message}` };
  }
}

function createReporter(args: ScanArgs, info: RunInfo, io: CliIO, print: (chunk: string) => void): Reporter {
  const tool = { name: 'msl', version: toolVersion() };
  if (args.format === 'json') return createJsonReporter(tool, print);
  if (args.format === 'sarif') return createSarifReporter(info, tool.version, print);
  const stream = args.output !== undefined ? { isTTY: false } : io.stdout;
  const style = createStyle(wantColor(args.color, stream, io.env));
  return createTextReporter({ style, verbose: args.verbose, quiet: args.quiet, write: print });
}
