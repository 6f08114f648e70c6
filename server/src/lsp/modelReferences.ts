// Which string literals of a script name a local model file or a folder of model files: the
// literal is resolved against the script's folder first, then the workspace folder (scripts are
// run from either), and must exist. Folders count only as arguments of loader calls
// (`from_pretrained("./ckpt")`), where a folder of weights is what the code loads.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Range } from 'vscode-languageserver';
import type { PathLiteral } from '../core/python/pathLiterals';
import { isModelFileName } from '../protocol/modelFiles';

export interface ModelReference {
  range: Range;
  /** Absolute path the literal resolved to. */
  target: string;
  kind: 'file' | 'folder';
  /** The model files concerned: the file itself, or the folder's model files (direct children). */
  files: string[];
}

/** Calls whose path argument may be a folder of weights. */
const FOLDER_LOADER = /pretrained|load|pipeline/i;
/** A folder with more model files than this is listed up to it (the lens gives the worst verdict). */
const MAX_FOLDER_FILES = 200;

export function resolveModelReferences(literals: readonly PathLiteral[], bases: readonly string[]): ModelReference[] {
  const out: ModelReference[] = [];
  for (const literal of literals) {
    const wantsFolder = literal.callee !== undefined && FOLDER_LOADER.test(literal.callee);
    if (!isModelFileName(literal.value) && !wantsFolder) continue; // most strings: no disk access
    const ref = resolveOne(literal, bases, wantsFolder);
    if (ref) out.push(ref);
  }
  return out;
}

function resolveOne(literal: PathLiteral, bases: readonly string[], wantsFolder: boolean): ModelReference | undefined {
  const candidates = path.isAbsolute(literal.value) ? [literal.value] : [...new Set(bases)].map((b) => path.resolve(b, literal.value));
  for (const target of candidates) {
    const st = statOf(target);
    if (st?.isFile() && isModelFileName(target)) return { range: literal.range, target, kind: 'file', files: [target] };
    if (st?.isDirectory() && wantsFolder) {
      const files = modelFilesIn(target);
      if (files.length > 0) return { range: literal.range, target, kind: 'folder', files };
    }
  }
  return undefined;
}

function modelFilesIn(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter(isModelFileName).sort().slice(0, MAX_FOLDER_FILES).map((n) => path.join(dir, n)).filter((p) => statOf(p)?.isFile());
}

function statOf(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}
