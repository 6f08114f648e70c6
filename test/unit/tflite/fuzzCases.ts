// Seeded generation and mutation for the TFLite reader (`npm run fuzz` can call with more cases).
import { parseTflite } from '../../../server/src/core/formats/tflite/model';
import { BufferByteSource } from '../../../server/src/core/io/byteSource';
import { benignTflite, buildTflite, flexTflite } from '../../fixtures/tflite/writer';
import { mutate, rng, type FuzzStats } from '../keras/fuzzCases';

export function fuzzTflite(cases: number, seed: number): FuzzStats {
  const r = rng(seed);
  const stats: FuzzStats = { cases: 0, maxMs: 0, failures: [] };
  const seeds = [benignTflite(), flexTflite()];
  for (let i = 0; i < cases; i++) {
    let input: Uint8Array;
    if (i % 4 === 0) {
      const n = 1 + Math.floor(r() * 6);
      input = buildTflite({
        version: Math.floor(r() * 5),
        opcodes: Array.from({ length: n }, () => (r() < 0.3 ? { builtin: 32, custom: r() < 0.5 ? 'FlexWriteFile' : 'Op' } : { builtin: Math.floor(r() * 200) })),
        operators: Array.from({ length: Math.floor(r() * 10) }, () => Math.floor(r() * (n + 2))),
        buffers: [{}, { offset: BigInt(Math.floor(r() * 1e6)), size: BigInt(Math.floor(r() * 1e6)) }],
        tensors: [0, Math.floor(r() * 4)],
      });
      if (r() < 0.5) input = mutate(input, r);
    } else input = mutate(seeds[i % 2]!, r);
    const t = performance.now();
    try {
      const m = parseTflite(new BufferByteSource(input), { maxItems: 100_000, timeUp: () => false });
      if (!Array.isArray(m.problems) || m.opcodes.some((o) => typeof o.name !== 'string')) throw new Error('ill-formed result');
    } catch (e) {
      stats.failures.push(`tflite case ${i}: ${e instanceof Error ? e.message : String(e)}`);
    }
    stats.maxMs = Math.max(stats.maxMs, performance.now() - t);
    stats.cases++;
  }
  return stats;
}
