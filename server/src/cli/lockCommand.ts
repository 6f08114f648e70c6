// `msl lock [PATH...]`: records model files in msl.lock.json (the engine plans, this command is
// the only writer). Never drops an entry silently: vanished files are kept and reported unless
// `--prune`; a manifest with unreadable entries is refused rather than rewritten.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  COMMIT_SHA, HUB_REPO_ID, MANIFEST_FILE_NAME, loadProvenanceProject, observeFiles, planLock, serializeManifest,
  type LockDiff, type ManifestSource,
} from '../core/provenance/index';
import { parseArgs, UsageError } from './args';
import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK } from './exitCode';
import type { CliIO } from './io';
import { LOCK_USAGE } from './usage';

export async function runLock(argv: readonly string[], io: CliIO): Promise<number> {
  const p = parseArgs(argv, [
    { name: 'source', value: true, valueHint: 'a URL' },
    { name: 'hub', value: true, valueHint: 'org/name' },
    { name: 'revision', value: true, valueHint: 'a 40-hex commit id' },
    { name: 'license', value: true, valueHint: 'a licence id' },
    { name: 'root', value: true, valueHint: 'a folder' },
    { name: 'format', short: 'f', value: true, valueHint: 'text or json' },
    { name: 'prune' },
    { name: 'dry-run' },
    { name: 'help', short: 'h' },
  ], 'msl lock');
  if (p.flags.has('help')) {
    io.stdout.write(LOCK_USAGE);
    return EXIT_OK;
  }
  const format = p.values.get('format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`msl lock: --format must be text or json (got '${format}')`);
  const source = sourceFrom(p.values);
  const root = path.resolve(io.cwd, p.values.get('root') ?? '.');
  const project = loadProvenanceProject(root);
  if (project && project.parsed.problems.length > 0) {
    for (const pr of project.parsed.problems) io.stderr.write(`msl: ${MANIFEST_FILE_NAME}${pr.pointer ? ` ${pr.pointer}` : ''}: ${pr.message}\n`);
    io.stderr.write(`msl: refusing to rewrite ${project.manifestFile} until it is fixed (entries that cannot be read would be lost)\n`);
    return EXIT_ERROR;
  }
  const targets = p.positionals.map((t) => path.resolve(io.cwd, t));
  const existing = project?.parsed.manifest;
  // No PATH: refresh the entries already recorded (never adds files).
  const observeTargets = targets.length > 0 ? targets : (existing?.models ?? []).map((e) => path.join(root, ...e.path.split('/'))).filter((f) => fs.existsSync(f));
  const progress = hashProgress(io);
  const seen = await observeFiles(root, observeTargets, { onFile: progress });
  progress('', 0, 0);
  for (const e of seen.errors) io.stderr.write(`msl: ${e.path}: ${e.message}\n`);
  const scopes = targets.map((t) => path.relative(root, t).split(path.sep).join('/'));
  const inScope = (entryPath: string) => targets.length === 0 || scopes.some((s) => s === '' || entryPath === s || entryPath.startsWith(`${s}/`));
  const plan = planLock({
    existing,
    observed: seen.files,
    inScope,
    exists: (entryPath) => fs.existsSync(path.join(root, ...entryPath.split('/'))),
    ...(source ? { source } : {}),
    ...(p.values.has('license') ? { license: p.values.get('license')! } : {}),
    prune: p.flags.has('prune'),
  });
  const manifestFile = path.join(root, MANIFEST_FILE_NAME);
  const write = plan.changed && !p.flags.has('dry-run') && (plan.manifest.models.length > 0 || existing !== undefined);
  if (write) {
    try {
      fs.writeFileSync(manifestFile, serializeManifest(plan.manifest));
    } catch (e) {
      io.stderr.write(`msl: cannot write ${manifestFile}: ${(e as Error).message}\n`);
      return EXIT_ERROR;
    }
  }
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify({ manifest: path.relative(io.cwd, manifestFile) || MANIFEST_FILE_NAME, written: write, diff: plan.diff, skipped: seen.skipped, errors: seen.errors }, null, 2)}\n`);
  } else {
    io.stdout.write(diffText(plan.diff, seen.skipped, path.relative(io.cwd, manifestFile) || MANIFEST_FILE_NAME, write, p.flags.has('dry-run')));
  }
  if (seen.errors.length > 0) return EXIT_ERROR;
  return plan.diff.unsourced.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}

function sourceFrom(values: ReadonlyMap<string, string>): ManifestSource | undefined {
  const url = values.get('source');
  const hub = values.get('hub');
  const revision = values.get('revision');
  if (url !== undefined && hub !== undefined) throw new UsageError('msl lock: give --source URL or --hub ORG/NAME, not both');
  if (url !== undefined) {
    if (!/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(url)) throw new UsageError(`msl lock: --source must be an absolute URL (got '${url}')`);
    if (revision !== undefined) throw new UsageError('msl lock: --revision goes with --hub');
    return { url };
  }
  if (hub !== undefined) {
    if (!HUB_REPO_ID.test(hub)) throw new UsageError(`msl lock: --hub must be a repository id ORG/NAME (got '${hub}')`);
    if (revision === undefined || !COMMIT_SHA.test(revision)) throw new UsageError('msl lock: --hub needs --revision with the 40-hex commit id of the snapshot (a branch or tag can move)');
    return { hub, revision: revision.toLowerCase() };
  }
  if (revision !== undefined) throw new UsageError('msl lock: --revision goes with --hub');
  return undefined;
}

/** A progress line on a terminal for files over 64 MiB (hashing them takes a moment). */
function hashProgress(io: CliIO): (file: string, done: number, total: number) => void {
  let shown = false;
  return (file, done, total) => {
    if (io.stderr.isTTY !== true) return;
    if (!file || total < 64 * 1024 * 1024) {
      if (shown) io.stderr.write('\r\x1b[2K');
      shown = false;
      return;
    }
    shown = true;
    io.stderr.write(`\r\x1b[2Khashing ${file} ${Math.floor((done / total) * 100)}%`);
  };
}

export function diffText(d: LockDiff, skipped: readonly { path: string; reason: string }[], manifest: string, written: boolean, dryRun: boolean): string {
  const lines: string[] = [];
  for (const a of d.added) lines.push(`  + ${a}  added`);
  for (const c of d.changed) lines.push(`  ~ ${c.path}  changed: sha256 ${c.before.sha256.slice(0, 12)}… -> ${c.after.sha256.slice(0, 12)}…, ${c.before.size} -> ${c.after.size} bytes`);
  for (const m of d.missing) lines.push(`  ! ${m}  missing: the file is gone; entry kept (use --prune to remove it)`);
  for (const m of d.pruned) lines.push(`  - ${m}  removed (file gone, --prune)`);
  for (const n of d.notModels) lines.push(`  ! ${n}  no longer a model file; entry kept`);
  for (const u of d.unsourced) lines.push(`  ? ${u}  not recorded: no source given (--source URL, or --hub ORG/NAME --revision SHA)`);
  for (const s of skipped) lines.push(`    ${s.path}  skipped: ${s.reason}`);
  const counts = `${d.added.length} added, ${d.changed.length} changed, ${d.unchanged.length} unchanged, ${d.missing.length} missing` +
    (d.pruned.length > 0 ? `, ${d.pruned.length} pruned` : '') + (d.unsourced.length > 0 ? `, ${d.unsourced.length} without source` : '');
  const action = dryRun ? ' (dry run: nothing written)' : written ? ' (written)' : ' (no change)';
  return `${manifest}: ${counts}${action}\n${lines.length > 0 ? `${lines.join('\n')}\n` : ''}`;
}
