// Minimises a diverging stream: drop instructions (coarse to fine), then single bytes, while a
// chosen divergence persists. Every candidate round is one oracle batch.
import { concat } from './emit';
import { splitInstructions } from './opcodes';
import { stillMisses } from './runner';
import type { Divergence } from './compare';

const MAX_ROUNDS = 400;

export async function shrinkCase(bytes: Uint8Array, divergences: readonly Divergence[]): Promise<Uint8Array> {
  const targets = new Set(divergences.map((d) => `${d.pair.module}\u0000${d.pair.name}`));
  const fails = (cands: Uint8Array[]): Promise<boolean[]> => stillMisses(cands, targets);
  let best = bytes;
  let rounds = 0;
  for (let pass = 0; pass < 2; pass++) {
    const before = best.length;
    best = await dropChunks(splitInstructions(best), fails, () => ++rounds < MAX_ROUNDS);
    best = await dropBytes(best, fails, () => ++rounds < MAX_ROUNDS);
    if (best.length === before) break;
  }
  return best;
}

type Fails = (cands: Uint8Array[]) => Promise<boolean[]>;

async function dropChunks(chunks: Uint8Array[], fails: Fails, budget: () => boolean): Promise<Uint8Array> {
  let n = Math.max(1, Math.ceil(chunks.length / 2));
  while (chunks.length > 1 && budget()) {
    const cands: Uint8Array[][] = [];
    for (let i = 0; i < chunks.length; i += n) cands.push([...chunks.slice(0, i), ...chunks.slice(i + n)]);
    const verdict = await fails(cands.map((c) => concat(c)));
    const hit = verdict.indexOf(true);
    if (hit >= 0) {
      chunks = cands[hit]!;
      n = Math.min(n, Math.max(1, Math.ceil(chunks.length / 2)));
    } else if (n > 1) n = Math.max(1, Math.floor(n / 2));
    else break;
  }
  return concat(chunks);
}

/** Byte-level ddmin: delete runs of bytes, halving the run length when nothing can go. */
async function dropBytes(bytes: Uint8Array, fails: Fails, budget: () => boolean): Promise<Uint8Array> {
  let best = bytes;
  let run = 2 ** Math.floor(Math.log2(Math.max(1, best.length / 2)));
  while (run >= 1 && best.length > 1 && budget()) {
    const cands: Uint8Array[] = [];
    for (let i = 0; i < best.length && cands.length < 400; i += run) {
      cands.push(concat([best.subarray(0, i), best.subarray(i + run)]));
    }
    const hit = (await fails(cands)).indexOf(true);
    if (hit >= 0) best = cands[hit]!;
    else run = Math.floor(run / 2);
  }
  return best;
}
