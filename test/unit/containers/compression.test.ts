import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as zlib from 'node:zlib';
import { isBzip2, isGzip, isLzmaAlone, isXz, isZlib } from '../../../server/src/core/formats/compression/magic';
import { decompressRange } from '../../../server/src/core/formats/compression/bounded';
import { BufferByteSource } from '../../../server/src/core/io/byteSource';
import { buildZip } from '../../fixtures/zip/writer';
import { byRule, one, scan } from './helpers';

const payload = Buffer.from('model weights '.repeat(500));
const streams = {
  zlib: zlib.deflateSync(payload),
  gzip: zlib.gzipSync(payload),
  bzip2: execFileSync('bzip2', ['-c'], { input: payload }),
  xz: execFileSync('xz', ['-c'], { input: payload }),
  lzma: execFileSync('xz', ['--format=lzma', '-c'], { input: payload }),
};

describe('compressed stream signatures', () => {
  it('recognise each stream and nothing else', () => {
    const tests = { zlib: isZlib, gzip: isGzip, bzip2: isBzip2, xz: isXz, lzma: isLzmaAlone };
    for (const [kind, test] of Object.entries(tests)) {
      for (const [other, bytes] of Object.entries(streams)) assert.equal(test(bytes), kind === other, `${kind} on ${other}`);
      assert.equal(test(Buffer.from('x^ plain text that starts like zlib')), false);
      assert.equal(test(Buffer.from([0x80, 0x02, 0x7d, 0x2e])), false);
    }
  });
});

describe('bounded decompression', () => {
  it('decodes every codec, stops at a cap and reports truncation', async () => {
    const opts = { cap: Number.MAX_SAFE_INTEGER, maxRatio: 1000, take: () => true };
    for (const codec of ['zlib', 'gzip', 'bzip2', 'xz', 'lzma'] as const) {
      const bytes = streams[codec];
      const full = await decompressRange(codec, new BufferByteSource(bytes), 0, bytes.length, opts);
      assert.deepEqual([full.stop, Buffer.from(full.data).equals(payload)], ['end', true], codec);
      const capped = await decompressRange(codec, new BufferByteSource(bytes), 0, bytes.length, { ...opts, cap: 10 });
      assert.deepEqual([capped.stop, Buffer.from(capped.data).toString()], ['cap', 'model weig'], codec);
      const cut = await decompressRange(codec, new BufferByteSource(bytes.subarray(0, bytes.length - 8)), 0, bytes.length - 8, opts);
      assert.equal(cut.stop, 'error', codec);
    }
  });

  it('abandons a bomb at the ratio limit with bounded output', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024));
    const r = await decompressRange('gzip', new BufferByteSource(bomb), 0, bomb.length, { cap: Number.MAX_SAFE_INTEGER, maxRatio: 50, take: () => true });
    assert.equal(r.stop, 'ratio');
    assert.ok(r.data.length <= 50 * bomb.length + 64 * 1024, `${r.data.length}`);
  });
});

describe('compressed files through the scanner', () => {
  it('routes the payload one level deeper as <decompressed>', async () => {
    const evilZip = buildZip([{ name: '../escape.txt', data: 'x' }]).bytes;
    for (const [codec, bytes] of Object.entries({ gzip: zlib.gzipSync(evilZip), zlib: zlib.deflateSync(evilZip), bzip2: execFileSync('bzip2', ['-c'], { input: evilZip }), xz: execFileSync('xz', ['-c'], { input: evilZip }), lzma: execFileSync('xz', ['--format=lzma', '-c'], { input: evilZip }) })) {
      const r = await scan(bytes, `model.joblib`);
      assert.equal(r.format, codec);
      const f = one(r, 'MSL711');
      assert.deepEqual(f.location.kind === 'bytes' && f.location.members, ['<decompressed>'], codec);
      assert.equal(r.summary.facts!.decompressedBytes, evilZip.length);
    }
  });

  it('bombs, corrupt streams and undecodable LZMA-alone headers are findings', async () => {
    const bomb = await scan(zlib.gzipSync(Buffer.alloc(30 * 1024 * 1024)), 'x.pkl.gz', { maxCompressionRatio: 100 });
    assert.match(one(bomb, 'MSL714').message, /^The gzip stream expanded to \d+ bytes from \d+ compressed bytes read, over the ratio limit 100/);
    assert.equal(one(bomb, 'MSL001').evidence, 'maxCompressionRatio=100');
    const corrupt = await scan(streams.xz.subarray(0, streams.xz.length - 12), 'x.pkl.xz');
    assert.match(one(corrupt, 'MSL710').message, /^The xz stream is corrupt or truncated after \d+ decompressed bytes/);
    const lzma = await scan(streams.lzma, 'model.joblib');
    assert.deepEqual([lzma.format, byRule(lzma, 'MSL715'), lzma.summary.facts!.decompressedBytes], ['lzma', [], payload.length]);
    const badProps = Buffer.concat([Buffer.from([0xe1]), streams.lzma.subarray(1)]);
    const f = one(await scan(badProps, 'model.lzma'), 'MSL715');
    assert.equal(f.severity, 'medium');
    assert.match(f.evidence!, /^lzma-alone properties 0xe1, dictionary \d+ bytes$/);
    const budget = await scan(zlib.gzipSync(Buffer.alloc(4 * 1024 * 1024, 1)), 'x.gz', { maxDecompressedBytes: 1024 * 1024 });
    assert.ok(byRule(budget, 'MSL001').some((x) => x.evidence === 'maxDecompressedBytes=1048576'));
  });
});
