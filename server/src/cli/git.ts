// The little of git the CLI needs: the repository root, a base commit for `--changed`, the files
// changed since it (or staged), and blobs. Always spawned with an argument array (never a shell),
// always with `-z` where git lists paths (spaces, newlines and unicode pass through untouched),
// and with the repository's fsmonitor hook switched off (a repo's config must not run programs).
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The tree of an empty repository: the base when HEAD has no commit yet. */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

export class GitError extends Error {}

const SAFE_CONFIG = ['-c', 'core.fsmonitor=false', '-c', 'core.quotepath=off'];

function git(cwd: string, args: readonly string[], options: SpawnSyncOptions = {}): { ok: boolean; out: Buffer; err: string } {
  const r = spawnSync('git', [...SAFE_CONFIG, ...args], {
    cwd,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
    ...options,
  });
  if (r.error) throw new GitError(`cannot run git: ${r.error.message}`);
  return { ok: r.status === 0, out: (r.stdout as Buffer | null) ?? Buffer.alloc(0), err: String(r.stderr ?? '').trim() };
}

function gitText(cwd: string, args: readonly string[]): string | undefined {
  const r = git(cwd, args);
  return r.ok ? r.out.toString('utf8').trim() : undefined;
}

export interface Repo {
  /** Absolute top-level folder of the working tree. */
  root: string;
  /** Absolute folder holding objects and `lfs/` (shared by worktrees). */
  commonDir: string;
}

export function openRepo(cwd: string): Repo {
  const top = git(cwd, ['rev-parse', '--show-toplevel']);
  if (!top.ok) throw new GitError(`not inside a git working tree (${top.err || 'git rev-parse failed'})`);
  const root = top.out.toString('utf8').trim();
  const common = gitText(root, ['rev-parse', '--git-common-dir']) ?? '.git';
  return { root, commonDir: path.resolve(root, common) };
}

export interface BaseChoice {
  /** What the user asked for, or the ref chosen (`origin/HEAD → origin/main`, `main`, root commit...). */
  ref: string;
  /** The commit (or the empty tree) the working tree is compared with. */
  commit: string;
  /** One line for the user: what was chosen and why. */
  explanation: string;
}

/**
 * The commit to compare with. An explicit BASE is used through its merge base with HEAD (what a
 * pull request shows); without one: the merge base with `origin/HEAD`, else `main`/`master`
 * (local, then origin), else the root commit; with no commit at all, the empty tree.
 */
