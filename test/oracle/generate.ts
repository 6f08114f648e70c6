// Reproducible oracle cases: every case is a pure function of (seed, index, seed files).
import { Prng, caseSeed } from './prng';
import { concat, frame, proto, STOP } from './emit';
import { Machine } from './machine';
import { runTemplate } from './templates';
import { chaosInstruction } from './chaos';
import { mutate } from './mutate';

export interface OracleCase {
  /** `seed:index`, or a name for hand-written and fixture cases. */
  id: string;
  kind: string;
  bytes: Uint8Array;
}

type Strategy = 'program' | 'template' | 'chaos' | 'mutant' | 'random';

export function generateCase(seed: number, index: number, seeds: readonly Uint8Array[] = []): OracleCase {
  const r = new Prng(caseSeed(seed, index));
  const kind = r.weighted<Strategy>([[50, 'program'], [18, 'template'], [10, 'chaos'], [17, 'mutant'], [5, 'random']]);
  let bytes: Uint8Array;
  switch (kind) {
    case 'program':
    case 'template':
      bytes = stream(r, kind === 'template');
      break;
    case 'chaos':
      bytes = chaos(r);
      break;
    case 'mutant': {
      const pick = (): Uint8Array => (seeds.length && r.chance(0.4) ? r.pick(seeds) : stream(r, r.chance(0.5)));
      bytes = mutate(r, pick(), pick());
      break;
    }
    case 'random':
      bytes = concat([r.chance(0.5) ? proto(r.int(6)) : new Uint8Array(0), r.bytes(1 + r.int(64))]);
      break;
  }
  return { id: `${seed}:${index}`, kind, bytes };
}

export function generateCases(seed: number, start: number, count: number, seeds: readonly Uint8Array[] = []): OracleCase[] {
  const out: OracleCase[] = [];
  for (let i = start; i < start + count; i++) out.push(generateCase(seed, i, seeds));
  return out;
}

/** One or more pickles (stacked), sometimes framed, sometimes truncated. */
function stream(r: Prng, template: boolean): Uint8Array {
  const parts = [onePickle(r, template)];
  while (r.chance(0.15) && parts.length < 4) parts.push(onePickle(r, r.chance(0.3)));
  const bytes = concat(parts);
  return r.chance(0.06) && bytes.length > 1 ? bytes.subarray(0, 1 + r.int(bytes.length - 1)) : bytes;
}

function onePickle(r: Prng, template: boolean): Uint8Array {
  const header = r.chance(0.8);
  const p = header ? r.weighted<number>([[1, 0], [1, 1], [4, 2], [2, 3], [4, 4], [2, 5], [0.3, 6 + r.int(250)]]) : 0;
  const m = new Machine(r, p);
  const steps = 1 + r.int(20);
  const templateAt = template ? r.int(steps) : -1;
  for (let i = 0; i < steps; i++) {
    if (i === templateAt) runTemplate(r, m);
    else if (r.chance(0.03)) m.emit(chaosInstruction(r));
    else m.step();
  }
  const body = m.out;
  if (r.chance(0.9)) body.push(STOP);
  const framed = (p >= 4 && r.chance(0.5)) || r.chance(0.05) ? frames(r, body) : body;
  return concat(header ? [proto(p), ...framed] : framed);
}

/** Wraps instructions in FRAMEs: right lengths mostly, some short, long, huge or mid-instruction. */
function frames(r: Prng, ins: Uint8Array[]): Uint8Array[] {
  if (r.chance(0.15)) {
    // A frame boundary that cuts an instruction in two.
    const flat = concat(ins);
    const cut = r.int(flat.length + 1);
    return [frame(cut), flat.subarray(0, cut), frame(flat.length - cut), flat.subarray(cut)];
  }
  const out: Uint8Array[] = [];
  let i = 0;
  while (i < ins.length) {
    const n = 1 + r.int(ins.length - i);
    const group = ins.slice(i, i + n);
    i += n;
    if (r.chance(0.15)) {
      out.push(...group); // unframed stretch
      continue;
    }
    const size = group.reduce((s, b) => s + b.length, 0);
    const length = r.weighted<number | bigint>([
      [14, size], [2, Math.max(0, size - 1 - r.int(4))], [2, size + 1 + r.int(8)], [1, 0],
      [0.5, 0xffffffffffffffffn], [0.5, 2n ** 62n],
    ]);
    out.push(frame(length), ...group);
  }
  return out;
}

function chaos(r: Prng): Uint8Array {
  const parts: Uint8Array[] = r.chance(0.6) ? [proto(r.int(7))] : [];
  const n = 1 + r.int(30);
  for (let i = 0; i < n; i++) parts.push(chaosInstruction(r));
  if (r.chance(0.7)) parts.push(STOP);
  return concat(parts);
}
