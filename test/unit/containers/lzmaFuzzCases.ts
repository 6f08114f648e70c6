// Seeded mutation fuzzing of the LZMA-alone decoder (`npm run fuzz`-style callers can ask for
// more cases). Seeds are CPython-written streams plus our literal-only writer's known-size ones.
import { decodeAlone } from '../../../server/src/core/formats/compression/lzma/alone';
import { scanBytes } from '../../../server/src/core/scan';
import { lzmaOracle } from '../../fixtures/lzma/oracle';
import { encodeLiterals } from '../../fixtures/lzma/literalEncoder';
import { mutate, rng, type FuzzStats } from '../keras/fuzzCases';

const STATUSES = new Set(['end', 'limit', 'stopped', 'truncated', 'corrupt']);
const MAX_OUTPUT = 1 << 20;

export function lzmaSeeds(): Uint8Array[] {
  const { cases } = lzmaOracle([
    { name: 'text', data: { kind: 'text', size: 6000, seed: 1 } },
    { name: 'random', data: { kind: 'random', size: 1500, seed: 2 } },
    { name: 'pattern', data: { kind: 'pattern', size: 20_000, unit: 'ab' } },
    { name: 'small dict', data: { kind: 'far-repeats', size: 30_000, seed: 3, block: 2000 }, filters: { dict_size: 4096 } },
    { name: 'lc lp pb', data: { kind: 'text', size: 4000, seed: 4 }, filters: { lc: 0, lp: 2, pb: 4 } },
    { name: 'pickle', data: { kind: 'pickle', n: 20 } },
    { name: 'empty', data: { kind: 'bytes', b64: '' } },
  ]);
  const streams: Uint8Array[] = cases.map((c) => c.stream);
  streams.push(encodeLiterals(Buffer.from('joblib '.repeat(300)), { lc: 3, lp: 0, pb: 2 }));
  streams.push(Buffer.concat([cases[0]!.stream, cases[5]!.stream]));
  return streams;
}

/** Header fields an attacker controls: properties, dictionary size, declared size. */
function mutateHeader(s: Uint8Array, r: () => number): Uint8Array {
  const out = Uint8Array.from(s);
  const field = Math.floor(r() * 3);
  if (field === 0) out[0] = Math.floor(r() * 256);
  else if (field === 1) new DataView(out.buffer).setUint32(1, Math.floor(r() * 2 ** 32), true);
  else new DataView(out.buffer).setBigUint64(5, BigInt(Math.floor(r() * 2 ** 20)) * BigInt(1 + Math.floor(r() * 4096)), true);
  return out;
}

export async function fuzzLzma(cases: number, seed: number): Promise<FuzzStats & { errors: number }> {
  const r = rng(seed);
  const seeds = lzmaSeeds();
  const stats = { cases: 0, maxMs: 0, failures: [] as string[], errors: 0 };
  for (let i = 0; i < cases; i++) {
    const base = seeds[i % seeds.length]!;
    let input = i % 5 === 0 ? mutateHeader(base, r) : mutate(base, r);
    if (i % 7 === 0) input = mutate(input, r);
    const t = performance.now();
    try {
      const res = decodeAlone(input, MAX_OUTPUT);
      if (!STATUSES.has(res.status)) throw new Error(`status ${res.status}`);
      if (res.data.length > MAX_OUTPUT) throw new Error(`output ${res.data.length} over the limit`);
      if (res.trailing < 0 || res.trailing > input.length) throw new Error(`trailing ${res.trailing}`);
      if (res.status !== 'end') stats.errors++;
      if (i % 20 === 0) {
        const scanned = await scanBytes(input, 'model.joblib', { limits: { maxDecompressedBytes: 4 * MAX_OUTPUT } });
        const internal = scanned.findings.find((f) => f.ruleId === 'MSL003');
        if (internal) throw new Error(`scanner: ${internal.message}`);
      }
    } catch (e) {
      stats.failures.push(`lzma case ${i}: ${e instanceof Error ? e.stack?.split('\n').slice(0, 3).join(' | ') : String(e)}`);
    }
    stats.maxMs = Math.max(stats.maxMs, performance.now() - t);
    stats.cases++;
  }
  return stats;
}
