// An xz block's filter chain: up to four filters, LZMA2 last; the others (delta, BCJ) only
// rearrange bytes, so decoding runs LZMA2 and then undoes the others from the last to the first.
// What is accepted follows liblzma: filter properties of the right size, LZMA2 only at the end.
import type { FilterFlags, HeaderProblem } from './headers';
import { arm64Bcj, armBcj, armThumbBcj, ia64Bcj, powerPcBcj, sparcBcj, X86Bcj, type BcjCoder } from './bcj';

export const FILTER_DELTA = 0x03;
export const FILTER_LZMA2 = 0x21;
const FILTER_RISCV = 0x0b;

const BCJ: Record<number, { name: string; make: () => BcjCoder }> = {
  0x04: { name: 'x86', make: () => new X86Bcj() },
  0x05: { name: 'PowerPC', make: powerPcBcj },
  0x06: { name: 'IA-64', make: ia64Bcj },
  0x07: { name: 'ARM', make: armBcj },
  0x08: { name: 'ARM-Thumb', make: armThumbBcj },
  0x09: { name: 'SPARC', make: sparcBcj },
  0x0a: { name: 'ARM64', make: arm64Bcj },
};

/** A byte transform between LZMA2 and the output: `update` returns what is final, `finish` the rest. */
export interface ByteFilter {
  update(chunk: Uint8Array): Uint8Array;
  finish(): Uint8Array;
}

export interface FilterChain {
  dictSize: number;
  /** Applied in this order to LZMA2's output. */
  filters: ByteFilter[];
  /** The chain as written, e.g. "x86 + LZMA2". */
  label: string;
}

/** LZMA2's dictionary size byte: 2^(n/2 + 12) or 3 * 2^((n-1)/2 + 11); 40 means 4 GiB - 1. */
export function lzma2DictSize(b: number): number | undefined {
  if (b > 40) return undefined;
  return b === 40 ? 0xffffffff : (2 | (b & 1)) * 2 ** (Math.floor(b / 2) + 11);
}

export function filterName(id: number): string {
  if (id === FILTER_LZMA2) return 'LZMA2';
  if (id === FILTER_DELTA) return 'delta';
  if (id === FILTER_RISCV) return 'RISC-V BCJ';
  return BCJ[id] ? `${BCJ[id].name} BCJ` : `filter 0x${id.toString(16)}`;
}

export function buildChain(flags: FilterFlags[]): FilterChain | HeaderProblem {
  const label = flags.map((f) => filterName(f.id)).join(' + ');
  const last = flags[flags.length - 1]!;
  const filters: ByteFilter[] = [];
  for (const f of flags.slice(0, -1).reverse()) {
    const made = makeFilter(f);
    if ('problem' in made) return made;
    filters.push(made);
  }
  if (last.id !== FILTER_LZMA2) return unknown(last.id) ?? { problem: `the block's filter chain (${label}) does not end with LZMA2` };
  const dictSize = last.props.length === 1 ? lzma2DictSize(last.props[0]!) : undefined;
  if (dictSize === undefined) return { problem: 'the block\'s LZMA2 dictionary size is not valid' };
  return { dictSize, filters, label };
}

function makeFilter(f: FilterFlags): ByteFilter | HeaderProblem {
  if (f.id === FILTER_DELTA) {
    if (f.props.length !== 1) return { problem: 'the block\'s delta filter properties are not valid' };
    return new DeltaFilter(f.props[0]! + 1);
  }
  const bcj = BCJ[f.id];
  if (!bcj) return unknown(f.id) ?? { problem: `LZMA2 comes before the end of the block's filter chain` };
  if (f.props.length !== 0 && f.props.length !== 4) return { problem: `the block's ${bcj.name} BCJ properties are not valid` };
  const coder = bcj.make();
  const start = f.props.length === 4 ? new DataView(f.props.buffer, f.props.byteOffset, 4).getUint32(0, true) : 0;
  if (start % coder.align !== 0) return { problem: `the ${bcj.name} BCJ start offset ${start} is not a multiple of ${coder.align}` };
  return new BcjFilter(coder, start);
}

/** Filters no decoder of ours implements (RISC-V BCJ from xz 5.6, IDs yet to be defined). */
function unknown(id: number): HeaderProblem | undefined {
  if (id === FILTER_LZMA2 || id === FILTER_DELTA || BCJ[id]) return undefined;
  return { problem: `the block uses ${filterName(id)}, which the scanner does not decode`, unsupported: true };
}

/** Delta: each byte was stored as its difference from the byte `distance` positions before. */
class DeltaFilter implements ByteFilter {
  private readonly history = new Uint8Array(256);
  private pos = 0;
  constructor(private readonly distance: number) {}
  update(chunk: Uint8Array): Uint8Array {
    const h = this.history;
    let pos = this.pos;
    for (let i = 0; i < chunk.length; i++) {
      const b = (chunk[i]! + h[(pos - this.distance) & 0xff]!) & 0xff;
      chunk[i] = b;
      h[pos & 0xff] = b;
      pos++;
    }
    this.pos = pos & 0xff;
    return chunk;
  }
  finish(): Uint8Array {
    return new Uint8Array(0);
  }
}

/** A BCJ coder over a stream: bytes it could not finish yet wait for the next chunk; at the end they pass unchanged. */
class BcjFilter implements ByteFilter {
  private pending = new Uint8Array(0);
  constructor(private readonly coder: BcjCoder, private pos: number) {}
  update(chunk: Uint8Array): Uint8Array {
    let buf = chunk;
    if (this.pending.length > 0) {
      buf = new Uint8Array(this.pending.length + chunk.length);
      buf.set(this.pending);
      buf.set(chunk, this.pending.length);
    }
    const done = this.coder.code(buf, this.pos);
    this.pos = (this.pos + done) >>> 0;
    this.pending = buf.slice(done);
    return buf.subarray(0, done);
  }
  finish(): Uint8Array {
    const rest = this.pending;
    this.pending = new Uint8Array(0);
    return rest;
  }
}
