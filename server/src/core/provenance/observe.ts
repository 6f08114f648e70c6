// What `msl lock` records about files on disk: model files under the given paths, with their
// size, SHA-256 and detected format. Read-only; files outside the project root are refused.
import * as fs from 'node:fs';
import { walkFiles } from '../workspace/walk';
import { HashCache, type HashOptions } from './hash';
import type { ObservedFile } from './lockPlan';
import { detectFileFormat, entryPathOf, isModelFormat } from './project';

export interface ObserveResult {
  files: ObservedFile[];
  /** Files found but not recorded (not model files, Git LFS pointers), with the reason. */
  skipped: { path: string; reason: string }[];
  errors: { path: string; message: string }[];
}

export interface ObserveOptions extends Pick<HashOptions, 'signal'> {
  hashes?: HashCache;
  /** Called before each file is hashed and as it progresses. */
  onFile?: (entryPath: string, bytesHashed: number, totalBytes: number) => void;
  exclude?: readonly string[];
}

/** Model files under `targets` (absolute files or folders inside `root`), in a stable order. */
export async function observeFiles(root: string, targets: readonly string[], options: ObserveOptions = {}): Promise<ObserveResult> {
  const out: ObserveResult = { files: [], skipped: [], errors: [] };
  const seen = new Set<string>();
  const hashes = options.hashes ?? new HashCache();
  const project = { root };
  for (const target of targets) {
    let st: fs.Stats;
    try {
      st = await fs.promises.stat(target);
    } catch (e) {
      out.errors.push({ path: target, message: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (e as Error).message });
      continue;
    }
    const files: string[] = [];
    if (st.isDirectory()) {
      for await (const entry of walkFiles(target, options.exclude ? { exclude: options.exclude } : {})) {
        if (entry.kind === 'error') out.errors.push({ path: entry.path, message: entry.message });
        else files.push(entry.path);
      }
    } else {
      files.push(target);
    }
    for (const abs of files) {
      const rel = entryPathOf(project, abs);
      if (rel === undefined) {
        out.errors.push({ path: abs, message: `outside the project root ${root}` });
        continue;
      }
      if (seen.has(rel)) continue;
      seen.add(rel);
      const format = detectFileFormat(abs);
      if (!isModelFormat(format)) {
        if (format === 'git-lfs-pointer') out.skipped.push({ path: rel, reason: 'Git LFS pointer: run `git lfs pull` first' });
        else if (!st.isDirectory()) out.skipped.push({ path: rel, reason: `not a model file (${format})` });
        continue;
      }
      try {
        options.onFile?.(rel, 0, 0);
        const d = await hashes.digest(abs, {
          ...(options.signal ? { signal: options.signal } : {}),
          onProgress: (p) => options.onFile?.(rel, p.bytesHashed, p.totalBytes),
        });
        out.files.push({ path: rel, size: d.size, sha256: d.sha256, format });
      } catch (e) {
        if ((e as Error).name === 'AbortError') throw e;
        out.errors.push({ path: rel, message: (e as Error).message });
      }
    }
  }
  out.files.sort((a, b) => (a.path < b.path ? -1 : 1));
  return out;
}
