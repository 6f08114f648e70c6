// Grades one import a pickle makes: allowed (reviewed, inert), dangerous (denylist, with its
// severity) or unknown. Python 2 names are graded under both spellings, dotted attribute chains
// (protocol >= 4) at every prefix, and a chain through a re-exported module (`numpy.testing.os`)
// as that module: the worst answer wins.
import type { Severity } from '../findings';
import { ALLOWLIST } from './allowlist';
import { ALIASED_MODULES, DENYLIST, type DenyEntry } from './denylist';
import { mapPython2Name } from './py2names';
import type { AllowlistExtension, PolicyOptions } from './types';

export type Verdict = 'allowed' | 'unknown' | 'dangerous';

export interface Grade {
  verdict: Verdict;
  /** Severity of the finding to report; undefined when allowed. */
  severity?: Severity;
  /** Why: the allow/deny entry's reason. */
  reason: string;
  /** The name that decided the verdict (after Python 2 mapping or alias resolution). */
  matched: string;
}

export interface CompiledPolicy {
  grade(module: string, name: string): Grade;
}

const ALLOWED = new Map(ALLOWLIST.map((e) => [`${e.module}\u0000${e.name}`, e.reason]));
const DENY_BY_MODULE = new Map<string, DenyEntry[]>();
for (const e of DENYLIST) {
  const list = DENY_BY_MODULE.get(e.module) ?? [];
  list.push(e);
  DENY_BY_MODULE.set(e.module, list);
}

const DUNDER_CHAIN_REASON = 'walks Python internals (dunder attributes such as __globals__ or __subclasses__) to reach objects no allowlist can anticipate';

export function validExtensions(options: PolicyOptions | undefined): AllowlistExtension[] {
  return (options?.extraAllowed ?? []).filter(isValidExtension);
}

function isValidExtension(e: AllowlistExtension): boolean {
  return (
    typeof e === 'object' && e !== null && typeof e.module === 'string' && e.module.trim() !== '' &&
    typeof e.name === 'string' && e.name.trim() !== '' && typeof e.justification === 'string' && e.justification.trim() !== ''
  );
}

/**
 * Problems with a project's allowlist extensions, for the configuration layer to report.
 * Entries without a module, a name or a non-empty justification are ignored by grading.
 */
export function policyProblems(options: PolicyOptions | undefined): string[] {
  const out: string[] = [];
  (options?.extraAllowed ?? []).forEach((e, i) => {
    if (!isValidExtension(e)) {
      const label = typeof e === 'object' && e ? `${String(e.module)}.${String(e.name)}` : String(e);
      out.push(`extraAllowed[${i}] (${label}) is ignored: every entry needs a module, a name and a non-empty justification.`);
    }
  });
  return out;
}

const cache = new WeakMap<object, CompiledPolicy>();
const EMPTY: PolicyOptions = {};

export function compilePolicy(options: PolicyOptions | undefined): CompiledPolicy {
  const key = options ?? EMPTY;
  const torchScript = options?.torchScriptArchive === true;
  const hit = cache.get(key);
  if (hit) return hit;
  const extra = new Map<string, string>();
  for (const e of validExtensions(options)) extra.set(`${e.module.trim()}\u0000${e.name.trim()}`, e.justification.trim());
  const memo = new Map<string, Grade>();
  const compiled: CompiledPolicy = {
    grade(module, name) {
      const k = `${module}\u0000${name}`;
      let g = memo.get(k);
      if (!g) {
        g = gradeUncached(module, name, extra, torchScript);
        if (memo.size < 100_000) memo.set(k, g);
      }
      return g;
    },
  };
  cache.set(key, compiled);
  return compiled;
}

function gradeUncached(module: string, name: string, extra: Map<string, string>, torchScript: boolean): Grade {
  const mapped = mapPython2Name(module, name);
  // A reviewed built-in entry names one exact callable, so it is more specific than a module-wide
  // deny entry (torch.jit._pickle.build_intlist is inert even though torch.jit is not).
  const reviewed = builtInAllow(module, name) ?? (mapped ? builtInAllow(mapped[0], mapped[1]) : undefined);
  if (reviewed) return reviewed;
  const danger = worstDeny(module, name) ?? (mapped ? worstDeny(mapped[0], mapped[1]) : undefined);
  if (danger) return danger;
  const allowed = allowReason(module, name, extra) ?? (mapped ? allowReason(mapped[0], mapped[1], extra) : undefined);
  if (allowed) return { verdict: 'allowed', reason: allowed.reason, matched: allowed.matched };
  if (torchScript && (module === '__torch__' || module.startsWith('__torch__.'))) {
    return { verdict: 'allowed', reason: TORCHSCRIPT_CLASS_REASON, matched: `${module}.${name}` };
  }
  const shown = mapped ? `${mapped[0]}.${mapped[1]}` : `${module}.${name}`;
  return { verdict: 'unknown', severity: 'medium', reason: 'is not on the reviewed allowlist', matched: shown };
}

