// Provenance in the language server: MSL8xx findings added to each model file's disk scan,
// msl.lock.json's own problems published on its URI, Hub pins for scripts, and the request
// behind "Record Provenance for This File". Manifests are re-read when their mtime or size
// changes (one stat per check); digests are cached by (path, size, mtime). Hashing reads 4 MiB
// chunks asynchronously, so the event loop keeps serving requests while a big file hashes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ErrorCodes, ResponseError, type Connection, type Diagnostic } from 'vscode-languageserver';
import type { Finding } from '../core/findings';
import {
  checkManifest, checkModelFile, detectFileFormat, entryLine, entryPathOf, fileProvenanceStatus, HashCache, hubPinsOf,
  loadProvenanceProject, MANIFEST_FILE_NAME, serializeManifest, upsertEntry, type FileProvenanceStatus, type ProvenanceProject,
} from '../core/provenance/index';
import { ProvenanceEntryRequest, type ProvenanceEntryResult, type ProvenanceSourceInput } from '../protocol/provenance';
import { findingToDiagnostic } from './diagnostics';
import type { ServerState } from './state';
import { pathToUri, uriToPath } from './uris';

interface Loaded {
  /** The manifest's stamp and the folder's `provenance` config, as loaded. */
  stamp: string;
  project: ProvenanceProject | undefined;
}

export class ProvenanceService {
  readonly hashes = new HashCache();
  private readonly byRoot = new Map<string, Loaded>();

  constructor(private readonly state: ServerState) {}

  /** MSL8xx findings for a scanned model file (empty for scripts and other non-model formats). */
  async findingsFor(fsPath: string, format: string): Promise<Finding[]> {
    try {
      return await checkModelFile(fsPath, format, this.projectFor(fsPath), { hashes: this.hashes });
    } catch (e) {
      this.state.warn(`Provenance check of ${fsPath} failed: ${(e as Error).message}`);
      return [];
    }
  }

  /** Hub pins of the file's project, for script analysis. */
  hubPinsFor(fsPath: string): ReadonlyMap<string, string> | undefined {
    const project = this.projectFor(fsPath);
    return project ? hubPinsOf(project.parsed.manifest) : undefined;
  }

  /**
   * The project of the workspace folder holding `fsPath`, re-read when msl.lock.json changed or
   * msl.config.json's `provenance` section did (the policy and trust are part of the project).
   */
  projectFor(fsPath: string): ProvenanceProject | undefined {
    const folder = this.state.folders.folderFor(fsPath);
    if (!folder) return undefined;
    const root = folder.path;
    const config = this.state.configs.get(root).config.provenance ?? {};
    const manifestStamp = statStamp(path.join(root, MANIFEST_FILE_NAME));
    const stamp = `${manifestStamp}|${JSON.stringify(config)}`;
    const had = this.byRoot.get(root);
    if (had && had.stamp === stamp) return had.project;
    const project = manifestStamp === '' ? undefined : loadProvenanceProject(root, config);
    this.byRoot.set(root, { stamp, project });
    this.publishManifest(root, project);
    return project;
  }

  /** The report's provenance facts for a scanned file. */
  async statusFor(fsPath: string, format: string): Promise<FileProvenanceStatus> {
    return fileProvenanceStatus(fsPath, format, this.projectFor(fsPath), { hashes: this.hashes });
  }

  /**
   * Re-reads the folder's manifest now (a watcher said it changed: a same-size rewrite within
   * the mtime resolution would slip past the stamp) and republishes its own diagnostics.
   */
  reload(root: string): { before: ProvenanceProject | undefined; after: ProvenanceProject | undefined } {
    const before = this.byRoot.get(root)?.project;
    this.byRoot.delete(root);
    const after = this.projectFor(path.join(root, MANIFEST_FILE_NAME));
    return { before, after };
  }

  /** Model files appeared or vanished: the manifest's missing-file diagnostics may change. */
  republishManifest(root: string): void {
    const project = this.projectFor(path.join(root, MANIFEST_FILE_NAME));
    if (project) this.publishManifest(root, project);
  }

