// Structure findings of zip archives through the scan driver (independent of pickle content).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildZip, torchCheckpoint } from '../../fixtures/zip/writer';
import { plainPickle } from '../../fixtures/zip/pickles';
import { byRule, one, scan } from './helpers';

const ckpt = (extra: Parameters<typeof torchCheckpoint>[3] = [], storages: Uint8Array[] = [new Uint8Array(64)]) =>
  torchCheckpoint('archive', plainPickle(), storages, extra);

describe('zip structure findings', () => {
  it('a genuine-layout checkpoint gives no finding and is refined to pytorch-zip', async () => {
    const r = await scan(buildZip(ckpt()).bytes, 'model.pt');
    assert.equal(r.format, 'pytorch-zip');
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.summary.members!.map((m) => [m.name, m.format ?? null]), [
      ['archive/data.pkl', 'pickle'], ['archive/byteorder', null], ['archive/data/0', null], ['archive/version', null],
    ]);
  });

  it('prepended junk: low MSL717 covering the junk', async () => {
    const z = buildZip(ckpt(), { prepend: new Uint8Array(1024).fill(0x20) });
    const r = await scan(z.bytes, 'model.pt');
    assert.equal(r.format, 'pytorch-zip');
    const f = one(r, 'MSL717');
    assert.equal(f.severity, 'low');
    assert.deepEqual(f.location, { kind: 'bytes', offset: 0, length: 1024 });
    assert.equal(f.evidence, 'archive starts at offset 1024');
    assert.equal(r.findings.length, 1);
  });

  it('trailing bytes after the end record: low MSL717', async () => {
    const z = buildZip(ckpt(), { append: Buffer.from('tail') });
    const r = await scan(z.bytes, 'model.pt');
    // Trailing bytes break the exact-end signature test only for archives without a local header at 0.
    assert.equal(r.format, 'pytorch-zip');
    const f = one(r, 'MSL717');
    assert.equal(f.location.kind === 'bytes' && f.location.length, 4);
  });

  it('wrong CRC of a loaded member: low MSL716 with both values, content still analysed', async () => {
    const z = buildZip(torchCheckpoint('archive', plainPickle()).map((e, i) => (i === 0 ? { ...e, crc: 0xdeadbeef } : e)));
    const r = await scan(z.bytes, 'model.pt');
    const f = one(r, 'MSL716');
    assert.equal(f.severity, 'low');
    assert.match(f.evidence!, /^crc32 actual 0x[0-9a-f]{8}, declared 0xdeadbeef$/);
    assert.equal(r.summary.members![0]!.format, 'pickle');
  });

  it('odd flag bits: low MSL716 naming the bits', async () => {
    const z = buildZip(torchCheckpoint('archive', plainPickle()).map((e, i) => (i === 0 ? { ...e, flags: 0x2100 } : e)));
    const r = await scan(z.bytes, 'model.pt');
    const f = one(r, 'MSL716');
    assert.match(f.message, /unusual general-purpose flag bits 0x2100/);
  });

  it('data descriptors and deflate are ordinary', async () => {
    const z = buildZip(torchCheckpoint('archive', plainPickle()).map((e) => ({ ...e, method: 8, dataDescriptor: true })));
    const r = await scan(z.bytes, 'model.pt');
    assert.deepEqual(r.findings, []);
    assert.equal(r.summary.members![0]!.format, 'pickle');
  });

  it('unsafe names: one high MSL711 per name', async () => {
    const z = buildZip([{ name: '../../.bashrc', data: 'x' }, { name: '/etc/cron.d/job', data: 'x' }, { name: 'a\\b', data: 'x' }, { name: 'ok', data: 'x' }]);
    const r = await scan(z.bytes, 'bundle.zip');
    const fs = byRule(r, 'MSL711');
    assert.deepEqual(fs.map((f) => [f.severity, f.evidence]), [['high', '../../.bashrc'], ['high', '/etc/cron.d/job'], ['high', 'a\\b']]);
  });

  it('duplicate names: high MSL712 listing both local offsets', async () => {
    const z = buildZip([{ name: 'a/data.pkl', data: plainPickle() }, { name: 'a/data.pkl', data: plainPickle() }]);
    const r = await scan(z.bytes, 'model.pt');
    const f = one(r, 'MSL712');
    assert.equal(f.severity, 'high');
    assert.equal(f.evidence, `a/data.pkl at local offsets 0, ${z.entries[1]!.localOffset}`);
    assert.deepEqual(r.summary.members!.map((m) => m.format), ['pickle', 'pickle'], 'both copies are analysed');
  });

  it('overlapping entries: high MSL713 with the shared range', async () => {
    const z = buildZip([{ name: 'a', data: 'A'.repeat(100) }, { name: 'b', pointTo: 0 }, { name: 'c', pointTo: 0 }]);
    const r = await scan(z.bytes, 'x.zip');
    const fs = byRule(r, 'MSL713');
    assert.equal(fs.length, 2);
    assert.deepEqual(fs[0]!.location, { kind: 'bytes', offset: 0, length: 131 });
    assert.equal(fs[0]!.severity, 'high');
  });

  it('declared ratio bomb: high MSL714 from the directory alone', async () => {
    const z = buildZip([{ name: 'big.bin', data: 'x'.repeat(100), method: 8, declaredSize: 50_000_000 }]);
    const r = await scan(z.bytes, 'x.zip');
    const f = one(r, 'MSL714');
    assert.match(f.message, /declares 50000000 bytes from \d+ compressed/);
  });

  it('real ratio bomb: decompression stops at the ratio limit (MSL714 + MSL001)', async () => {
    const z = buildZip([{ name: 'bomb.pkl', data: Buffer.alloc(20_000_000), method: 8 }]);
    const r = await scan(z.bytes, 'x.zip', { maxCompressionRatio: 100 });
    const bomb = byRule(r, 'MSL714').find((f) => /inflated to/.test(f.message));
    assert.ok(bomb, JSON.stringify(r.findings));
    assert.match(bomb.message, /^Member bomb\.pkl inflated to \d+ bytes from \d+ compressed bytes read, over the ratio limit 100/);
    assert.ok(byRule(r, 'MSL001').some((f) => f.evidence === 'maxCompressionRatio=100'));
  });

  it('decompression budget: MSL001 maxDecompressedBytes', async () => {
    const z = buildZip([{ name: 'data.pkl', data: Buffer.alloc(3_000_000, 0x4e), method: 8 }]);
    const r = await scan(z.bytes, 'x.pt', { maxDecompressedBytes: 1_000_000 });
    assert.ok(byRule(r, 'MSL001').some((f) => f.evidence === 'maxDecompressedBytes=1000000'));
  });

  it('encrypted and unsupported methods: medium MSL715', async () => {
    const z = buildZip([{ name: 'secret.pkl', data: 'x', flags: 0x1 }, { name: 'zst.pkl', data: 'x', method: 93 }]);
    const r = await scan(z.bytes, 'x.zip');
    assert.deepEqual(byRule(r, 'MSL715').map((f) => [f.severity, f.evidence]), [['medium', 'flags 0x801'], ['medium', 'method 93']]);
  });

  it('local name that differs from the directory: medium MSL716', async () => {
    const z = buildZip([{ name: 'a/data.pkl', localName: 'a/harmless.txt', data: plainPickle() }]);
    const r = await scan(z.bytes, 'model.pt');
    const f = one(r, 'MSL716');
    assert.equal(f.severity, 'medium');
    assert.equal(f.evidence, 'a/harmless.txt');
  });

  it('no end record: MSL710', async () => {
    const z = buildZip(ckpt());
    const r = await scan(z.bytes.subarray(0, z.bytes.length - 22), 'model.pt');
    const f = one(r, 'MSL710');
    assert.equal(f.evidence, 'no end of central directory record');
  });

  it('truncated member data: MSL710 and the present part is still routed', async () => {
    const z = buildZip([{ name: 'a/data.pkl', data: plainPickle(), declaredCompressedSize: 100_000 }]);
    const r = await scan(z.bytes, 'model.pt');
    const f = byRule(r, 'MSL710').find((x) => /is truncated/.test(x.message));
    assert.ok(f, JSON.stringify(r.findings));
    assert.match(f.message, /100000 bytes declared at offset \d+, \d+ present/);
    assert.equal(r.summary.members![0]!.format, 'pickle');
  });

  it('entry limit: MSL001 maxArchiveEntries', async () => {
    const z = buildZip(Array.from({ length: 30 }, (_, i) => ({ name: `f${i}.txt`, data: 'x' })));
    const r = await scan(z.bytes, 'x.zip', { maxArchiveEntries: 10 });
    assert.equal(one(r, 'MSL001').evidence, 'maxArchiveEntries=10');
  });

  it('a Keras v3 layout is recognised as a flavour and refined to keras-v3 (analysed by the Keras module)', async () => {
    const z = buildZip([{ name: 'config.json', data: '{}' }, { name: 'metadata.json', data: '{}' }, { name: 'model.weights.h5', data: 'x' }]);
    const r = await scan(z.bytes, 'model.keras');
    assert.deepEqual([r.format, r.summary.facts!.zipFlavour, r.findings.length], ['keras-v3', 'keras-v3', 0]);
  });

  it('nested zip: inner members are listed with their chain', async () => {
    const inner = buildZip([{ name: 'inner/data.pkl', data: plainPickle() }]);
    const outer = buildZip([{ name: 'model.zip', data: inner.bytes }, { name: 'readme.txt', data: 'hi' }]);
    const r = await scan(outer.bytes, 'bundle.zip');
    assert.deepEqual(r.summary.members!.map((m) => [m.name, m.format ?? null]), [
      ['model.zip', 'zip'], ['readme.txt', null], ['model.zip!/inner/data.pkl', 'pickle'],
    ]);
  });
});
