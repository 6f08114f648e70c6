// Provenance findings for one model file (manifest entry, digest, source, signature, and its
// folder's model card and code), and for the manifest itself (unreadable entries, missing files).
// Hashing happens only for files the manifest lists and whose size matches (a size change is a
// mismatch already); everything else costs a stat and a few small reads.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createFinding, type Finding, type Location } from '../findings';
import { modelExtensions } from '../formats/registry';
import { DIGEST_MISMATCH, MANIFEST_FILE_MISSING, MANIFEST_INVALID, UNLISTED_MODEL } from '../rules/modelProvenance';
import { entryFindings } from './entryChecks';
import { HashCache, type HashOptions } from './hash';
import { MANIFEST_FILE_NAME, describeSource, type ManifestEntry } from './manifest';
import { modelFolderFindings, readModelFolder } from './modelFolder';
import { absolutePathOf, entryPathOf, isModelFormat, type ProvenanceProject } from './project';
import { signatureFindings } from './signatureCheck';

export interface ModelFileCheckOptions extends Pick<HashOptions, 'signal' | 'onProgress'> {
  /** Shared digest cache (one per process or server). */
  hashes?: HashCache;
}

const defaultCache = new HashCache();

/**
 * Findings for the model file `abs` (already scanned as `format`). `project` is undefined when
 * there is no manifest: then only the folder checks run. Never throws on I/O problems.
 */
export async function checkModelFile(abs: string, format: string, project: ProvenanceProject | undefined, options: ModelFileCheckOptions = {}): Promise<Finding[]> {
  if (!isModelFormat(format)) return [];
  const out: Finding[] = [];
  const folder = readModelFolder(path.dirname(abs));
  if (isFolderRepresentative(abs) && (folder.hasCard || fs.existsSync(path.join(path.dirname(abs), 'config.json')))) {
    out.push(...modelFolderFindings(path.dirname(abs), folder));
  }
  if (!project) return out;
  const rel = entryPathOf(project, abs);
  if (rel === undefined) return out;
  const entry = project.byPath.get(rel);
  if (!entry) {
    const severity = project.config.unlisted ?? UNLISTED_MODEL.severity;
    if (severity !== 'off') {
      out.push(createFinding(UNLISTED_MODEL, { message: `${rel} has no entry in ${MANIFEST_FILE_NAME}: where it came from is not recorded.`, location: { kind: 'file' }, severity }));
    }
    return out;
  }
  out.push(...(await checkEntry(project, entry, options, folder.cardLicense)));
  return out;
}

/**
 * Findings for one manifest entry against its file: source, size, digest, signature. A missing
 * file gives MSL804 here (the manifest-wide check reports it on the manifest instead).
 */
export async function checkEntry(project: ProvenanceProject, entry: ManifestEntry, options: ModelFileCheckOptions = {}, cardLicense?: string): Promise<Finding[]> {
  const out = entryFindings(entry, cardLicense);
  const abs = absolutePathOf(project, entry.path);
  const rel = entry.path;
  let st: fs.Stats;
  try {
    st = await fs.promises.stat(abs);
  } catch {
    out.push(missingFinding(entry, { kind: 'file' }));
    return out;
  }
  const where = { kind: 'file' as const };
  if (st.size !== entry.size) {
    out.push(createFinding(DIGEST_MISMATCH, {
      message: `${rel} is ${st.size} bytes but ${MANIFEST_FILE_NAME} records ${entry.size} bytes (source ${describeSource(entry.source)}): it is not the recorded file.`,
      location: where,
      evidence: `size ${st.size} != ${entry.size}`,
    }));
    return out;
  }
  let sha256: string;
  try {
    sha256 = (await (options.hashes ?? defaultCache).digest(abs, options)).sha256;
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    return out;
  }
  if (sha256 !== entry.sha256) {
    out.push(createFinding(DIGEST_MISMATCH, {
      message: `${rel} does not match ${MANIFEST_FILE_NAME}: sha256 ${sha256}, recorded ${entry.sha256} (source ${describeSource(entry.source)}).`,
      location: where,
      evidence: `sha256 ${sha256} != ${entry.sha256}`,
    }));
  }
  out.push(...signatureFindings(project, entry, sha256));
  return out;
}

function missingFinding(e: ManifestEntry, location: Location): Finding {
  return createFinding(MANIFEST_FILE_MISSING, {
    message: `${MANIFEST_FILE_NAME} records ${e.path} (source ${describeSource(e.source)}), but the file does not exist.`,
    location,
    evidence: e.path,
  });
}

/** Findings about the manifest file itself: unreadable entries and entries whose file is gone. */
export function checkManifest(project: ProvenanceProject): Finding[] {
  const out: Finding[] = [];
  for (const p of project.parsed.problems) {
    out.push(createFinding(MANIFEST_INVALID, { message: `${MANIFEST_FILE_NAME}${p.pointer ? ` ${p.pointer}` : ''}: ${p.message}`, location: { kind: 'pointer', pointer: p.pointer || '/' } }));
  }
  project.parsed.manifest.models.forEach((e, i) => {
    if (fs.existsSync(absolutePathOf(project, e.path))) return;
    out.push(missingFinding(e, { kind: 'pointer', pointer: `/models/${i}` }));
  });
  return out;
}

const MODEL_EXTS = new Set([...modelExtensions(), '.bin', '.model', '.pb'].filter((e) => e !== '.jinja'));

/** Folder-level findings go on one file per folder: the first model file by name. */
function isFolderRepresentative(abs: string): boolean {
  const dir = path.dirname(abs);
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => MODEL_EXTS.has(path.extname(n).toLowerCase())).sort();
  } catch {
    return true;
  }
  return names.length === 0 || names[0] === path.basename(abs) || !names.includes(path.basename(abs));
}
