// `msl probe FILE...`: runtime probes of ONNX models in the sandbox (static scan and gate first).
// The user named the files, so the run counts as trusted; everything else is as in the editor.
import * as path from 'node:path';
import { atLeast, compareFindings, isSeverity, SEVERITIES, type Severity } from '../core/findings';
import type { ScanResult } from '../core/scan';
import type { ProbeReport } from '../core/probes/types';
import { probeFile, type ProbeOptions } from '../probes/run';
import { parseArgs, UsageError, type OptionSpec } from './args';
import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK } from './exitCode';
import type { CliIO } from './io';
import { PROBE_USAGE } from './usage';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'format', short: 'f', value: true, valueHint: 'text or json' },
  { name: 'fail-on', value: true, valueHint: `${SEVERITIES.join(', ')} or none` },
  { name: 'budget-ms', value: true, valueHint: 'milliseconds' },
  { name: 'deadline-ms', value: true, valueHint: 'milliseconds' },
  { name: 'help', short: 'h' },
];

export interface ProbeArgs {
  files: string[];
  format: 'text' | 'json';
  failOn: Severity | 'none';
  budgetMs?: number;
  deadlineMs?: number;
}

export function parseProbeArgs(argv: readonly string[]): ProbeArgs | 'help' {
  const p = parseArgs(argv, OPTIONS, 'msl probe');
  if (p.flags.has('help')) return 'help';
  const format = p.values.get('format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`msl probe: --format must be text or json (got '${format}')`);
  const failOn = (p.values.get('fail-on') ?? 'high').toLowerCase();
  if (failOn !== 'none' && !isSeverity(failOn)) throw new UsageError(`msl probe: --fail-on must be one of ${SEVERITIES.join(', ')}, none (got '${failOn}')`);
  const out: ProbeArgs = { files: p.positionals, format, failOn };
  for (const [name, key] of [['budget-ms', 'budgetMs'], ['deadline-ms', 'deadlineMs']] as const) {
    const v = p.values.get(name);
    if (v === undefined) continue;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`msl probe: --${name} must be a positive number (got '${v}')`);
    out[key] = n;
  }
  if (out.files.length === 0) throw new UsageError("msl probe: no FILE given. Run 'msl probe --help' for usage.");
  return out;
}

export async function runProbe(argv: readonly string[], io: CliIO): Promise<number> {
  const args = parseProbeArgs(argv);
  if (args === 'help') {
    io.stdout.write(PROBE_USAGE);
    return EXIT_OK;
  }
  const options: ProbeOptions = { trusted: true };
  if (args.budgetMs !== undefined) options.budgetMs = args.budgetMs;
  if (args.deadlineMs !== undefined) options.deadlineMs = args.deadlineMs;
  const reports: { file: string; report: ProbeReport }[] = [];
  let code = EXIT_OK;
  for (const file of args.files) {
    const report = await probeFile(path.resolve(io.cwd, file), options);
    reports.push({ file, report });
    if (report.status === 'refused' && /could not be read/.test(report.reason ?? '')) code = EXIT_ERROR;
    else if (code === EXIT_OK && args.failOn !== 'none' && report.findings.some((f) => atLeast(f.severity, args.failOn as Severity))) code = EXIT_FINDINGS;
    if (args.format === 'text') io.stdout.write(formatProbeText(file, report));
  }
  if (args.format === 'json') io.stdout.write(`${JSON.stringify({ reports }, null, 2)}\n`);
  return code;
}

export function formatProbeText(file: string, r: ProbeReport): string {
  const lines = [`${file}  (probes: ${r.status}${r.reason ? ` — ${r.reason}` : ''})`];
  if (r.inputs.length > 0) {
    for (const i of r.inputs) lines.push(`  input ${i.name}: ${i.dtype}[${i.shape.join(',')}]${i.layout ? ` ${i.layout}` : ''}, range [${i.range.lo}, ${i.range.hi}] (${i.range.source}: ${i.range.detail})`);
  }
  const fd = r.freeDimensions;
  if (fd && Object.keys(fd.sizes).length > 0) {
    const tried = fd.retries.map((t) => Object.entries(t.sizes).map(([d, v]) => `${d}=${v}`).join(',')).join('; ');
    lines.push(`  free dimensions: ${Object.entries(fd.sizes).map(([d, v]) => `${d}=${v}`).join(', ')}${tried ? ` (the runtime rejected ${tried})` : ''}`);
  }
  if (r.budget) {
    const b = r.budget;
    lines.push(`  ${b.ranInferences} inferences (warm ${b.warmInferenceMs.toFixed(2)} ms each), ${Math.round(r.timings.totalMs)} ms in total ` +
      `(planned ${Math.round(b.plannedMs)} ms; budget ${b.targetMs} ms${b.limitedBy === 'nothing' ? '' : `, bounded by ${b.limitedBy === 'time' ? 'time' : 'the inference cap'}`})`);
    for (const s of b.notApplicable) lines.push(`  not applicable: ${s}`);
  }
  const t = r.probes.trigger;
  if (t) lines.push(`  trigger scan: ${t.candidatesRun} candidates × ${t.bases} images, median flip rate ${t.median.toFixed(2)}, ${t.flagged.length} flagged`);
  const c = r.probes.confidence;
  if (c) lines.push(`  noise confidence histogram (0→1): ${c.histogram.join(' ')}`);
  for (const f of r.findings) lines.push(`  ${f.severity.toUpperCase().padEnd(8)} ${f.ruleId}  ${f.message}`);
  return `${lines.join('\n')}\n\n`;
}

/** `msl scan --probe`: ONNX results get the probes' findings (the static scan is reused for the gate). */
export async function withProbes(file: string, result: ScanResult): Promise<void> {
  if (result.format !== 'onnx') return;
  const report = await probeFile(file, { trusted: true, scan: result });
  result.findings.push(...report.findings);
  result.findings.sort(compareFindings);
}
