// The index at the end of an xz stream: indicator 0x00, the number of records, one record per
// block (unpadded size, uncompressed size), zero padding to four bytes, CRC32 of all of it.
// It must list exactly the blocks that were decoded; records are compared through a digest
// (a CRC chain over the pairs), so memory stays constant whatever the number of blocks.
import * as zlib from 'node:zlib';
import type { ByteInput } from '../lzma/byteInput';
import { fail, ranOut, type XzStop } from './block';
import { decodeVarint } from './headers';

/** Records seen so far, as a count and an order-sensitive digest. */
export class RecordDigest {
  count = 0;
  private crc = 0;
  private readonly scratch = new Float64Array(2);
  add(unpadded: number, uncompressed: number): void {
    this.scratch[0] = unpadded;
    this.scratch[1] = uncompressed;
    this.crc = zlib.crc32(new Uint8Array(this.scratch.buffer), this.crc);
    this.count++;
  }
  equals(o: RecordDigest): boolean {
    return this.count === o.count && this.crc === o.crc;
  }
}

/** Bytes read through it are also added to a CRC32 (batched). */
class CrcTap {
  private crc = 0;
  private readonly batch = new Uint8Array(4096);
  private n = 0;
  size = 0;
  constructor(private readonly inp: ByteInput) {}
  byte(): number {
    const b = this.inp.byte();
    if (b >= 0) this.add(b);
    return b;
  }
  add(b: number): void {
    this.batch[this.n++] = b;
    this.size++;
    if (this.n === this.batch.length) this.drain();
  }
  value(): number {
    this.drain();
    return this.crc;
  }
  private drain(): void {
    if (this.n > 0) this.crc = zlib.crc32(this.batch.subarray(0, this.n), this.crc);
    this.n = 0;
  }
}

/** Reads the index whose indicator byte was just read; returns its size in bytes (for the footer's backward size). */
export function* readIndex(inp: ByteInput, blocks: RecordDigest): Generator<void, number | XzStop> {
  const tap = new CrcTap(inp);
  tap.add(0);
  const next = (): number => tap.byte();
  const count = decodeVarint(next);
  if (count === -2) return ranOut(inp, 'the stream index');
  if (count !== blocks.count) return fail(count < 0 ? 'the index\'s record count is not valid' : `the index lists ${count} blocks where the stream holds ${blocks.count}`);
  const listed = new RecordDigest();
  for (let i = 0; i < count; i++) {
    const unpadded = decodeVarint(next);
    const uncompressed = decodeVarint(next);
    if (unpadded === -2 || uncompressed === -2) return ranOut(inp, 'the stream index');
    if (unpadded < 0 || uncompressed < 0) return fail('an index record is not valid');
    listed.add(unpadded, uncompressed);
    if ((i & 0xffff) === 0xffff) yield;
  }
  if (!listed.equals(blocks)) return fail('the index records differ from the blocks decoded');
  while (tap.size % 4 !== 0) {
    const b = tap.byte();
    if (b < 0) return ranOut(inp, 'the stream index');
    if (b !== 0) return fail('the index padding is not zero');
  }
  const crc = tap.value();
  const stored = inp.read(4);
  if (stored.length < 4) return ranOut(inp, 'the stream index');
  if (new DataView(stored.buffer, stored.byteOffset, 4).getUint32(0, true) !== crc) return fail('the index\'s CRC32 does not match');
  return tap.size + 4;
}
