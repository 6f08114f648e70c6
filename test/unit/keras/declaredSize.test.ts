// MSL777: HDF5 datasets declaring far more bytes than the file holds (CVE-2026-0897). The fixtures
// are written by test/fixtures/genuine-keras/generate_oversized.py (Debian's h5py); h5py is not
// needed here.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scanFile } from '../../../server/src/core/scan';
import { readH5Structure } from '../../../server/src/core/formats/keras/h5Isolated';
import { declaredSize, describeDtype, exceedsFile, humanBytes, judgeDeclaredSize, shapeText, SIZE_LIMITS } from '../../../server/src/core/formats/keras/h5Sizes';
import type { H5DatasetSize } from '../../../server/src/core/formats/keras/h5Types';
import { BufferByteSource } from '../../../server/src/core/io/byteSource';

const DIR = path.join(__dirname, '../../fixtures/genuine-keras');
const NEW_FIXTURES = new Set(['oversized_weights.h5', 'oversized_v3.keras', 'overflow_shape.h5', 'implausible_sizes.h5']);
const MiB = 1n << 20n;

function dataset(bytes: bigint, extra: Partial<H5DatasetSize> = {}): H5DatasetSize {
  return { path: '/w', dtype: 'float32', shape: [Number(bytes / 4n)], elementBytes: 4, declaredBytes: bytes, overflow: false, layout: 'chunked', filters: [], ...extra };
}

describe('declared sizes (pure)', () => {
  it('multiplies shapes exactly and flags 64-bit overflow', () => {
    assert.deepEqual(declaredSize([1_000_000, 1_000_000], 4), { elements: 1_000_000_000_000n, bytes: 4_000_000_000_000n, overflow: false });
    assert.deepEqual(declaredSize([], 8), { elements: 1n, bytes: 8n, overflow: false });
    assert.deepEqual(declaredSize([0, 5], 4), { elements: 0n, bytes: 0n, overflow: false });
    assert.equal(declaredSize([2 ** 40, 2 ** 40, 2 ** 40], 4).overflow, true);
    assert.equal(declaredSize([2 ** 32, 2 ** 31], 1).overflow, false); // 2^63 bytes fit
    assert.equal(declaredSize([2 ** 32, 2 ** 31], 2).overflow, true); // 2^64 bytes do not
    assert.equal(declaredSize([2 ** 32, 2 ** 32], 1).overflow, true); // 2^64 elements
  });

  it('records only what exceeds the file (or overflows) in the worker', () => {
    assert.equal(exceedsFile(declaredSize([100], 4), 400), false);
    assert.equal(exceedsFile(declaredSize([101], 4), 400), true);
    assert.equal(exceedsFile(declaredSize([2 ** 40, 2 ** 40, 2 ** 40], 4), 10 ** 15), true);
  });

  it('judges against 4x the file (1,100x when compressed), a 64 MiB floor and a 1 TiB cap', () => {
    const file = 100 * 1024 * 1024; // 100 MiB file: 4x = 400 MiB
    assert.equal(judgeDeclaredSize(dataset(400n * MiB), file), undefined);
    assert.deepEqual(judgeDeclaredSize(dataset(400n * MiB + 4n), file), { kind: 'ratio', limit: 400n * MiB });
    assert.equal(judgeDeclaredSize(dataset(1000n * MiB, { filters: ['deflate'] }), file), undefined);
    assert.deepEqual(judgeDeclaredSize(dataset(110_000n * MiB + 4n, { filters: ['deflate'] }), file), { kind: 'ratio', limit: 110_000n * MiB });
    assert.equal(judgeDeclaredSize(dataset(64n * MiB), 1000), undefined, 'floor');
    assert.deepEqual(judgeDeclaredSize(dataset(64n * MiB + 4n), 1000), { kind: 'ratio', limit: SIZE_LIMITS.floorBytes });
    assert.deepEqual(judgeDeclaredSize(dataset((1n << 40n) + 4n), 2 ** 41), { kind: 'cap', limit: 1n << 40n }, 'cap applies whatever the file size');
    assert.equal(judgeDeclaredSize(dataset(1n << 39n, { layout: 'virtual' }), 1000), undefined, 'virtual data lives elsewhere');
    assert.deepEqual(judgeDeclaredSize(dataset(8n, { overflow: true }), 1000), { kind: 'overflow' });
  });

  it('names dtypes, sizes and shapes for the evidence', () => {
    assert.equal(describeDtype(1, 4, false, false), 'float32');
    assert.equal(describeDtype(0, 8, true, false), 'int64');
    assert.equal(describeDtype(0, 1, false, false), 'uint8');
    assert.equal(describeDtype(3, 16, false, false), 'string(16)');
    assert.equal(describeDtype(6, 24, false, false), 'compound (24 bytes)');
    assert.equal(humanBytes(4_000_000_000_000n), '3.6 TiB');
    assert.equal(humanBytes(512n), '512 bytes');
    assert.equal(shapeText([1_000_000, 1_000_000]), '(1000000, 1000000)');
    assert.equal(shapeText([8]), '(8,)');
  });
});