  private publishManifest(root: string, project: ProvenanceProject | undefined): void {
    const uri = pathToUri(path.join(root, MANIFEST_FILE_NAME));
    const diagnostics = project ? manifestDiagnostics(project) : [];
    void this.state.connection.sendDiagnostics({ uri, diagnostics }).catch(() => undefined);
  }

  /** Computes (never writes) the manifest with `fsPath` recorded. */
  async entryFor(fsPath: string, source: ProvenanceSourceInput, license?: string): Promise<ProvenanceEntryResult> {
    const folder = this.state.folders.folderFor(fsPath);
    if (!folder) throw new ResponseError(ErrorCodes.InvalidParams, `${fsPath} is not inside a workspace folder`);
    const project = this.projectFor(fsPath);
    if (project && project.parsed.problems.length > 0) {
      throw new ResponseError(ErrorCodes.InvalidRequest, `${MANIFEST_FILE_NAME} has problems (${project.parsed.problems[0]!.message}); fix it first so no entry is lost`);
    }
    const entryPath = entryPathOf({ root: folder.path }, fsPath);
    if (!entryPath) throw new ResponseError(ErrorCodes.InvalidParams, `${fsPath} is not inside ${folder.path}`);
    const digest = await this.hashes.digest(fsPath);
    const format = detectFileFormat(fsPath);
    const previous = project?.byPath.get(entryPath);
    const entry = { ...(previous ?? {}), path: entryPath, size: digest.size, sha256: digest.sha256, format, source: sourceOf(source) };
    if (license) Object.assign(entry, { license });
    const { manifest } = upsertEntry(project?.parsed.manifest, entry);
    const result: ProvenanceEntryResult = {
      manifestUri: pathToUri(path.join(folder.path, MANIFEST_FILE_NAME)),
      entryPath, size: digest.size, sha256: digest.sha256, format,
      manifestText: serializeManifest(manifest),
      baseText: project?.text ?? '',
    };
    if (previous) result.replacedSha256 = previous.sha256;
    return result;
  }
}

function sourceOf(s: ProvenanceSourceInput): ProvenanceSourceInput {
  return 'url' in s ? { url: s.url } : { hub: s.hub, revision: s.revision };
}

/** The manifest's problems and missing files, on the lines of their entries. */
export function manifestDiagnostics(project: ProvenanceProject): Diagnostic[] {
  return checkManifest(project).map((f) => {
    const d = findingToDiagnostic(f);
    const entry = f.location.kind === 'pointer' ? /^\/models\/(\d+)/.exec(f.location.pointer) : null;
    const e = entry ? project.parsed.manifest.models[Number(entry[1])] : undefined;
    const line = e && f.ruleId === 'MSL804' ? entryLine(project.text, e.path) : 0;
    const width = project.text.split('\n')[line]?.length ?? 0;
    return { ...d, range: { start: { line, character: 0 }, end: { line, character: width } } };
  });
}

function statStamp(file: string): string {
  try {
    const st = fs.statSync(file);
    return `${st.size}:${st.mtimeMs}`;
  } catch {
    return '';
  }
}

const services = new WeakMap<ServerState, ProvenanceService>();

/** The state's provenance service (one per server). */
export function provenanceOf(state: ServerState): ProvenanceService {
  let s = services.get(state);
  if (!s) {
    s = new ProvenanceService(state);
    services.set(state, s);
  }
  return s;
}

export function registerProvenance(connection: Connection, state: ServerState): void {
  connection.onRequest(ProvenanceEntryRequest, async ({ uri, source, license }) => {
    const fsPath = uriToPath(uri);
    if (!fsPath) throw new ResponseError(ErrorCodes.InvalidParams, `Only file: URIs can be recorded, not ${uri}`);
    return provenanceOf(state).entryFor(fsPath, source, license);
  });
}

/** Script analysis options for a document: its project's Hub pins, when it has a manifest. */
export function pythonOptionsFor(state: ServerState, uri: string): { hubPins?: ReadonlyMap<string, string> } {
  const fsPath = uriToPath(uri);
  const hubPins = fsPath ? provenanceOf(state).hubPinsFor(fsPath) : undefined;
  return hubPins && hubPins.size > 0 ? { hubPins } : {};
}
