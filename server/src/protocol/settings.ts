// The one definition of the extension's settings (section `msl`). package.json's
// `contributes.configuration` mirrors it; test/lsp/manifest.test.ts keeps the two equal.
import { DEFAULT_EXCLUDE } from '../core/workspace/defaultExclude';

export const SETTINGS_SECTION = 'msl';

export type TraceSetting = 'off' | 'messages' | 'verbose';

export interface MslSettings {
  /**
   * Globs (relative to a workspace folder) of files the workspace scan and watchers cover.
   * Empty: every model file type the scanner recognises, plus Python scripts and notebooks
   * (the engine's own list, so new formats are covered without a settings change).
   */
  include: string[];
  /** Globs excluded from the workspace scan and watchers. */
  exclude: string[];
  /** Files larger than this are listed (MSL004) instead of scanned; 0 means no limit. */
  maxFileSizeMB: number;
  /** Scan the workspace when the server starts. */
  scanOnStartup: boolean;
  /** Read by vscode-languageclient itself (`<section>.trace.server`). */
  trace: { server: TraceSetting };
  /** Runtime probes: never in untrusted workspaces; automatic runs only when `auto` is on, for files up to `autoMaxSizeMB`. */
  probes: { auto: boolean; autoMaxSizeMB: number };
}

export const DEFAULT_SETTINGS: Readonly<MslSettings> = Object.freeze({
  include: [],
  exclude: [...DEFAULT_EXCLUDE],
  maxFileSizeMB: 2048,
  scanOnStartup: true,
  trace: { server: 'off' as TraceSetting },
  probes: { auto: false, autoMaxSizeMB: 20 },
});

/**
 * Settings as the client sends them may be partial or mistyped (hand-edited settings.json):
 * every field falls back to its default rather than failing the scan.
 */
export function normalizeSettings(raw: unknown): MslSettings {
  const r = isRecord(raw) ? raw : {};
  const trace = isRecord(r.trace) ? r.trace.server : undefined;
  return {
    include: stringArray(r.include) ?? [...DEFAULT_SETTINGS.include],
    exclude: stringArray(r.exclude) ?? [...DEFAULT_SETTINGS.exclude],
    maxFileSizeMB:
      typeof r.maxFileSizeMB === 'number' && Number.isFinite(r.maxFileSizeMB) && r.maxFileSizeMB >= 0
        ? r.maxFileSizeMB
        : DEFAULT_SETTINGS.maxFileSizeMB,
    scanOnStartup: typeof r.scanOnStartup === 'boolean' ? r.scanOnStartup : DEFAULT_SETTINGS.scanOnStartup,
    trace: { server: trace === 'messages' || trace === 'verbose' || trace === 'off' ? trace : 'off' },
    probes: normalizeProbes(r.probes),
  };
}

/** `maxFileSizeMB` in bytes, or undefined for "no limit". */
export function maxFileBytes(s: MslSettings): number | undefined {
  return s.maxFileSizeMB > 0 ? Math.floor(s.maxFileSizeMB * 1024 * 1024) : undefined;
}

function normalizeProbes(raw: unknown): MslSettings['probes'] {
  const p = isRecord(raw) ? raw : {};
  const max = p.autoMaxSizeMB;
  return {
    auto: typeof p.auto === 'boolean' ? p.auto : DEFAULT_SETTINGS.probes.auto,
    autoMaxSizeMB: typeof max === 'number' && Number.isFinite(max) && max > 0 ? max : DEFAULT_SETTINGS.probes.autoMaxSizeMB,
  };
}

function stringArray(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? [...v] : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
