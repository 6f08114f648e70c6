// Seeded generation and mutation for the tar reader and its checks (`npm run fuzz` can call with more cases).
import { readTar } from '../../../server/src/core/formats/tar/reader';
import { checkTarMembers } from '../../../server/src/core/formats/tar/checks';
import { BufferByteSource } from '../../../server/src/core/io/byteSource';
import { ruleById } from '../../../server/src/core/rules';
import { buildTar, type TarEntry } from '../../fixtures/tar/writer';
import { mutate, rng, type FuzzStats } from '../keras/fuzzCases';

export function fuzzTar(cases: number, seed: number): FuzzStats {
  const r = rng(seed);
  const stats: FuzzStats = { cases: 0, maxMs: 0, failures: [] };
  const names = ['a', '../x', '/abs', 'd/e', 'dup', 'dup', 'C:\\w', 'pickle'];
  for (let i = 0; i < cases; i++) {
    const entries: TarEntry[] = Array.from({ length: 1 + Math.floor(r() * 5) }, () => {
      const type = ['0', '0', '1', '2', '5', '3', 'S'][Math.floor(r() * 7)]!;
      const e: TarEntry = { name: names[Math.floor(r() * names.length)]!, type, data: 'x'.repeat(Math.floor(r() * 700)) };
      if (type === '1' || type === '2') e.linkname = names[Math.floor(r() * names.length)]!;
      if (r() < 0.1) e.paxPath = 'p/' + Math.floor(r() * 10);
      return e;
    });
    let input = buildTar(entries);
    if (i % 3 !== 0) input = mutate(input, r);
    const t = performance.now();
    try {
      const tar = readTar(new BufferByteSource(input), 10_000);
      for (const m of tar.members) if (m.present > m.size || m.dataOffset + m.present > input.length) throw new Error(`member ${m.name} out of range`);
      for (const issue of checkTarMembers(tar.members)) if (!ruleById(issue.rule.id)) throw new Error(`unknown rule ${issue.rule.id}`);
    } catch (e) {
      stats.failures.push(`tar case ${i}: ${e instanceof Error ? e.message : String(e)}`);
    }
    stats.maxMs = Math.max(stats.maxMs, performance.now() - t);
    stats.cases++;
  }
  return stats;
}
