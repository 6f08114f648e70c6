// Seeded property-based generation and mutation for the Keras parsers: the marshal reader, the
// config walker/checks and the confined HDF5 reader. `npm run fuzz` can call these with more cases.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readMarshal } from '../../../server/src/core/formats/keras/marshal';
import { checkKerasConfig } from '../../../server/src/core/formats/keras/configChecks';
import { readH5Structure } from '../../../server/src/core/formats/keras/h5Isolated';
import { BufferByteSource } from '../../../server/src/core/io/byteSource';
import { ruleById } from '../../../server/src/core/rules';
import { HARMLESS, OS_SYSTEM, b64, dense, lambdaLayer, marshalCode, sequential } from '../../fixtures/keras/marshal';

export interface FuzzStats { cases: number; maxMs: number; failures: string[] }

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function mutate(bytes: Uint8Array, r: () => number): Uint8Array {
  const out = Uint8Array.from(bytes);
  const kind = Math.floor(r() * 4);
  if (kind === 0) return out.subarray(0, Math.floor(r() * out.length));
  const flips = 1 + Math.floor(r() * 8);
  for (let i = 0; i < flips; i++) {
    const at = Math.floor(r() * out.length);
    out[at] = kind === 1 ? Math.floor(r() * 256) : kind === 2 ? out[at]! ^ (1 << Math.floor(r() * 8)) : [0, 0xff, 0x7f, 0x80][Math.floor(r() * 4)]!;
  }
  return out;
}

function timed(stats: FuzzStats, label: string, f: () => void): void {
  const t = performance.now();
  try {
    f();
  } catch (e) {
    stats.failures.push(`${label}: ${e instanceof Error ? e.stack?.split('\n').slice(0, 3).join(' | ') : String(e)}`);
  }
  stats.maxMs = Math.max(stats.maxMs, performance.now() - t);
  stats.cases++;
}

export function fuzzMarshal(cases: number, seed: number): FuzzStats {
  const r = rng(seed);
  const stats: FuzzStats = { cases: 0, maxMs: 0, failures: [] };
  const seeds = [marshalCode(OS_SYSTEM), marshalCode(HARMLESS, '3.8'), marshalCode(OS_SYSTEM, '3.7')];
  for (let i = 0; i < cases; i++) {
    const input = i % 5 === 0 ? Uint8Array.from({ length: Math.floor(r() * 64) }, () => Math.floor(r() * 256)) : mutate(seeds[i % seeds.length]!, r);
    timed(stats, `marshal case ${i}`, () => {
      const res = readMarshal(input);
      if ((res.value === undefined) === (res.error === undefined)) throw new Error('result must hold a value or an error');
    });
  }
  return stats;
}

function randomJson(r: () => number, depth: number): unknown {
  const pick = Math.floor(r() * (depth > 6 ? 4 : 9));
  const strings = ['Lambda', '__lambda__', 'function', 'Dense', 'keras.layers', 'os', 'builtins', 'get_file', '/etc/passwd', 'https://x', 'TFSMLayer', 'StringLookup', b64(OS_SYSTEM), 'config', 'layers', 'class_name'];
  switch (pick) {
    case 0: return null;
    case 1: return r() * 100;
    case 2: return r() < 0.5;
    case 3: return strings[Math.floor(r() * strings.length)];
    case 4: case 5: return Array.from({ length: Math.floor(r() * 4) }, () => randomJson(r, depth + 1));
    default: {
      const keys = ['class_name', 'config', 'module', 'registered_name', 'layers', 'layer', 'function', 'vocabulary', 'name', 'code', 'filepath', 'backward_layer'];
      const o: Record<string, unknown> = {};
      for (let k = 0; k < 1 + Math.floor(r() * 4); k++) o[keys[Math.floor(r() * keys.length)]!] = randomJson(r, depth + 1);
      return o;
    }
  }
}

export function fuzzKerasConfig(cases: number, seed: number): FuzzStats {
  const r = rng(seed);
  const stats: FuzzStats = { cases: 0, maxMs: 0, failures: [] };
  const seedText = JSON.stringify(sequential([dense('d'), lambdaLayer([b64(OS_SYSTEM), null, null])]));
  for (let i = 0; i < cases; i++) {
    let cfg: unknown;
    if (i % 2 === 0) cfg = randomJson(r, 0);
    else {
      const m = Buffer.from(mutate(Buffer.from(seedText), r)).toString('latin1');
      try { cfg = JSON.parse(m); } catch { cfg = randomJson(r, 0); }
    }
    timed(stats, `config case ${i}`, () => {
      const rep = checkKerasConfig(cfg, '', 1 << 20, r() < 0.5);
      for (const issue of rep.issues) if (!ruleById(issue.rule.id)) throw new Error(`unknown rule ${issue.rule.id}`);
    });
  }
  return stats;
}

const GENUINE = path.join(__dirname, '../../fixtures/genuine-keras');

/**
 * Mutated genuine HDF5 files through the isolated reader: it always answers (a structure, an
 * open error, or a timeout when the library hangs), and the process survives aborts and hangs.
 */
export async function fuzzH5(cases: number, seed: number, timeoutMs = 2000): Promise<FuzzStats & { opened: number; refused: number; hangs: number; aborts: number }> {
  const r = rng(seed);
  const stats = { cases: 0, maxMs: 0, failures: [] as string[], opened: 0, refused: 0, hangs: 0, aborts: 0 };
  const files = fs.readdirSync(GENUINE).filter((f) => f.endsWith('.h5')).map((f) => fs.readFileSync(path.join(GENUINE, f)));
  for (let i = 0; i < cases; i++) {
    const input = mutate(files[i % files.length]!, r);
    const t = performance.now();
    try {
      const s = await readH5Structure(new BufferByteSource(input), { maxAttributeBytes: 1 << 20, maxObjects: 1000, timeoutMs });
      if (!s.openError) stats.opened++;
      else if (s.openError.includes('hangs')) stats.hangs++;
      else if (s.openError.includes('aborted') || s.openError.includes('crashed')) stats.aborts++;
      else stats.refused++;
      if (s.openError === undefined && !Array.isArray(s.attributeNames)) throw new Error('ill-formed structure');
    } catch (e) {
      stats.failures.push(`h5 case ${i}: ${e instanceof Error ? e.message : String(e)}`);
    }
    stats.maxMs = Math.max(stats.maxMs, performance.now() - t);
    stats.cases++;
  }
  return stats;
}
