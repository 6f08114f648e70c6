// `msl verify`: checks every msl.lock.json entry against its file (size, SHA-256, source,
// signature) and reports through the scan formatters (text, json, sarif), one result per entry
// plus one for the manifest itself. Exit 1 when a finding is at or above --fail-on.
import * as path from 'node:path';
import { compareFindings } from '../core/findings';
import { isSeverity, SEVERITIES, type Severity } from '../core/findings';
import { checkEntry, checkManifest, HashCache, loadProvenanceProject, MANIFEST_FILE_NAME } from '../core/provenance/index';
import type { ScanResult } from '../core/scan';
import { parseArgs, UsageError } from './args';
import { EXIT_ERROR, exitCodeFor } from './exitCode';
import type { CliIO } from './io';
import { SummaryBuilder, type RunInfo } from './report';
import { loadConfig, type ReportFormat } from './scanArgs';
import { createReporter } from './scanCommand';
import { VERIFY_USAGE } from './usage';

export async function runVerify(argv: readonly string[], io: CliIO): Promise<number> {
  const p = parseArgs(argv, [
    { name: 'format', short: 'f', value: true, valueHint: 'text, json or sarif' },
    { name: 'fail-on', value: true, valueHint: `${SEVERITIES.join(', ')} or none` },
    { name: 'root', value: true, valueHint: 'a folder' },
    { name: 'config', value: true, valueHint: 'a file name' },
    { name: 'verbose', short: 'v' },
    { name: 'quiet', short: 'q' },
    { name: 'help', short: 'h' },
  ], 'msl verify');
  if (p.flags.has('help')) {
    io.stdout.write(VERIFY_USAGE);
    return 0;
  }
  if (p.positionals.length > 0) throw new UsageError("msl verify: takes no PATH (it checks every entry of msl.lock.json; use --root DIR for another project). Run 'msl verify --help' for usage.");
  const format = (p.values.get('format') ?? 'text') as ReportFormat;
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`msl verify: --format must be one of text, json, sarif (got '${format}')`);
  const failOnRaw = (p.values.get('fail-on') ?? 'high').toLowerCase();
  if (failOnRaw !== 'none' && !isSeverity(failOnRaw)) throw new UsageError(`msl verify: --fail-on must be one of ${SEVERITIES.join(', ')}, none (got '${failOnRaw}')`);
  const failOn = failOnRaw as Severity | 'none';
  const root = path.resolve(io.cwd, p.values.get('root') ?? '.');
  const configFile = p.values.get('config');
  const loaded = loadConfig({ ...(configFile !== undefined ? { configFile } : {}) } as Parameters<typeof loadConfig>[0], root);
  if (loaded.problems.length > 0) {
    for (const pr of loaded.problems) io.stderr.write(`msl: ${pr}\n`);
    return EXIT_ERROR;
  }
  const project = loadProvenanceProject(root, loaded.config.provenance ?? {});
  if (!project) {
    io.stderr.write(`msl: no ${MANIFEST_FILE_NAME} in ${root}. Create one with 'msl lock PATH --source URL'.\n`);
    return EXIT_ERROR;
  }
  const info: RunInfo = { cwd: io.cwd, argv: ['verify', ...argv], failOn };
  const reporter = createReporter({ format, verbose: p.flags.has('verbose'), quiet: p.flags.has('quiet'), color: undefined }, info, io, (c) => io.stdout.write(c));
  const summary = new SummaryBuilder();
  const shown = (abs: string) => path.relative(io.cwd, abs) || path.basename(abs);
  const emit = (r: ScanResult) => {
    summary.add(r);
    reporter.result(r);
  };
  emit(result(shown(project.manifestFile), 'provenance-manifest', checkManifest(project).filter((f) => f.ruleId !== 'MSL804')));
  const hashes = new HashCache();
  for (const entry of project.parsed.manifest.models) {
    const findings = await checkEntry(project, entry, { hashes });
    emit(result(shown(path.join(root, ...entry.path.split('/'))), entry.format, findings, entry.size));
  }
  reporter.end(summary.summary);
  return exitCodeFor(summary.summary, failOn);
}

function result(p: string, format: string, findings: ScanResult['findings'], size = 0): ScanResult {
  return {
    path: p, format: format as ScanResult['format'], detectedBy: 'none', size, findings: findings.sort(compareFindings), summary: {},
    limitsHit: [], timings: { totalMs: 0 },
  };
}