const TORCHSCRIPT_CLASS_REASON =
  "a TorchScript class compiled from the archive's own code/ folder (analysed separately) and resolved by TorchScript's type system, not by a Python import";

function builtInAllow(module: string, name: string): Grade | undefined {
  const reason = ALLOWED.get(`${module}\u0000${name}`);
  return reason === undefined ? undefined : { verdict: 'allowed', reason, matched: `${module}.${name}` };
}

function allowReason(module: string, name: string, extra: Map<string, string>): { reason: string; matched: string } | undefined {
  const reason = ALLOWED.get(`${module}\u0000${name}`) ?? extra.get(`${module}\u0000${name}`) ?? extra.get(`${module}\u0000*`);
  return reason === undefined ? undefined : { reason, matched: `${module}.${name}` };
}

function worstDeny(module: string, name: string): Grade | undefined {
  let worst: Grade | undefined;
  const consider = (g: Grade | undefined): void => {
    if (g && (!worst || (g.severity === 'critical' && worst.severity !== 'critical'))) worst = g;
  };
  const segments = name.split('.');
  // Every prefix of the attribute chain, looked up in the module and its parent packages.
  for (let i = 1; i <= segments.length; i++) consider(denyMatch(module, segments.slice(0, i).join('.')));
  // A chain through a re-exported module: `numpy.testing` + `os.system` -> os.system.
  for (let k = 0; k < segments.length; k++) {
    const seg = segments[k]!;
    if (!ALIASED_MODULES.has(seg)) continue;
    const aliasModule = seg === '__builtins__' ? 'builtins' : seg;
    const rest = segments.slice(k + 1).join('.');
    consider(rest ? worstDenyDirect(aliasModule, rest) : denyMatch(aliasModule, ''));
    if (!rest) consider({ verdict: 'dangerous', severity: 'high', reason: `a reference to the ${aliasModule} module object gives the pickle everything in it`, matched: `${module}.${name}` });
  }
  if (segments.length > 1 && segments.some((s, i) => i > 0 && s.startsWith('__') && s.endsWith('__'))) {
    consider({ verdict: 'dangerous', severity: 'high', reason: DUNDER_CHAIN_REASON, matched: `${module}.${name}` });
  }
  return worst;
}

function worstDenyDirect(module: string, name: string): Grade | undefined {
  const segments = name.split('.');
  let worst: Grade | undefined;
  for (let i = 1; i <= segments.length; i++) {
    const g = denyMatch(module, segments.slice(0, i).join('.'));
    if (g && (!worst || g.severity === 'critical')) worst = g;
  }
  return worst;
}

/** Deny entries for `module` (or a parent package with a module-wide entry) matching `attr`. */
function denyMatch(module: string, attr: string): Grade | undefined {
  let worst: Grade | undefined;
  const parts = module.split('.');
  for (let i = parts.length; i >= 1; i--) {
    const pkg = parts.slice(0, i).join('.');
    const entries = DENY_BY_MODULE.get(pkg);
    if (!entries) continue;
    // Inside a package, `attr` is relative to `module`; name entries of the package match submodule paths too.
    const relative = [...parts.slice(i), ...(attr ? [attr] : [])].join('.');
    for (const e of entries) {
      const hit =
        (e.name === undefined && e.namePrefix === undefined) ||
        (e.name !== undefined && relative !== '' && (relative === e.name || relative.startsWith(`${e.name}.`))) ||
        (e.namePrefix !== undefined && relative.startsWith(e.namePrefix));
      if (hit && (!worst || (e.severity === 'critical' && worst.severity !== 'critical'))) {
        worst = { verdict: 'dangerous', severity: e.severity, reason: e.reason, matched: `${module}${attr ? `.${attr}` : ''}` };
      }
    }
  }
  return worst;
}
