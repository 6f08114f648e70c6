// Mutated xz streams: our reader never throws or hangs, keeps its output within the limit, and
// reaches the same verdict as CPython's lzma.decompress (the same bytes when both succeed).
// Block headers are also mutated with their CRC32 recomputed, so the parsing behind the CRC is reached.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { decodeXz } from '../../../server/src/core/formats/compression/xzDecoder';
import { scanBytes } from '../../../server/src/core/scan';
import { xzOracle } from '../../fixtures/lzma/xzOracle';
import { osSystemPickle } from '../../fixtures/zip/pickles';
import { mutate, rng } from '../keras/fuzzCases';

const CASES = 2400;
const MAX_OUTPUT = 1 << 20;
// Hang guard only (not a speed assertion): a decoder stuck on one input shows up here.
const HANG_MS = 5000;
const STATUSES = new Set(['end', 'limit', 'stopped', 'truncated', 'corrupt']);

function seeds(): Uint8Array[] {
  const evil = Buffer.from(osSystemPickle()).toString('base64');
  const { cases } = xzOracle([
    { name: 'text', data: { kind: 'text', size: 6000, seed: 1 } },
    { name: 'crc32', data: { kind: 'far-repeats', size: 9000, seed: 2, block: 700 }, check: 'crc32' },
    { name: 'none', data: { kind: 'text', size: 5000, seed: 3 }, check: 'none' },
    { name: 'sha256', data: { kind: 'pickle', n: 20 }, check: 'sha256' },
    { name: 'random', data: { kind: 'random', size: 1500, seed: 4 } },
    { name: 'x86', data: { kind: 'bcj-soup', size: 3000, seed: 5 }, filters: [{ id: 'x86' }, { id: 'lzma2', dict_size: 65536 }], check: 'none' },
    { name: 'arm + delta', data: { kind: 'bcj-soup', size: 3000, seed: 6 }, filters: [{ id: 'arm', start_offset: 64 }, { id: 'delta', dist: 4 }, { id: 'lzma2', preset: 0 }] },
    { name: 'ia64', data: { kind: 'bcj-soup', size: 2000, seed: 7 }, filters: [{ id: 'ia64' }, { id: 'lzma2', lc: 1, lp: 3, pb: 0 }], check: 'crc32' },
    { name: 'evil', data: { kind: 'bytes', b64: evil } },
    { name: 'empty', data: { kind: 'bytes', b64: '' } },
  ]);
  const streams = cases.map((c) => c.stream);
  streams.push(Buffer.concat([cases[0]!.stream, Buffer.alloc(4), cases[8]!.stream]));
  return streams;
}

/** One byte of the first block header changed, its CRC32 made valid again. */
function mutateBlockHeader(s: Uint8Array, r: () => number): Uint8Array {
  const out = Buffer.from(s);
  if (out.length < 24 || out[12] === 0) return mutate(s, r);
  const size = (out[12]! + 1) * 4;
  const at = 13 + Math.floor(r() * (size - 5));
  out[at] = r() < 0.5 ? Math.floor(r() * 256) : out[at]! ^ (1 << Math.floor(r() * 8));
  out.writeUInt32LE(zlib.crc32(out.subarray(12, 12 + size - 4)), 12 + size - 4);
  return out;
}

it(`xz reader: ${CASES} mutated streams, no exception, bounded output, CPython's verdict`, async () => {
  const r = rng(0x7a);
  const base = seeds();
  const inputs: Uint8Array[] = [];
  for (let i = 0; i < CASES; i++) {
    const s = base[i % base.length]!;
    let m = i % 4 === 0 ? mutateBlockHeader(s, r) : mutate(s, r);
    if (i % 7 === 0) m = mutate(m, r);
    inputs.push(m);
  }
  const oracle = xzOracle([], [], inputs).verdicts;
  const failures: string[] = [];
  const disagreements: string[] = [];
  let maxMs = 0;
  let broken = 0;
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i]!;
    const t = performance.now();
    try {
      const res = decodeXz(input, MAX_OUTPUT);
      if (!STATUSES.has(res.status)) throw new Error(`status ${res.status}`);
      if (res.data.length > MAX_OUTPUT) throw new Error(`output ${res.data.length} over the limit`);
      if ((res.trailing ?? 0) < 0 || (res.trailing ?? 0) > input.length) throw new Error(`trailing ${res.trailing}`);
      if (res.status !== 'end') broken++;
      const theirs = oracle[i]!;
      // Past the limit our verdict is unknown; CPython ignores anything after the first stream's padding, we read on.
      const readOn = theirs.ok && res.data.length > theirs.data.length && Buffer.from(res.data).subarray(0, theirs.data.length).equals(theirs.data);
      const comparable = res.status !== 'limit' && !readOn;
      if (comparable && ((res.status === 'end') !== theirs.ok || (theirs.ok && !Buffer.from(res.data).equals(theirs.data)))) {
        disagreements.push(`case ${i}: ours ${res.status} ${res.detail ?? ''} (${res.data.length} bytes), CPython ${theirs.ok ? `ok (${theirs.data.length} bytes)` : theirs.error}`);
      }
      if (i % 25 === 0) {
        const scanned = await scanBytes(input, 'model.pkl.xz', { limits: { maxDecompressedBytes: 4 * MAX_OUTPUT } });
        const internal = scanned.findings.find((f) => f.ruleId === 'MSL003');
        if (internal) throw new Error(`scanner: ${internal.message}`);
      }
    } catch (e) {
      failures.push(`case ${i}: ${e instanceof Error ? e.stack?.split('\n').slice(0, 3).join(' | ') : String(e)}`);
    }
    maxMs = Math.max(maxMs, performance.now() - t);
  }
  assert.deepEqual(failures.slice(0, 5), []);
  assert.deepEqual(disagreements.slice(0, 5), []);
  assert.ok(broken > 1500, `mutations reach the error paths (${broken} broken streams)`);
  assert.ok(maxMs < HANG_MS, `slowest input took ${maxMs} ms`);
});
