// GGUF fuzzing: random specs (every value type, nested arrays, count overrides, tensor infos with
// random dims/types/offsets, v1–v3) and byte mutations of the benign fixture. `fuzzGguf` is the
// long-run entry for `npm run fuzz`.
import { benignGguf, writeGguf, type GTensor, type GValue, type GgufSpec } from '../../fixtures/gguf/writer';
import { fuzzScan, mutate, type FuzzStats, type Prng } from '../safetensors/fuzzCommon';
import { MALICIOUS_TEMPLATES } from '../../fixtures/chatTemplate/templates';

const SCALARS = ['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'f32', 'bool', 'u64', 'i64', 'f64', 'string'] as const;

function randomValue(rng: Prng, depth = 0): GValue {
  const r = rng.int(10);
  if (r === 0 && depth < 2) return { type: 'array', of: 'array', values: Array.from({ length: rng.int(3) }, () => ({ type: 'array', of: 'u8', values: [rng.int(256)] })) };
  if (r === 1) return { type: 'array', of: rng.pick(SCALARS), values: Array.from({ length: rng.int(5) }, () => rng.int(100)) };
  if (r === 2) return { type: 'raw', id: rng.int(16), bytes: Uint8Array.from(Array.from({ length: rng.int(12) }, () => rng.int(256))) };
  const type = rng.pick(SCALARS);
  if (type === 'string') return { type, value: rng.pick(['llama', 'x'.repeat(rng.int(100)), MALICIOUS_TEMPLATES.cyclerGlobalsPopen!.template]) };
  if (type === 'u64' || type === 'i64') return { type, value: BigInt(rng.int(1000)) };
  return { type, value: type === 'bool' ? rng.int(3) : rng.int(100) };
}

function randomSpec(rng: Prng): GgufSpec {
  const keys = ['general.architecture', 'general.alignment', 'tokenizer.chat_template', 'tokenizer.chat_template.x', 'a.b', 'a.b'];
  const tensors: GTensor[] = Array.from({ length: rng.int(5) }, (_, i) => ({
    name: rng.chance(0.1) ? 'same' : `t${i}`,
    dims: Array.from({ length: rng.int(6) }, () => (rng.chance(0.05) ? 1n << BigInt(40 + rng.int(24)) : rng.int(300))),
    type: rng.pick([0, 1, 2, 8, 12, 30, 4, 99]),
    offset: rng.chance(0.3) ? BigInt(rng.int(4096)) : undefined,
  }));
  return {
    version: rng.pick([1, 2, 3, 3, 3, 0, 7]),
    kvs: Array.from({ length: rng.int(6) }, () => [rng.pick(keys), randomValue(rng)] as [string, GValue]),
    tensors,
    alignment: rng.pick([32, 64, 24]),
    tensorCountOverride: rng.chance(0.05) ? BigInt(rng.int(1 << 30)) : undefined,
    kvCountOverride: rng.chance(0.05) ? BigInt(rng.int(1 << 30)) : undefined,
    dataBytes: rng.int(2048),
    truncateAt: rng.chance(0.1) ? rng.int(300) : undefined,
  };
}

export function generateGguf(rng: Prng, i: number): Uint8Array {
  return i % 2 === 0 ? mutate(rng, benignGguf()) : writeGguf(randomSpec(rng));
}

export function fuzzGguf(cases: number, seed: number): Promise<FuzzStats> {
  return fuzzScan('fuzz.gguf', cases, seed, generateGguf);
}
