// The workspace folders the client reported, and which one owns a path.
import * as path from 'node:path';
import type { WorkspaceFolder } from 'vscode-languageserver';
import { pathToUri, uriToPath } from './uris';

export interface Folder {
  uri: string;
  path: string;
  name: string;
}

export class Folders {
  private list: Folder[] = [];

  all(): readonly Folder[] {
    return this.list;
  }

  add(folders: readonly WorkspaceFolder[]): Folder[] {
    const added: Folder[] = [];
    for (const f of folders) {
      const p = uriToPath(f.uri);
      if (!p || this.list.some((x) => x.path === p)) continue;
      const folder = { uri: f.uri, path: p, name: f.name };
      this.list.push(folder);
      added.push(folder);
    }
    return added;
  }

  remove(folders: readonly WorkspaceFolder[]): Folder[] {
    const gone = new Set(folders.map((f) => uriToPath(f.uri)));
    const removed = this.list.filter((f) => gone.has(f.path));
    this.list = this.list.filter((f) => !gone.has(f.path));
    return removed;
  }

  /** The innermost folder containing `fsPath` (nested folders are allowed in multi-root workspaces). */
  folderFor(fsPath: string): Folder | undefined {
    let best: Folder | undefined;
    for (const f of this.list) {
      if (isInside(fsPath, f.path) && (!best || f.path.length > best.path.length)) best = f;
    }
    return best;
  }

  /** Fallback for clients that send only `rootUri`/`rootPath`. */
  static fromRoot(rootPath: string): WorkspaceFolder {
    return { uri: pathToUri(rootPath), name: path.basename(rootPath) };
  }
}

export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** `fsPath` relative to `root` with `/` separators, as globs expect. */
export function relativeGlobPath(root: string, fsPath: string): string {
  return path.relative(root, fsPath).split(path.sep).join('/');
}
