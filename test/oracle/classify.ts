// Groups divergences into classes so a report lists each root cause once.
import { splitInstructions, opcodeByCode } from './opcodes';
import type { CaseOutcome } from './runner';

export function opcodeNames(bytes: Uint8Array): string[] {
  return splitInstructions(bytes).map((i) => opcodeByCode(i[0]!)?.name ?? `0x${i[0]!.toString(16)}`);
}

/**
 * Class keys of one failing case, one per missed import: how it was requested, which unpickler
 * variants resolved it, whether a later load (stacked pickle) asked, whether FRAMEs are present.
 */
export function divergenceClasses(o: CaseOutcome): string[] {
  if (o.scan.failure) return [o.scan.failure.split(':')[0]!];
  const byPair = new Map<string, { via: string; impls: Set<string>; later: boolean }>();
  for (const d of o.divergences) {
    const key = `${d.pair.module}\u0000${d.pair.name}\u0000${d.pair.load}`;
    const entry = byPair.get(key) ?? { via: d.pair.via ?? '?', impls: new Set<string>(), later: d.pair.load > 0 };
    entry.impls.add(d.impl);
    if (entry.via === '?' && d.pair.via) entry.via = d.pair.via;
    byPair.set(key, entry);
  }
  const framed = opcodeNames(o.case.bytes).includes('FRAME') ? ' framed' : '';
  const keys = [...byPair.values()].map(
    (e) => `${e.via} missed (resolved by ${[...e.impls].sort().join('+')})${e.later ? ' in a stacked pickle' : ''}${framed}`,
  );
  return [...new Set(keys)];
}

export function countClasses(outcomes: readonly CaseOutcome[]): Array<[string, number]> {
  const classes = new Map<string, number>();
  for (const o of outcomes) for (const k of divergenceClasses(o)) classes.set(k, (classes.get(k) ?? 0) + 1);
  return [...classes].sort((a, b) => b[1] - a[1]);
}
