// Folder walking shared by the CLI and the language server's workspace scan.
// Iterative and streaming (bounded memory on huge trees), never follows directory symlinks
// (no loops), and reports unreadable folders instead of skipping them silently.
import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { modelExtensions, modelFileNames } from '../formats/registry';

import { DEFAULT_EXCLUDE } from './defaultExclude';

export { DEFAULT_EXCLUDE };

/** Model files by extension or by name, plus Python scripts and notebooks, as one glob (the LSP watches it as is). */
export function defaultInclude(): string[] {
  const exts = [...new Set([...modelExtensions(), '.bin', '.model', '.pb', '.py', '.ipynb'])].map((e) => e.slice(1)).sort();
  const names = [...new Set(modelFileNames())].sort();
  if (names.length === 0) return [`**/*.{${exts.join(',')}}`];
  return [`**/{${[...exts.map((e) => `*.${e}`), ...names].join(',')}}`];
}

export interface WalkOptions {
  include?: readonly string[];
  exclude?: readonly string[];
}

export type WalkEntry =
  | { kind: 'file'; path: string; /** relative to the root, with `/` separators */ relative: string }
  | { kind: 'error'; path: string; message: string };

/** Files under `root` that match include and not exclude, in a stable (sorted) order per folder. */
export async function* walkFiles(root: string, options: WalkOptions = {}): AsyncGenerator<WalkEntry> {
  const include = picomatch([...(options.include ?? defaultInclude())], { dot: true, nocase: true });
  const exclude = picomatch([...(options.exclude ?? DEFAULT_EXCLUDE)], { dot: true });
  const pending: string[] = [root];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    let names: fs.Dirent[];
    try {
      names = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch (e) {
      yield { kind: 'error', path: dir, message: (e as Error).message };
      continue;
    }
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const d of names) {
      const full = path.join(dir, d.name);
      const rel = path.relative(root, full).split(path.sep).join('/');
      if (d.isDirectory()) {
        if (!exclude(`${rel}/`) && !exclude(`${rel}/x`)) subdirs.push(full);
        continue;
      }
      // Links to folders are not followed (no loops). Every other matching entry is yielded, so a
      // broken link, a pipe or a device is reported by the scan as unreadable, never skipped.
      if (d.isSymbolicLink() && isDirLink(full)) continue;
      if (exclude(rel) || !include(rel)) continue;
      yield { kind: 'file', path: full, relative: rel };
    }
    // Reverse so that popping visits sub-folders in name order.
    for (let i = subdirs.length - 1; i >= 0; i--) pending.push(subdirs[i]!);
  }
}

function isDirLink(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
