// safetensors fuzzing: headers generated from random tensors, dtypes, offsets and metadata, plus
// byte mutations of the benign fixture. `fuzzSafetensors` is the long-run entry for `npm run fuzz`.
import { KNOWN_DTYPES } from '../../../server/src/core/formats/safetensors/dtypes';
import { benignSafetensors, writeSafetensors, type StTensor } from '../../fixtures/safetensors/writer';
import { fuzzScan, mutate, type FuzzStats, type Prng } from './fuzzCommon';

const JSON_BITS = ['{', '}', '[', ']', ',', ':', '"a"', '"__metadata__"', '1e999', '-0', '18446744073709551616', 'null', 'true', '"\\u0000"', '"\\ud800"', ' '];

function randomTensors(rng: Prng): StTensor[] {
  return Array.from({ length: rng.int(6) }, (_, i) => {
    const t: StTensor = {
      name: rng.chance(0.1) ? 'dup' : `t${i}`,
      dtype: rng.chance(0.85) ? rng.pick(KNOWN_DTYPES) : rng.pick(['Q4', '', 'f32', 'F128']),
      shape: Array.from({ length: rng.int(4) }, () => rng.int(6)),
    };
    if (rng.chance(0.3)) t.offsets = [rng.int(64), rng.chance(0.1) ? 1n << BigInt(rng.int(70)) : rng.int(64)];
    return t;
  });
}

export function generateSafetensors(rng: Prng, i: number): Uint8Array {
  if (i % 3 === 0) return mutate(rng, benignSafetensors());
  if (i % 3 === 1) {
    const meta = rng.chance(0.5) ? { k: rng.pick(['pt', 'import os', 'https://x.y', 'gAJjb3MKc3lzdGVtCnEAWAIAAABpZHEBhXECUnEDLg==', 3 as unknown as string]) } : undefined;
    return writeSafetensors(randomTensors(rng), { metadata: meta, dataLength: rng.chance(0.3) ? rng.int(100) : undefined, trailing: rng.chance(0.2) ? new Uint8Array(rng.int(20)) : undefined });
  }
  const raw = Array.from({ length: 1 + rng.int(40) }, () => rng.pick(JSON_BITS)).join('');
  return writeSafetensors([], { rawHeader: rng.chance(0.5) ? `{${raw}}` : raw, headerLength: rng.chance(0.1) ? BigInt(rng.int(1 << 20)) : undefined, dataLength: rng.int(16) });
}

export function fuzzSafetensors(cases: number, seed: number): Promise<FuzzStats> {
  return fuzzScan('fuzz.safetensors', cases, seed, generateSafetensors);
}
