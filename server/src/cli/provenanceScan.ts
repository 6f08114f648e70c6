// `msl scan` and provenance: when a manifest exists at the working directory or at the root of
// a scanned folder, each model file gets its MSL8xx findings (hashing only files the manifest
// lists whose size matches) and scripts get the manifest's Hub pins. Folder checks (model card,
// auto_map, shipped .py) run for every model file. The manifest's own findings (unreadable
// entries, missing files) are reported as one more result when its folder was scanned.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ProjectConfig } from '../core/config';
import { compareFindings } from '../core/findings';
import {
  checkManifest, checkModelFile, HashCache, hubPinsOf, loadProvenanceProject, type ProvenanceProject,
} from '../core/provenance/index';
import type { ScanOptions, ScanResult } from '../core/scan';

export class ScanProvenance {
  private readonly projects: ProvenanceProject[] = [];
  private readonly scannedRoots = new Set<string>();
  private readonly hashes = new HashCache();

  constructor(cwd: string, paths: readonly string[], config: ProjectConfig) {
    const roots = new Set([path.resolve(cwd)]);
    for (const p of paths) {
      const abs = path.resolve(cwd, p);
      if (isDir(abs)) {
        roots.add(abs);
        this.scannedRoots.add(abs);
      }
    }
    for (const root of roots) {
      const project = loadProvenanceProject(root, config.provenance ?? {});
      if (project) this.projects.push(project);
    }
    // Deepest root first, so a nested project owns its files.
    this.projects.sort((a, b) => b.root.length - a.root.length);
  }

  /** Scan options for one file: the Hub pins of its project for scripts. */
  optionsFor(abs: string, base: ScanOptions): ScanOptions {
    const project = this.projectFor(abs);
    return project ? { ...base, python: { ...base.python, hubPins: hubPinsOf(project.parsed.manifest) } } : base;
  }

  /** Adds the file's provenance findings to its scan result. */
  async addFindings(abs: string, result: ScanResult): Promise<void> {
    if (result.error !== undefined) return;
    const extra = await checkModelFile(abs, result.format, this.projectFor(abs), { hashes: this.hashes });
    if (extra.length === 0) return;
    result.findings.push(...extra);
    result.findings.sort(compareFindings);
  }

  /** One result per manifest whose folder was scanned (paths relative to `cwd`, like the others). */
  manifestResults(cwd: string): ScanResult[] {
    return this.projects
      .filter((p) => this.scannedRoots.has(p.root))
      .map((p) => ({
        path: path.relative(cwd, p.manifestFile) || path.basename(p.manifestFile),
        format: 'unknown' as const, detectedBy: 'none' as const, size: p.text.length,
        findings: checkManifest(p).sort(compareFindings), summary: {}, limitsHit: [], timings: { totalMs: 0 },
      }))
      .filter((r) => r.findings.length > 0);
  }

  private projectFor(abs: string): ProvenanceProject | undefined {
    return this.projects.find((p) => abs.startsWith(p.root + path.sep));
  }
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
