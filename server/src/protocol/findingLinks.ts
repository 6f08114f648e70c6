// Links from a Problems entry of a model file to one finding in its report. Custom editors get no
// selection from VS Code (a model file's diagnostics all sit at 0:0), so each binary-file
// diagnostic carries related information whose location is the file's URI with a fragment naming
// the finding; the report editor receives that URI and selects the finding. The key is computed
// from the finding itself (rule, place, message, evidence), never from its position in a list:
// the Problems panel's list also holds provenance and probe findings the report lists elsewhere.
// Pure and free of engine code: the server, the client and the webview bundle all import it.
import type { Finding } from '../core/findings';

/** The fragment parameter: `file:///m/evil.pkl#msl-finding=MSL601.1a2b3c4d`. */
export const FINDING_FRAGMENT_PARAM = 'msl-finding';
/** The text of the related-information row under each binary-file diagnostic. */
export const SHOW_IN_REPORT = 'Show this finding in the model report';

const KEY_PATTERN = /^MSL\d{3}\.[0-9a-f]{8}(?:\.[1-9]\d{0,5})?$/;

/**
 * One key per finding, in order: `RULE.hash`, then `RULE.hash.2`, `.3`... for further findings
 * identical in rule, place, message and evidence (the nth copy in one list is the nth in the other).
 */
export function findingKeys(findings: readonly Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const base = `${f.ruleId}.${fnv1a32(identity(f))}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}.${n}`;
  });
}

/** The index of the finding with this key, or -1. */
export function indexOfFindingKey(findings: readonly Finding[], key: string): number {
  return findingKeys(findings).indexOf(key);
}

export function isFindingKey(s: string): boolean {
  return KEY_PATTERN.test(s);
}

export function findingFragment(key: string): string {
  return `${FINDING_FRAGMENT_PARAM}=${key}`;
}

/** The finding key named by a URI fragment (already percent-decoded), or undefined. */
export function parseFindingFragment(fragment: string): string | undefined {
  const prefix = `${FINDING_FRAGMENT_PARAM}=`;
  if (!fragment.startsWith(prefix)) return undefined;
  const key = fragment.slice(prefix.length);
  return isFindingKey(key) ? key : undefined;
}

/** `uri` (a string URI without a fragment) pointing at one finding. */
export function findingUri(uri: string, key: string): string {
  const hash = uri.indexOf('#');
  return `${hash >= 0 ? uri.slice(0, hash) : uri}#${findingFragment(key)}`;
}

export function ruleIdOfKey(key: string): string {
  return key.slice(0, key.indexOf('.'));
}

/**
 * Where the report shows a finding that is not in its findings list: probe findings (MSL9xx) with
 * the probe results (`probed`: the report shows some), provenance findings (MSL8xx) beside the
 * provenance data.
 */
export function sectionOfUnlistedFinding(ruleId: string, probed = false): { section: 'probes' | 'provenance'; notice: string } | undefined {
  if (/^MSL9\d\d$/.test(ruleId)) {
    return { section: 'probes', notice: `${ruleId} comes from the runtime probes: ${probed ? 'it is listed with their results here.' : 'run them here to see it with its evidence.'}` };
  }
  if (/^MSL8\d\d$/.test(ruleId)) return { section: 'provenance', notice: `${ruleId} comes from the project's provenance checks (msl.lock.json).` };
  return undefined;
}

function identity(f: Finding): string {
  return stableJson([f.ruleId, f.location, f.message, f.evidence ?? null]);
}

/** JSON with object keys sorted, so equal values give equal text whatever their key order. */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** FNV-1a over UTF-16 code units, as 8 hex digits: short, deterministic, no crypto API needed in the webview. */
function fnv1a32(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
