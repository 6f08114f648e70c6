// Expands the PATH arguments into the stream of files to scan, in a deterministic order:
// arguments in the order given, folders in walk order (by name). Problems with a path are
// items of the stream too, so they are reported in place and the other paths still run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { walkFiles } from '../core/workspace/walk';

export type Target =
  | {
    kind: 'file'; /** as shown in reports: relative paths stay relative */ path: string; absolute: string;
    /** The file actually read when it is not `absolute` (a blob from the git index, a local Git LFS object). */
    scan?: string;
    /** Git: the path this file had in the base commit. */
    renamedFrom?: string;
    /** Git LFS: the pointer's object id, when `scan` is the fetched object. */
    lfsOid?: string;
  }
  | { kind: 'error'; path: string; message: string };

export interface TargetOptions {
  cwd: string;
  include: readonly string[];
  exclude: readonly string[];
}

export async function* expandTargets(args: readonly string[], options: TargetOptions): AsyncGenerator<Target> {
  const seen = new Set<string>();
  const once = (absolute: string): boolean => {
    if (seen.has(absolute)) return false;
    seen.add(absolute);
    return true;
  };
  for (const arg of args) {
    const absolute = path.resolve(options.cwd, arg);
    const kind = await pathKind(absolute);
    if (kind.kind === 'error') {
      yield { kind: 'error', path: arg, message: kind.message };
    } else if (kind.kind === 'file') {
      if (once(absolute)) yield { kind: 'file', path: arg, absolute };
    } else {
      for await (const entry of walkFiles(absolute, { include: options.include, exclude: options.exclude })) {
        const shown = path.join(arg, path.relative(absolute, entry.path));
        if (entry.kind === 'error') yield { kind: 'error', path: shown, message: entry.message };
        else if (once(entry.path)) yield { kind: 'file', path: shown, absolute: entry.path };
      }
    }
  }
}

type PathKind = { kind: 'file' } | { kind: 'dir' } | { kind: 'error'; message: string };

async function pathKind(absolute: string): Promise<PathKind> {
  let st: fs.Stats;
  try {
    st = await fs.promises.stat(absolute);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      const isLink = await fs.promises.lstat(absolute).then((l) => l.isSymbolicLink(), () => false);
      return { kind: 'error', message: isLink ? 'broken symbolic link (its target does not exist)' : 'no such file or folder' };
    }
    if (code === 'EACCES' || code === 'EPERM') return { kind: 'error', message: 'permission denied' };
    return { kind: 'error', message: (e as Error).message };
  }
  if (st.isDirectory()) return { kind: 'dir' };
  if (st.isFile()) return { kind: 'file' };
  // Opening a FIFO or a device could block or never end: refuse instead of reading it.
  return { kind: 'error', message: `not a regular file or folder (${specialKind(st)})` };
}

function specialKind(st: fs.Stats): string {
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'special file';
}
