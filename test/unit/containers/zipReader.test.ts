import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BufferByteSource } from '../../../server/src/core/io/byteSource';
import { DEFAULT_LIMITS } from '../../../server/src/core/limits';
import { looksLikeZip, readZip } from '../../../server/src/core/formats/archive/zip';
import { classifyZip } from '../../../server/src/core/formats/archive/zipFlavour';
import { unsafeNameReason } from '../../../server/src/core/formats/archive/zipChecks';
import { buildZip } from '../../fixtures/zip/writer';
import { plainPickle } from '../../fixtures/zip/pickles';

const src = (b: Uint8Array) => new BufferByteSource(b, 0);

describe('zip reader', () => {
  it('reads names, methods and absolute data offsets', () => {
    const z = buildZip([
      { name: 'm/data.pkl', data: plainPickle(), align: 64 },
      { name: 'm/notes.txt', data: 'x'.repeat(500), method: 8, dataDescriptor: true },
    ]);
    const zip = readZip(src(z.bytes), DEFAULT_LIMITS)!;
    assert.equal(zip.startDelta, 0);
    assert.deepEqual(zip.entries.map((e) => [e.name, e.method]), [['m/data.pkl', 0], ['m/notes.txt', 8]]);
    assert.deepEqual(zip.members.map((m) => m.data!.start), z.entries.map((e) => e.dataOffset));
    assert.equal(zip.members[0]!.data!.start % 64, 0);
    assert.deepEqual(zip.problems, []);
  });

  it('tolerates prepended bytes and shifts every offset by them', () => {
    const z = buildZip([{ name: 'a/data.pkl', data: plainPickle() }, { name: 'a/version', data: '3\n' }], { prepend: new Uint8Array(1024).fill(0x41) });
    const zip = readZip(src(z.bytes), DEFAULT_LIMITS)!;
    assert.equal(zip.startDelta, 1024);
    assert.deepEqual(zip.members.map((m) => m.data!.start), z.entries.map((e) => e.dataOffset));
    assert.equal(zip.entries[0]!.localHeaderOffset, 1024);
  });

  it('reads zip64 end records and extra fields', () => {
    const z = buildZip([{ name: 'a', data: 'hello' }, { name: 'b', data: 'zz'.repeat(100), method: 8 }], { zip64: true });
    const zip = readZip(src(z.bytes), DEFAULT_LIMITS)!;
    assert.equal(zip.zip64, true);
    assert.deepEqual(zip.entries.map((e) => [e.name, e.uncompressedSize, e.localHeaderOffset]), [['a', 5, 0], ['b', 200, z.entries[1]!.localOffset]]);
  });

  it('reports an end record whose count disagrees with the directory', () => {
    const z = buildZip([{ name: 'a', data: '1' }, { name: 'b', data: '2' }], { declaredEntries: 1 });
    const zip = readZip(src(z.bytes), DEFAULT_LIMITS)!;
    assert.equal(zip.entries.length, 2, 'both records are read');
    assert.equal(zip.problems.length, 1);
    assert.equal(zip.problems[0]!.rule.id, 'MSL710');
    assert.match(zip.problems[0]!.init.message, /counts 1 entries but the central directory holds 2/);
  });

  it('stops at maxArchiveEntries', () => {
    const z = buildZip(Array.from({ length: 10 }, (_, i) => ({ name: `f${i}`, data: 'x' })));
    const zip = readZip(src(z.bytes), { ...DEFAULT_LIMITS, maxArchiveEntries: 4 })!;
    assert.equal(zip.entries.length, 4);
    assert.deepEqual(zip.limitHits.map((h) => h.limit), ['maxArchiveEntries']);
  });

  it('keeps the local name when it differs from the central one', () => {
    const z = buildZip([{ name: 'a/data.pkl', localName: 'a/other.pkl', data: 'x' }]);
    const zip = readZip(src(z.bytes), DEFAULT_LIMITS)!;
    assert.equal(zip.members[0]!.data!.localName, 'a/other.pkl');
  });

  it('returns undefined without an end record', () => {
    const z = buildZip([{ name: 'a', data: 'x' }]);
    assert.equal(readZip(src(z.bytes.subarray(0, z.bytes.length - 22)), DEFAULT_LIMITS), undefined);
  });
});

describe('zip signature', () => {
  it('accepts a local header, an empty archive and a prepended archive', () => {
    const z = buildZip([{ name: 'a', data: 'x' }]);
    assert.equal(looksLikeZip(z.bytes.subarray(0, 4096), src(z.bytes)), true);
    const empty = buildZip([]);
    assert.equal(looksLikeZip(empty.bytes, src(empty.bytes)), true);
    const pre = buildZip([{ name: 'a', data: 'x' }], { prepend: Buffer.from('junk junk junk') });
    assert.equal(looksLikeZip(pre.bytes.subarray(0, 4096), src(pre.bytes)), true);
  });

  it('does not take a file that merely embeds zip bytes for a zip', () => {
    const z = buildZip([{ name: 'a', data: 'x' }]);
    const embedded = Buffer.concat([Buffer.from([0x80, 0x02]), z.bytes, Buffer.from('q\x00.')]);
    assert.equal(looksLikeZip(embedded.subarray(0, 4096), src(embedded)), false);
  });
});

describe('zip flavour', () => {
  it('classifies PyTorch, TorchScript, npz, Keras and plain zips', () => {
    assert.deepEqual(classifyZip(['archive/data.pkl', 'archive/data/0', 'archive/version']), { format: 'pytorch-zip', roots: ['archive/'] });
    assert.equal(classifyZip(['m/data.pkl', 'm/constants.pkl', 'm/code/__torch__/m.py']).format, 'torchscript');
    assert.equal(classifyZip(['a.npy', 'b.npy']).format, 'numpy-npz');
    assert.equal(classifyZip(['config.json', 'metadata.json', 'model.weights.h5']).format, 'keras-v3');
    assert.equal(classifyZip(['readme.txt']).format, 'zip');
    assert.equal(classifyZip(['data.pkl']).roots[0], '');
  });
});

describe('member names', () => {
  it('flags traversal, absolute paths, drive letters, backslashes and control characters', () => {
    assert.equal(unsafeNameReason('a/../../etc/passwd'), 'a `..` path component');
    assert.equal(unsafeNameReason('/etc/cron.d/x'), 'an absolute path');
    assert.equal(unsafeNameReason('C:/Windows/x.dll'), 'a drive letter');
    assert.equal(unsafeNameReason('a\\..\\b'), 'a backslash (a path separator on Windows)');
    assert.equal(unsafeNameReason('a\u0000b'), 'control characters');
    assert.equal(unsafeNameReason('archive/data/0'), undefined);
    assert.equal(unsafeNameReason('archive/..data'), undefined);
  });
});
