// `msl bom [PATH...]`: scans like `msl scan` and writes a CycloneDX ML-BOM (JSON) of the files:
// models with format, SHA-256, provenance from msl.lock.json and a findings summary.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { entryPathOf, loadProvenanceProject, type ProvenanceProject } from '../core/provenance/index';
import { parseArgs, UsageError } from './args';
import { buildBom, type BomInput } from './bom';
import { EXIT_OK } from './exitCode';
import type { CliIO } from './io';
import type { CliScanResult } from './resultExtras';
import { runScan } from './scanCommand';
import type { ScanArgs } from './scanArgs';
import { BOM_USAGE } from './prUsage';
import { toolVersion } from './version';

export async function runBom(argv: readonly string[], io: CliIO): Promise<number> {
  const p = parseArgs(argv, [
    { name: 'output', short: 'o', value: true, valueHint: 'a file name' },
    { name: 'spec-version', value: true, valueHint: '1.5 or 1.6' },
    { name: 'include', value: true, repeatable: true, valueHint: 'a glob' },
    { name: 'exclude', value: true, repeatable: true, valueHint: 'a glob' },
    { name: 'config', value: true, valueHint: 'a file name' },
    { name: 'quiet', short: 'q' },
    { name: 'help', short: 'h' },
  ], 'msl bom');
  if (p.flags.has('help')) {
    io.stdout.write(BOM_USAGE);
    return EXIT_OK;
  }
  const specVersion = p.values.get('spec-version') ?? '1.6';
  if (specVersion !== '1.5' && specVersion !== '1.6') throw new UsageError(`msl bom: --spec-version must be 1.5 or 1.6 (got '${specVersion}')`);
  const paths = p.positionals.length > 0 ? p.positionals : ['.'];
  const args: ScanArgs = { help: false, paths, format: 'json', failOn: 'none', verbose: false, quiet: p.flags.has('quiet') };
  if (p.values.has('output')) args.output = p.values.get('output');
  if (p.lists.has('include')) args.include = p.lists.get('include');
  if (p.lists.has('exclude')) args.exclude = p.lists.get('exclude');
  if (p.values.has('config')) args.configFile = p.values.get('config');
  const projects = provenanceProjects(io.cwd, paths);
  return runScan(args, ['bom', ...argv], io, {
    hashes: 'all',
    reporter: (info, print) => {
      const inputs: BomInput[] = [];
      return {
        result: (r) => {
          const x = r as CliScanResult;
          const manifest = manifestEntry(projects, path.resolve(info.cwd, x.path), x.renamedFrom !== undefined ? path.resolve(info.cwd, x.renamedFrom) : undefined);
          inputs.push(manifest ? { result: x, manifest } : { result: x });
        },
        error: () => undefined,
        end: () => print(buildBom(inputs, { specVersion, tool: { name: 'msl', version: toolVersion() } })),
      };
    },
  });
}

function provenanceProjects(cwd: string, paths: readonly string[]): ProvenanceProject[] {
  const roots = new Set([path.resolve(cwd)]);
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    if (fs.existsSync(abs) && fs.statSync(abs).isDirectory()) roots.add(abs);
  }
  return [...roots].map((r) => loadProvenanceProject(r)).filter((x): x is ProvenanceProject => x !== undefined).sort((a, b) => b.root.length - a.root.length);
}

function manifestEntry(projects: readonly ProvenanceProject[], abs: string, renamedFrom?: string) {
  for (const project of projects) {
    for (const candidate of [abs, renamedFrom]) {
      if (candidate === undefined) continue;
      const rel = entryPathOf(project, candidate);
      const entry = rel !== undefined ? project.byPath.get(rel) : undefined;
      if (entry) return entry;
    }
  }
  return undefined;
}
