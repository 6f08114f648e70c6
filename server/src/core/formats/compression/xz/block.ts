// One xz block: header, LZMA2 data through the filter chain, padding to four bytes, the check.
// Declared sizes are verified, never used to size anything; output goes to the run's meter,
// which stops at the output limit.
import type { ByteInput } from '../lzma/byteInput';
import type { StreamStatus } from '../lzma/decoder';
import { lzma2Slices } from '../lzma/lzma2';
import type { ChunkSink } from '../lzma/window';
import { checkName, checkSize, newCheck } from './checks';
import { buildChain, type ByteFilter } from './filters';
import { parseBlockHeader } from './headers';

/** Bytes a filter may hold back (an IA-64 bundle): LZMA2 may run this far past the output limit. */
const FILTER_LOOKAHEAD = 16;

export interface XzOutcome {
  status: StreamStatus;
  detail?: string;
  /** The stream is valid but uses something the scanner does not decode. */
  unsupported?: boolean;
}

/** Any outcome but a clean end. */
export type XzStop = XzOutcome & { status: Exclude<StreamStatus, 'end'> };

export interface BlockDone {
  status: 'end';
  /** Header + compressed data + check: what the index records. */
  unpadded: number;
  uncompressed: number;
}

/** All output of a run: stops at `limit` bytes, or when the receiver refuses. */
export class OutputMeter {
  produced = 0;
  hitLimit = false;
  stopped = false;
  constructor(private readonly sink: ChunkSink, readonly limit: number) {}

  get room(): number {
    return this.limit - this.produced;
  }

  push(chunk: Uint8Array): boolean {
    if (this.hitLimit || this.stopped) return false;
    let part = chunk;
    if (chunk.length > this.room) {
      part = chunk.subarray(0, this.room);
      this.hitLimit = true;
    }
    this.produced += part.length;
    if (part.length > 0 && !this.sink(part)) this.stopped = true;
    return !this.hitLimit && !this.stopped;
  }

  /** Why output stopped, when it did. */
  outcome(): XzStop | undefined {
    return this.stopped ? { status: 'stopped' } : this.hitLimit ? { status: 'limit' } : undefined;
  }
}

export const fail = (detail: string, unsupported?: boolean): XzStop => ({ status: 'corrupt', detail, ...(unsupported ? { unsupported } : {}) });

/** The input ran out (or hit the block's declared compressed size) inside `what`. */
export function ranOut(inp: ByteInput, what: string): XzStop {
  return inp.exhausted ? { status: 'truncated', detail: `the compressed data ends inside ${what}` } : fail(`${what} runs past the block's declared compressed size`);
}

/** Decodes the block whose header size byte (non-zero) was just read. */
export function* blockSlices(inp: ByteInput, sizeByte: number, check: number, out: OutputMeter): Generator<void, BlockDone | XzStop> {
  const size = (sizeByte + 1) * 4;
  const rest = inp.read(size - 1);
  if (rest.length < size - 1) return ranOut(inp, 'a block header');
  const raw = new Uint8Array(size);
  raw[0] = sizeByte;
  raw.set(rest, 1);
  const header = parseBlockHeader(raw);
  if ('problem' in header) return fail(header.problem, header.unsupported);
  const chain = buildChain(header.filters);
  if ('problem' in chain) return fail(chain.problem, chain.unsupported);

  const hasher = newCheck(check);
  const declared = header.uncompressedSize;
  let produced = 0;
  let oversize = false;
  const emit = (chunk: Uint8Array): boolean => {
    let part = chunk;
    if (declared !== undefined && produced + chunk.length > declared) {
      part = chunk.subarray(0, declared - produced);
      oversize = true;
    }
    produced += part.length;
    hasher?.update(part);
    return out.push(part) && !oversize;
  };
  const sink: ChunkSink = (chunk) => emit(runFilters(chain.filters, chunk));

  const dataStart = inp.position;
  if (header.compressedSize !== undefined) inp.end = dataStart + header.compressedSize;
  const windowLimit = out.room + (chain.filters.length > 0 ? FILTER_LOOKAHEAD : 0);
  const r = yield* lzma2Slices(inp, chain.dictSize, windowLimit, sink);
  inp.end = Infinity;
  const accepted = r.status === 'end' && emit(finishFilters(chain.filters));
  const stopped = out.outcome();
  if (oversize) return fail(`a block decodes to more than its declared ${declared} bytes`);
  if (stopped) return stopped;
  if (r.status !== 'end') return r.status === 'stopped' || r.status === 'limit' ? { status: r.status } : { status: r.status, ...(r.detail ? { detail: r.detail } : {}) };
  if (!accepted) return { status: 'stopped' };

  const compressed = inp.position - dataStart;
  if (header.compressedSize !== undefined && compressed !== header.compressedSize) {
    return fail(`a block's LZMA2 data takes ${compressed} bytes where its header declares ${header.compressedSize}`);
  }
  if (declared !== undefined && produced !== declared) return fail(`a block decodes to ${produced} bytes where its header declares ${declared}`);
  const pad = inp.read((4 - (compressed % 4)) % 4);
  if (pad.length < (4 - (compressed % 4)) % 4) return ranOut(inp, 'a block\'s padding');
  if (pad.some((b) => b !== 0)) return fail('a block\'s padding is not zero');
  const stored = inp.read(checkSize(check));
  if (stored.length < checkSize(check)) return ranOut(inp, 'a block\'s check');
  const computed = hasher?.digest();
  if (computed && !sameBytes(computed, stored)) {
    return fail(`the ${checkName(check)} check of a block does not match its content (stored ${hex(stored)}, computed ${hex(computed)})`);
  }
  return { status: 'end', unpadded: size + compressed + stored.length, uncompressed: produced };
}

function runFilters(filters: ByteFilter[], chunk: Uint8Array): Uint8Array {
  let data = chunk;
  for (const f of filters) data = f.update(data);
  return data;
}

/** The bytes every filter still holds, each passed through the filters after it. */
function finishFilters(filters: ByteFilter[]): Uint8Array {
  let carry: Uint8Array = new Uint8Array(0);
  for (const f of filters) {
    const head = f.update(carry);
    const tail = f.finish();
    carry = concat(head, tail);
  }
  return carry;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
