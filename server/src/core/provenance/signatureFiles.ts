// The files a project's signature checks read (entry bundles, entry and project public keys, the
// trusted root), each with the entries whose verdict depends on it, so that an editor can watch
// exactly those files and re-check only those entries when one changes.
import * as path from 'node:path';
import { absolutePathOf, type ProvenanceProject } from './project';

/** A key or trusted-root path from an entry or msl.config.json: relative to the project root (or absolute). */
export function trustFilePath(project: Pick<ProvenanceProject, 'root'>, file: string): string {
  return path.resolve(project.root, file);
}

/** Absolute path of every file a signature check reads -> paths of the entries that read it. */
export function signatureFiles(project: ProvenanceProject): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (abs: string, entryPath: string) => {
    let entries = out.get(abs);
    if (!entries) out.set(abs, (entries = new Set()));
    entries.add(entryPath);
  };
  const { publicKey, trustedRoot } = project.config;
  for (const e of project.parsed.manifest.models) {
    if (!e.signature) continue;
    add(absolutePathOf(project, e.signature.bundle), e.path);
    const key = e.signature.publicKey ?? publicKey;
    if (key !== undefined) add(trustFilePath(project, key), e.path);
    if (trustedRoot !== undefined) add(trustFilePath(project, trustedRoot), e.path);
  }
  return out;
}
