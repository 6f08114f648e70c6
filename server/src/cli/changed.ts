// `msl scan --changed [BASE]` and `--staged`: the files to scan come from git instead of a folder
// walk. Only model files and scripts (the include globs, matched against the repository-relative
// path) that were added or modified are scanned. A Git LFS pointer whose object was fetched is
// replaced by the object (reported under the pointer's path); blobs of the index (`--staged`) and of
// the base (for "fixed since BASE") are copied into a private temp folder, read, never executed.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { parseLfsPointer } from '../core/formats/lfsPointer';
import { scanFile, type ScanOptions, type ScanResult } from '../core/scan';
import {
  changedSince, lfsObjectPath, openRepo, resolveBase, stagedChanges, writeBlob, type BaseChoice, type Change, type Repo,
} from './git';
import type { Target } from './targets';

const LFS_SPEC = 'version https://git-lfs.github.com/spec/v1';

export interface GitSelection {
  repo: Repo;
  /** `--changed`: the base compared with; absent for `--staged`. */
  base?: BaseChoice;
  /** One line for stderr: what is compared with what. */
  message: string;
  targets: Target[];
  /** Changes in scope whose base version exists (modified, renamed, deleted): scanned for "fixed". */
  comparable: Change[];
  /** Removes the temp folder (index and base blobs). */
  cleanup(): void;
  tempDir(): string;
}

export interface GitSelectOptions {
  cwd: string;
  mode: 'changed' | 'staged';
  /** `--changed BASE`; undefined: the default branch's merge base. */
  base?: string;
  /** PATH arguments: limit the selection to these files and folders. */
  paths: readonly string[];
  include: readonly string[];
  exclude: readonly string[];
}

export function selectFromGit(o: GitSelectOptions): GitSelection {
  const repo = openRepo(o.cwd);
  const pathspecs = o.paths.map((p) => {
    const rel = path.relative(repo.root, path.resolve(o.cwd, p)).split(path.sep).join('/');
    return `:(literal)${rel === '' ? '.' : rel}`;
  });
  const base = o.mode === 'changed' ? resolveBase(repo, o.base) : undefined;
  const all = base ? changedSince(repo, base.commit, pathspecs) : stagedChanges(repo, pathspecs);
  const include = picomatch([...o.include], { dot: true, nocase: true });
  const exclude = picomatch([...o.exclude], { dot: true });
  const inScope = all.filter((c) => include(c.path) && !exclude(c.path));
  let temp: string | undefined;
  const tempDir = () => (temp ??= fs.mkdtempSync(path.join(os.tmpdir(), 'msl-git-')));
  const targets: Target[] = [];
  inScope.forEach((c, i) => {
    if (c.status === 'deleted') return;
    const absolute = path.join(repo.root, ...c.path.split('/'));
    const shown = path.relative(o.cwd, absolute) || path.basename(absolute);
    let scan: string | undefined;
    if (o.mode === 'staged') {
      scan = path.join(tempDir(), 'index', String(i), path.basename(absolute));
      if (!writeBlob(repo, `:${c.path}`, scan)) return;
    }
    const lfs = lfsObjectFor(repo, scan ?? absolute);
    const t: Target = { kind: 'file', path: shown, absolute };
    if (lfs) {
      scan = lfs.object;
      t.lfsOid = lfs.oid;
    }
    if (scan !== undefined) t.scan = scan;
    if (c.from !== undefined && c.status === 'renamed') t.renamedFrom = path.relative(o.cwd, path.join(repo.root, ...c.from.split('/')));
    targets.push(t);
  });
  const comparable = base ? inScope.filter((c) => c.status === 'modified' || c.status === 'renamed' || c.status === 'type-changed' || c.status === 'deleted') : [];
  const n = targets.length;
  const files = `${n} ${o.mode === 'staged' ? 'staged' : 'changed'} model file${n === 1 ? '' : 's'} and script${n === 1 ? '' : 's'}`;
  const message = base ? `msl: --changed: ${files}, compared with ${base.explanation}` : `msl: --staged: ${files} (the index versions)`;
  return {
    repo, ...(base ? { base } : {}), message, targets, comparable, tempDir,
    cleanup: () => {
      if (temp) fs.rmSync(temp, { recursive: true, force: true });
    },
  };
}

/** The fetched LFS object behind `file` when `file` is a pointer and the object is present. */
export function lfsObjectFor(repo: Repo, file: string): { oid: string; object: string } | undefined {
  let head: Buffer;
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || st.size > 1024) return undefined;
    head = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const text = head.toString('utf8');
  if (!text.startsWith(LFS_SPEC)) return undefined;
  const { oid } = parseLfsPointer(text);
  const object = oid ? lfsObjectPath(repo, oid) : undefined;
  return oid && object ? { oid, object } : undefined;
}

/**
 * The base versions of modified, renamed and deleted files, scanned under their current path (so
 * fingerprints line up with the new scan: a finding of a renamed file keeps its identity).
 */
export async function scanBaseVersions(sel: GitSelection, cwd: string, options: ScanOptions): Promise<ScanResult[]> {
  if (!sel.base) return [];
  const out: ScanResult[] = [];
  for (const [i, c] of sel.comparable.entries()) {
    const from = c.from ?? c.path;
    let file = path.join(sel.tempDir(), 'base', String(i), path.basename(from));
    if (!writeBlob(sel.repo, `${sel.base.commit}:${from}`, file)) continue;
    file = lfsObjectFor(sel.repo, file)?.object ?? file;
    const shown = path.relative(cwd, path.join(sel.repo.root, ...c.path.split('/')));
    const r = await scanFile(file, options);
    out.push({ ...r, path: shown });
  }
  return out;
}