describe('MSL777 on h5py-written files', () => {
  it('flags the 1,000,000 x 1,000,000 float32 kernel of a weights .h5 with its evidence', async () => {
    const r = await scanFile(path.join(DIR, 'oversized_weights.h5'));
    assert.equal(r.format, 'keras-h5');
    assert.deepEqual(r.findings.map((f) => `${f.ruleId}:${f.severity}`), ['MSL777:high']);
    const f = r.findings[0]!;
    assert.deepEqual(f.location, { kind: 'pointer', pointer: '/dense/dense/kernel:0' });
    assert.equal(f.evidence, '/dense/dense/kernel:0 float32 shape=(1000000, 1000000) declared=4000000000000 bytes file=8368 bytes layout=chunked (1000, 1000) filters=none');
    assert.match(f.message, /3\.6 TiB \(4000000000000 bytes\).*file of 8368 bytes.*CVE-2026-0897/);
    assert.equal(r.summary.facts?.hdf5Datasets, 2);
  });

  it('flags the model.weights.h5 nested in a .keras archive, located in that member', async () => {
    const r = await scanFile(path.join(DIR, 'oversized_v3.keras'));
    assert.equal(r.format, 'keras-v3');
    assert.deepEqual(r.findings.map((f) => `${f.ruleId}:${f.severity}`), ['MSL777:high']);
    const f = r.findings[0]!;
    assert.deepEqual(f.location, { kind: 'pointer', pointer: '/layers/dense/vars/0', members: ['model.weights.h5'] });
    assert.equal(f.evidence, '/layers/dense/vars/0 float32 shape=(1000000, 1000000) declared=4000000000000 bytes file=6504 bytes layout=chunked (1000, 1000) filters=none');
  });

  it('flags a shape whose element count overflows 64 bits', async () => {
    const r = await scanFile(path.join(DIR, 'overflow_shape.h5'));
    assert.deepEqual(r.findings.map((f) => `${f.ruleId}:${f.severity}`), ['MSL777:high']);
    assert.equal(r.findings[0]!.evidence, `/layers/dense/vars/0 float32 shape=(1099511627776, 1099511627776, 1099511627776) declared=${4n << 120n} bytes (overflows 64 bits) file=4496 bytes layout=chunked (1, 1, 1) filters=none`);
    assert.match(r.findings[0]!.message, /overflows 64 bits/);
  });

  it('judges mid-sized datasets against the file: 2 GiB high, 128 MiB medium, 32 MiB and a written compressed one not at all', async () => {
    const r = await scanFile(path.join(DIR, 'implausible_sizes.h5'));
    const got = r.findings.map((f) => `${f.ruleId}:${f.severity}:${f.location.kind === 'pointer' ? f.location.pointer : ''}`).sort();
    assert.deepEqual(got, ['MSL777:high:/layers/dense/vars/1', 'MSL777:medium:/layers/dense/vars/0']);
    const medium = r.findings.find((f) => f.severity === 'medium')!;
    assert.match(medium.message, /128\.0 MiB \(134217728 bytes\), more than 4 times the 10424 bytes of the whole file/);
    assert.equal(r.summary.facts?.hdf5Datasets, 4);
  });

  it('never fires on the other genuine Keras fixtures', async () => {
    const files = fs.readdirSync(DIR).filter((n) => /\.(h5|keras)$/.test(n) && !NEW_FIXTURES.has(n));
    assert.ok(files.length >= 7, files.join(', '));
    for (const file of files) {
      const r = await scanFile(path.join(DIR, file));
      assert.deepEqual(r.findings.filter((f) => f.ruleId === 'MSL777'), [], file);
    }
  });

  it('reads metadata only: the worker answers with a few KiB read and no allocation of the declared 4 TB', async () => {
    const before = process.memoryUsage().rss;
    const bytes = fs.readFileSync(path.join(DIR, 'oversized_weights.h5'));
    const s = await readH5Structure(new BufferByteSource(bytes), { maxAttributeBytes: 1 << 20, maxObjects: 100, timeoutMs: 20_000 });
    assert.equal(s.openError, undefined);
    assert.deepEqual(s.problems, []);
    assert.equal(s.datasets, 2);
    assert.deepEqual(s.oversized.map((d) => [d.path, d.declaredBytes, d.layout, d.chunks]), [['/dense/dense/kernel:0', 4_000_000_000_000n, 'chunked', [1000, 1000]]]);
    assert.ok(s.io.bytes < 64 * 1024, `read ${s.io.bytes} bytes`);
    const grew = process.memoryUsage().rss - before;
    assert.ok(grew < 1024 * 1024 * 1024, `resident memory grew by ${grew} bytes`);
  });
});