export function resolveBase(repo: Repo, requested?: string): BaseChoice {
  const head = gitText(repo.root, ['rev-parse', '--verify', '-q', 'HEAD^{commit}']);
  if (requested !== undefined) {
    const commit = gitText(repo.root, ['rev-parse', '--verify', '-q', `${requested}^{commit}`]);
    if (!commit) throw new GitError(`'${requested}' is not a commit in ${repo.root}`);
    const mb = head ? gitText(repo.root, ['merge-base', commit, head]) : undefined;
    if (mb && mb !== commit) return { ref: requested, commit: mb, explanation: `merge base of ${requested} and HEAD (${short(mb)})` };
    return { ref: requested, commit, explanation: `${requested} (${short(commit)})` };
  }
  if (!head) return { ref: '(empty tree)', commit: EMPTY_TREE, explanation: 'the empty tree (the repository has no commit yet)' };
  for (const candidate of defaultBranchCandidates(repo)) {
    const commit = gitText(repo.root, ['rev-parse', '--verify', '-q', `${candidate}^{commit}`]);
    if (!commit) continue;
    const mb = gitText(repo.root, ['merge-base', commit, head]);
    const name = candidate.replace(/^refs\/(heads|remotes)\//, '');
    if (mb) return { ref: name, commit: mb, explanation: `merge base of ${name} and HEAD (${short(mb)})` };
  }
  const roots = gitText(repo.root, ['rev-list', '--max-parents=0', 'HEAD'])?.split('\n').filter(Boolean) ?? [];
  const root = roots[roots.length - 1];
  if (!root) throw new GitError('cannot find a base commit');
  return { ref: root, commit: root, explanation: `the root commit ${short(root)} (no origin/HEAD, main or master to compare with)` };
}

function defaultBranchCandidates(repo: Repo): string[] {
  const out: string[] = [];
  const originHead = gitText(repo.root, ['symbolic-ref', '-q', '--short', 'refs/remotes/origin/HEAD']);
  if (originHead) out.push(originHead);
  out.push('refs/heads/main', 'refs/heads/master', 'refs/remotes/origin/main', 'refs/remotes/origin/master');
  return out;
}

function short(sha: string): string {
  return sha.slice(0, 10);
}

export type ChangeStatus = 'added' | 'modified' | 'renamed' | 'copied' | 'deleted' | 'type-changed';

export interface Change {
  status: ChangeStatus;
  /** Path relative to the repository root, `/`-separated, as git prints it. */
  path: string;
  /** For renames and copies: the path in the base. */
  from?: string;
}

const STATUS: Record<string, ChangeStatus> = { A: 'added', M: 'modified', R: 'renamed', C: 'copied', D: 'deleted', T: 'type-changed' };

/** Files that differ between `base` and the working tree, plus untracked files (not ignored). */
export function changedSince(repo: Repo, base: string, pathspecs: readonly string[] = []): Change[] {
  const diff = git(repo.root, ['diff', '-z', '--name-status', '-M', '--no-ext-diff', '--no-textconv', base, '--', ...pathspecs]);
  if (!diff.ok) throw new GitError(`git diff failed: ${diff.err}`);
  const changes = parseNameStatus(diff.out);
  const untracked = git(repo.root, ['ls-files', '-z', '--others', '--exclude-standard', '--', ...pathspecs]);
  if (!untracked.ok) throw new GitError(`git ls-files failed: ${untracked.err}`);
  const known = new Set(changes.map((c) => c.path));
  for (const p of splitZ(untracked.out)) if (!known.has(p)) changes.push({ status: 'added', path: p });
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Files staged in the index relative to HEAD (or the empty tree before the first commit). */
export function stagedChanges(repo: Repo, pathspecs: readonly string[] = []): Change[] {
  const head = gitText(repo.root, ['rev-parse', '--verify', '-q', 'HEAD^{commit}']) ?? EMPTY_TREE;
  const diff = git(repo.root, ['diff', '--cached', '-z', '--name-status', '-M', '--no-ext-diff', '--no-textconv', head, '--', ...pathspecs]);
  if (!diff.ok) throw new GitError(`git diff --cached failed: ${diff.err}`);
  return parseNameStatus(diff.out).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** `git diff -z --name-status`: `X\0path\0`, or `R100\0old\0new\0` for renames and copies. */
export function parseNameStatus(out: Buffer): Change[] {
  const fields = splitZ(out);
  const changes: Change[] = [];
  for (let i = 0; i < fields.length; ) {
    const code = fields[i++]!;
    const status = STATUS[code[0]!];
    if (code[0] === 'R' || code[0] === 'C') {
      const from = fields[i++]!;
      const to = fields[i++]!;
      changes.push({ status: status!, path: to, from });
    } else {
      const p = fields[i++]!;
      if (status) changes.push({ status, path: p });
    }
  }
  return changes;
}

function splitZ(out: Buffer): string[] {
  const parts = out.toString('utf8').split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/**
 * Writes the blob `spec` (`COMMIT:path`, or `:path` for the index) to `dest` without holding it in
 * memory. Returns false when the blob does not exist. Nothing in it is interpreted: `cat-file
 * blob` applies no filters.
 */
export function writeBlob(repo: Repo, spec: string, dest: string): boolean {
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const fd = fs.openSync(dest, 'w');
  try {
    const r = git(repo.root, ['cat-file', 'blob', spec], { stdio: ['ignore', fd, 'pipe'] });
    return r.ok;
  } finally {
    fs.closeSync(fd);
  }
}

/** The local Git LFS object for `oid` (`.git/lfs/objects/aa/bb/<oid>`), when it has been fetched. */
export function lfsObjectPath(repo: Repo, oid: string): string | undefined {
  if (!/^[0-9a-f]{64}$/.test(oid)) return undefined;
  const p = path.join(repo.commonDir, 'lfs', 'objects', oid.slice(0, 2), oid.slice(2, 4), oid);
  try {
    return fs.statSync(p).isFile() ? p : undefined;
  } catch {
    return undefined;
  }
}
