// A project's provenance state: its manifest (re-read when the file changes), its policy, and
// the model-file test shared by `msl lock`, `msl scan` and the language server.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileByteSource } from '../io/byteSource';
import { detectFormat } from '../detect';
import type { FormatId } from '../formats/types';
import { MANIFEST_FILE_NAME, type ManifestEntry } from './manifest';
import { parseManifest, type ParsedManifest } from './manifestParse';
import type { ProvenanceConfig } from './config';

export interface ProvenanceProject {
  /** Absolute folder holding `msl.lock.json`; manifest paths are relative to it. */
  root: string;
  manifestFile: string;
  parsed: ParsedManifest;
  byPath: ReadonlyMap<string, ManifestEntry>;
  config: ProvenanceConfig;
  /** The manifest's text as read (for locating entries). */
  text: string;
}

/** The project rooted at `root`, or undefined when it has no manifest. I/O errors become a parse problem. */
export function loadProvenanceProject(root: string, config: ProvenanceConfig = {}): ProvenanceProject | undefined {
  const manifestFile = path.join(root, MANIFEST_FILE_NAME);
  let text: string;
  try {
    text = fs.readFileSync(manifestFile, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    text = '';
    const parsed: ParsedManifest = { manifest: { version: 1, models: [] }, problems: [{ pointer: '', message: `cannot read: ${(e as Error).message}` }], invalidEntries: [] };
    return { root, manifestFile, parsed, byPath: new Map(), config, text };
  }
  const parsed = parseManifest(text);
  return { root, manifestFile, parsed, byPath: new Map(parsed.manifest.models.map((e) => [e.path, e])), config, text };
}

/** `abs` relative to the project root with `/` separators, or undefined when outside it. */
export function entryPathOf(project: Pick<ProvenanceProject, 'root'>, abs: string): string | undefined {
  const rel = path.relative(project.root, abs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

export function absolutePathOf(project: Pick<ProvenanceProject, 'root'>, entryPath: string): string {
  return path.join(project.root, ...entryPath.split('/'));
}

/** Formats that are not model files for provenance purposes (scripts, templates, unrecognised bytes). */
const NOT_MODELS = new Set<FormatId>(['python', 'notebook', 'chat-template', 'tokenizer-config', 'unknown', 'git-lfs-pointer']);

export function isModelFormat(format: FormatId | string): boolean {
  return !NOT_MODELS.has(format as FormatId);
}

/** The format recorded in the manifest: detection from the header and the name (no full scan). */
export function detectFileFormat(abs: string): FormatId {
  let src: FileByteSource | undefined;
  try {
    src = FileByteSource.open(abs);
    return detectFormat(src, path.basename(abs)).format;
  } catch {
    return 'unknown';
  } finally {
    src?.close();
  }
}

/** Line (0-based) of the entry for `entryPath` in the manifest text, for diagnostics on the manifest. */
export function entryLine(text: string, entryPath: string): number {
  const needle = `"path": ${JSON.stringify(entryPath)}`;
  const at = text.indexOf(needle);
  if (at < 0) return 0;
  let line = 0;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
