// The project configuration file, shared by the CLI and the language server.
// Invalid entries are reported as problems (never silently dropped, never thrown).
import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { isSeverity, type Finding, type Severity } from './findings';
import { DEFAULT_LIMITS, type ScanLimits } from './limits';
import { ALL_RULES, ruleById } from './rules/index';
import type { AllowlistExtension } from './policy/types';
import type { ScanOptions } from './scan';
import { parseProvenanceConfig, type ProvenanceConfig } from './provenance/config';

export const CONFIG_FILE_NAME = 'msl.config.json';

export interface ProjectConfig {
  include?: string[];
  exclude?: string[];
  limits?: Partial<ScanLimits>;
  /** Project additions to the pickle allowlist; each must carry a justification. */
  pickleAllowlist?: AllowlistExtension[];
  /** Rule id (or rule name) -> severity, or `off` to drop the rule's findings. Keys are normalised to ids. */
  severityOverrides?: SeverityOverrides;
  /**
   * Globs (relative to the project root) of files whose findings are never reported, even when
   * the file is opened in the editor or named on the command line (unlike `exclude`, which only
   * keeps files out of folder walks).
   */
  ignore?: string[];
  /** Provenance checks: MSL802 severity, signature policy and trust material (see provenance/config.ts). */
  provenance?: ProvenanceConfig;
}

export type SeverityOverrides = Record<string, Severity | 'off'>;

export interface LoadedConfig {
  /** Absolute path of the file read, if any. */
  file?: string;
  config: ProjectConfig;
  problems: string[];
}

/** Reads `msl.config.json` from `dir` (not upwards: the project root is explicit). */
export function loadProjectConfig(dir: string): LoadedConfig {
  const file = path.join(dir, CONFIG_FILE_NAME);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { config: {}, problems: [] };
    return { file, config: {}, problems: [`${file}: cannot read: ${(e as Error).message}`] };
  }
  return { file, ...parseProjectConfig(text, file) };
}

export function parseProjectConfig(text: string, label = CONFIG_FILE_NAME): { config: ProjectConfig; problems: string[] } {
  const problems: string[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { config: {}, problems: [`${label}: not valid JSON: ${(e as Error).message}`] };
  }
  if (!isObject(raw)) return { config: {}, problems: [`${label}: the top level must be an object`] };
  const config: ProjectConfig = {};
  for (const key of Object.keys(raw)) {
    if (!['$schema', 'include', 'exclude', 'limits', 'pickleAllowlist', 'severityOverrides', 'ignore', 'provenance'].includes(key)) problems.push(`${label}: unknown key "${key}"`);
  }
  for (const key of ['include', 'exclude', 'ignore'] as const) {
    const v = raw[key];
    if (v === undefined) continue;
    if (Array.isArray(v) && v.every((g) => typeof g === 'string')) config[key] = v as string[];
    else problems.push(`${label}: "${key}" must be an array of glob strings`);
  }
  if (raw.limits !== undefined) config.limits = parseLimits(raw.limits, label, problems);
  if (raw.pickleAllowlist !== undefined) config.pickleAllowlist = parseAllowlist(raw.pickleAllowlist, label, problems);
  if (raw.severityOverrides !== undefined) config.severityOverrides = parseOverrides(raw.severityOverrides, label, problems);
  if (raw.provenance !== undefined) config.provenance = parseProvenanceConfig(raw.provenance, label, problems);
  return { config, problems };
}

const ruleIdByName = new Map(ALL_RULES.map((r) => [r.name, r.id]));

function parseOverrides(v: unknown, label: string, problems: string[]): SeverityOverrides {
  const out: SeverityOverrides = {};
  if (!isObject(v)) {
    problems.push(`${label}: "severityOverrides" must be an object of rule id -> severity`);
    return out;
  }
  for (const [key, value] of Object.entries(v)) {
    const id = ruleById(key.toUpperCase()) ? key.toUpperCase() : ruleIdByName.get(key);
    if (!id) problems.push(`${label}: severityOverrides: "${key}" is not a known rule id or name`);
    else if (value !== 'off' && !isSeverity(value)) problems.push(`${label}: severityOverrides: "${key}" must be one of critical, high, medium, low, info, off`);
    else out[id] = value;
  }
  return out;
}

/** Findings with the project's severities: overridden rules change severity, `off` rules are dropped. */
export function applySeverityOverrides(findings: readonly Finding[], overrides: SeverityOverrides | undefined): Finding[] {
  if (!overrides || Object.keys(overrides).length === 0) return [...findings];
  const out: Finding[] = [];
  for (const f of findings) {
    const o = overrides[f.ruleId];
    if (o === 'off') continue;
    out.push(o ? { ...f, severity: o } : f);
  }
  return out;
}

/** True when `relativePath` (forward slashes, relative to the project root) matches an `ignore` glob. */
export function isIgnoredPath(relativePath: string, config: ProjectConfig): boolean {
  if (!config.ignore || config.ignore.length === 0) return false;
  return picomatch(config.ignore, { dot: true })(relativePath.replace(/\\/g, '/'));
}

export function scanOptionsFrom(config: ProjectConfig): ScanOptions {
  const options: ScanOptions = {};
  if (config.limits) options.limits = config.limits;
  if (config.pickleAllowlist) options.policy = { extraAllowed: config.pickleAllowlist };
  return options;
}

function parseLimits(v: unknown, label: string, problems: string[]): Partial<ScanLimits> {
  const out: Partial<ScanLimits> = {};
  if (!isObject(v)) {
    problems.push(`${label}: "limits" must be an object`);
    return out;
  }
  for (const [k, n] of Object.entries(v)) {
    if (!(k in DEFAULT_LIMITS)) problems.push(`${label}: unknown limit "${k}"`);
    else if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) problems.push(`${label}: limit "${k}" must be a positive number`);
    else out[k as keyof ScanLimits] = n;
  }
  return out;
}

function parseAllowlist(v: unknown, label: string, problems: string[]): AllowlistExtension[] {
  if (!Array.isArray(v)) {
    problems.push(`${label}: "pickleAllowlist" must be an array`);
    return [];
  }
  const out: AllowlistExtension[] = [];
  v.forEach((e, i) => {
    const where = `${label}: pickleAllowlist[${i}]`;
    if (!isObject(e) || typeof e.module !== 'string' || typeof e.name !== 'string' || !e.module || !e.name) {
      problems.push(`${where} needs string "module" and "name"`);
      return;
    }
    if (typeof e.justification !== 'string' || e.justification.trim().length < 10) {
      problems.push(`${where} (${e.module}.${e.name}) is ignored: it needs a "justification" saying why it is inert (10+ characters)`);
      return;
    }
    out.push({ module: e.module, name: e.name, justification: e.justification.trim() });
  });
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
