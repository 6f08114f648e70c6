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
import type { Target } from './targets';
import { createJsonReporter } from './formatters/json';
import { createSarifReporter } from './formatters/sarif';
import { createTextReporter } from './formatters/text';
import { toolVersion } from './version';
import { ScanProvenance } from './provenanceScan';
import { withProbes } from './probeCommand';
import { ProjectPolicy } from './overrides';
import { prepareRun } from './scanRun';
import type { Scanner } from './parallel';
import { createMarkdownReporter } from './formatters/markdown';

type Scanned = { target: Target; result?: ScanResult; error?: string; ignored?: boolean };

/** A report that is not one of the --format choices (`msl baseline`, `msl bom` reuse the scan). */
export interface CustomReport {
  reporter(info: RunInfo, print: (chunk: string) => void): Reporter;
  /** SHA-256 of every file (`all`) or of files under the SARIF cap (`capped`). */
  hashes: 'all' | 'capped' | false;
}

export async function runScan(args: ScanArgs, argv: readonly string[], io: CliIO, custom?: CustomReport): Promise<number> {
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
  const provenance = new ScanProvenance(io.cwd, args.paths, loaded.config);
  const policy = new ProjectPolicy(loaded, io.cwd);

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
  const run = await prepareRun({ args, cwd: io.cwd, options, globs, hashes: custom ? custom.hashes : args.format === 'sarif' ? 'capped' : false, log: (m) => progress.log(io.stderr, m) });
  if ('error' in run) return fail(run.error);
  const info: RunInfo = { cwd: io.cwd, argv, failOn: args.failOn, automationId: run.automationId };
  if (run.comparison) info.comparison = run.comparison;
  if (run.changes) info.changes = run.changes;
  const reporter = custom ? custom.reporter(info, print) : createReporter(args, info, io, print);
  const summary = new SummaryBuilder();
  const outputId = sink.file !== undefined ? fileIdentity(sink.file) : undefined;
  let outputScanned = false;

  const scanned = mapOrdered(run.targets, run.inFlight, (t) => scanTarget(t, options, io.cwd, args.probe === true, provenance, policy, run.scanner));
  for await (const item of scanned) {
    const t = item.target;
    if (t.kind === 'error' || item.error !== undefined) {
      const e = { path: t.path, message: t.kind === 'error' ? t.message : item.error! };
      summary.addError(e);
      reporter.error(e);
      progress.log(io.stderr, `msl: cannot scan ${e.path}: ${e.message}`);
      continue;
    }
    if (item.ignored) {
      if (args.verbose) progress.log(io.stderr, `msl: ignored ${t.path} (an "ignore" glob of the configuration file matches it)`);
      continue;
    }
    if (outputId !== undefined && fileIdentity(t.absolute) === outputId) outputScanned = true;
    await run.finish(t, item.result!);
    summary.add(item.result!);
    reporter.result(item.result!);
    progress.update(summary.summary.files, t.path);
  }
  for (const r of provenance.manifestResults(io.cwd).map((m) => policy.apply(path.resolve(io.cwd, m.path), m))) {
    summary.add(r);
    reporter.result(r);
  }
  for (const r of run.extraResults()) {
    summary.add(r);
    reporter.result(r);
  }
  await run.close();
  progress.stop();
  reporter.end(summary.summary);

  if (outputScanned) return fail(`refusing to write the report to ${sink.file}: it is one of the files being scanned`);
  const writeError = sink.close();
  if (writeError) return fail(writeError);
  return exitCodeFor(summary.summary, args.failOn);
}

async function scanTarget(t: Target, options: ScanOptions, cwd: string, probe: boolean, provenance?: ScanProvenance, policy?: ProjectPolicy, scanner: Scanner = scanFile): Promise<Scanned> {
  if (t.kind === 'error') return { target: t };
  if (policy?.ignores(t.absolute)) return { target: t, ignored: true };
  // Pass the path as the user wrote it when it resolves the same, so engine messages quote it.
  const given = t.scan ?? (path.resolve(t.path) === t.absolute && cwd === process.cwd() ? t.path : t.absolute);
  try {
    const result = await scanner(given, provenance ? provenance.optionsFor(t.absolute, options) : options);
    await provenance?.addFindings(t.absolute, result);
    if (probe) await withProbes(given, result);
    return { target: t, result: { ...(policy ? policy.apply(t.absolute, result) : result), path: t.path } };
  } catch (e) {
    return { target: t, error: `internal error while scanning: ${(e as Error).message}` };
  }
}

export function createReporter(args: Pick<ScanArgs, 'format' | 'output' | 'color' | 'verbose' | 'quiet'>, info: RunInfo, io: CliIO, print: (chunk: string) => void): Reporter {
  const tool = { name: 'msl', version: toolVersion() };
  if (args.format === 'json') return createJsonReporter(tool, print, info.comparison);
  if (args.format === 'sarif') return createSarifReporter(info, tool.version, print);
  if (args.format === 'markdown') return createMarkdownReporter({ tool, ...(info.changes ? { changes: info.changes } : {}), ...(info.comparison ? { comparison: info.comparison } : {}) }, print);
  const stream = args.output !== undefined ? { isTTY: false } : io.stdout;
  const style = createStyle(wantColor(args.color, stream, io.env));
  return createTextReporter({ style, verbose: args.verbose, quiet: args.quiet, write: print, ...(info.comparison ? { comparison: info.comparison } : {}) });
}
