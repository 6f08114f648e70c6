// SavedModel folder check, run by the scan driver when the scanned file is `saved_model.pb`:
// the folders next to it are LISTED (names and mode bits via stat, read-only, no file is opened)
// and anything that looks like code is reported. Analyzers only see bytes, so this lives apart.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createFinding, type Finding } from '../../findings';
import { TF_ASSETS } from '../../rules/tensorflow';

const CODE_EXTENSIONS = new Set([
  '.so', '.dylib', '.dll', '.exe', '.elf', '.sh', '.bash', '.zsh', '.py', '.pyc', '.pyo', '.pyd', '.bat', '.cmd', '.ps1', '.vbs', '.js', '.jar', '.pl', '.rb', '.php',
]);
const SUBFOLDERS = ['assets', 'assets.extra', 'variables'];
const MAX_ENTRIES = 10_000;
const MAX_DEPTH = 4;

export interface FolderEntry { rel: string; reason: string }

export function isSavedModelPath(file: string): boolean {
  return path.basename(file) === 'saved_model.pb';
}

/** Lists the SavedModel's folders; returns entries that look like code. Never throws. */
export function listSuspiciousAssets(savedModelPb: string): FolderEntry[] {
  const root = path.dirname(savedModelPb);
  const out: FolderEntry[] = [];
  const budget = { left: MAX_ENTRIES };
  for (const e of safeList(root, budget)) {
    if (e.isFile() && e.name !== 'saved_model.pb') judge(root, e.name, out);
  }
  for (const sub of SUBFOLDERS) walk(root, sub, 0, out, budget);
  return out;
}

export function savedModelFolderFindings(savedModelPb: string): Finding[] {
  return listSuspiciousAssets(savedModelPb).map((e) =>
    createFinding(TF_ASSETS, {
      message: `The SavedModel folder contains '${e.rel}' (${e.reason}); a SavedModel needs no code besides its graph.`,
      location: { kind: 'file' },
      evidence: e.rel,
    }),
  );
}

function walk(root: string, rel: string, depth: number, out: FolderEntry[], budget: { left: number }): void {
  if (depth > MAX_DEPTH) return;
  for (const e of safeList(path.join(root, rel), budget)) {
    const child = `${rel}/${e.name}`;
    if (e.isDirectory()) walk(root, child, depth + 1, out, budget);
    else if (e.isFile()) judge(root, child, out);
  }
}

function judge(root: string, rel: string, out: FolderEntry[]): void {
  const ext = path.extname(rel).toLowerCase();
  const reasons: string[] = [];
  if (CODE_EXTENSIONS.has(ext) || /\.so(\.\d+)*$/.test(rel)) reasons.push(`named like ${ext || 'a shared library'}`);
  try {
    if ((fs.statSync(path.join(root, rel)).mode & 0o111) !== 0) reasons.push('executable bit set');
  } catch {
    // vanished between listing and stat: nothing to report
  }
  if (reasons.length > 0) out.push({ rel, reason: reasons.join(', ') });
}

function safeList(dir: string, budget: { left: number }): fs.Dirent[] {
  try {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).slice(0, Math.max(0, budget.left));
    budget.left -= entries.length;
    return entries;
  } catch {
    return [];
  }
}
