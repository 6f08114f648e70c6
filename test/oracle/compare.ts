// The oracle property: every (module, name) CPython passes to find_class is reported.
//
// Spelling: find_class receives the raw names; under protocol < 3 CPython then maps py2 names
// (_compat_pickle) before importing. Either spelling counts as reported. The mapped spelling is
// only offered when the protocol in force was < 3 (or unknown, for calls only the C unpickler
// made). A dotted split of the same path also counts: ('os', 'path.join') == ('os.path', 'join').
//
// Excuses: an EXT pair (copyreg registry) is reported by an MSL605 finding; a STACK_GLOBAL pair
// (or one whose opcode is unknown) by an MSL604 finding; any pair by MSL001 when a limit was
// really hit. GLOBAL and INST pairs carry their names in the bytes and must be named.
import type { ScanView } from './scanView';
import { VARIANTS, type OracleCaseResult, type OraclePair, type Variant } from './pythonOracle';

export const RULE_UNRESOLVED_IMPORT = 'MSL604';
export const RULE_EXT_IMPORT = 'MSL605';
export const RULE_LIMIT = 'MSL001';

export interface Divergence {
  impl: Variant;
  pair: OraclePair;
}

export interface Reported {
  imports: Array<{ module: string; name: string }>;
  rules: Set<string>;
  limitHit: boolean;
}

export function reportedBy(scan: ScanView): Reported {
  const imports = (scan.summary.pickles ?? []).flatMap((p) => p.imports.map((i) => ({ module: i.module, name: i.name })));
  const rules = new Set(scan.findings.map((f) => f.ruleId));
  return { imports, rules, limitHit: rules.has(RULE_LIMIT) && scan.limitsHit.length > 0 };
}

const fullPath = (module: string, name: string): string => `${module}\u0000${name}`;
const dotted = (module: string, name: string): string => `${module}.${name}`;

export function isReported(pair: OraclePair, rep: Reported): boolean {
  if (rep.limitHit) return true;
  if (pair.via === 'EXT') return rep.rules.has(RULE_EXT_IMPORT);
  const spellings: Array<[string, string]> = [[pair.module, pair.name]];
  if (pair.alt) spellings.push(pair.alt);
  const exact = new Set(spellings.map(([m, n]) => fullPath(m, n)));
  const paths = new Set(spellings.map(([m, n]) => dotted(m, n)));
  for (const i of rep.imports) {
    if (exact.has(fullPath(i.module, i.name)) || paths.has(dotted(i.module, i.name))) return true;
  }
  return (pair.via === 'STACK_GLOBAL' || pair.via === null) && rep.rules.has(RULE_UNRESOLVED_IMPORT);
}

export function findDivergences(oracle: OracleCaseResult, scan: ScanView): Divergence[] {
  const rep = reportedBy(scan);
  const out: Divergence[] = [];
  for (const impl of VARIANTS) {
    for (const pair of oracle.runs[impl].pairs) if (!isReported(pair, rep)) out.push({ impl, pair });
  }
  return out;
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

export function pairText(p: OraclePair): string {
  const alt = p.alt ? ` (= ${p.alt[0]}.${p.alt[1]})` : '';
  return `${JSON.stringify(p.module)}, ${JSON.stringify(p.name)}${alt} via ${p.via ?? '?'} proto ${p.proto ?? '?'} load ${p.load}`;
}

/** A human-readable account of one failing case. */
export function describe(id: string, bytes: Uint8Array, oracle: OracleCaseResult, scan: ScanView, divs: Divergence[]): string {
  const ours = reportedBy(scan);
  const lines = [`case ${id} (${bytes.length} bytes, analysed as ${scan.format}): ${hex(bytes)}`];
  if (scan.failure) lines.push(`  ANALYZER FAILURE: ${scan.failure.split('\n').slice(0, 3).join(' | ')}`);
  for (const v of VARIANTS) {
    const run = oracle.runs[v];
    lines.push(`  CPython ${v.padEnd(3)}: ${run.pairs.map(pairText).join('; ') || '-'}  [${run.error ?? 'ok'}]`);
  }
  lines.push(
    `  ours       : ${ours.imports.map((i) => `${i.module}.${i.name}`).join('; ') || '-'}  rules ${[...ours.rules].join(',') || '-'}`,
    `  missing    : ${divs.map((d) => `${d.impl} ${pairText(d.pair)}`).join('; ')}`,
  );
  return lines.join('\n');
}
