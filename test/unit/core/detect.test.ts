import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BufferByteSource } from '../../../server/src/core/io/byteSource';
import { claimedFormat, detectFormat, isMismatch } from '../../../server/src/core/detect';
import { scanBytes } from '../../../server/src/core/scan';

const bytes = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
const PICKLE_P2 = bytes('\x80\x02}q\x00.');
const ZIP_HEAD = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...new Array(26).fill(0)]);
const LFS = bytes('version https://git-lfs.github.com/spec/v1\noid sha256:' + 'a'.repeat(64) + '\nsize 12345\n');

test('extensions claim formats, ambiguous ones claim nothing', () => {
  assert.equal(claimedFormat('model.PKL'), 'pickle');
  assert.equal(claimedFormat('model.pt'), 'pytorch-zip');
  assert.equal(claimedFormat('train.py'), 'python');
  assert.equal(claimedFormat('pytorch_model.bin'), undefined);
  assert.equal(claimedFormat('README'), undefined);
});

test('magic bytes win over the extension', () => {
  const d = detectFormat(new BufferByteSource(PICKLE_P2), 'weights.safetensors');
  assert.equal(d.format, 'pickle');
  assert.equal(d.detectedBy, 'magic');
});

test('a pickle inside a .pt is not a mismatch, a zip named .pkl is', () => {
  assert.equal(isMismatch(detectFormat(new BufferByteSource(PICKLE_P2), 'm.pt'), 'pickle'), false);
  assert.equal(isMismatch(detectFormat(new BufferByteSource(PICKLE_P2), 'm.pkl'), 'pickle'), false);
  assert.equal(isMismatch(detectFormat(new BufferByteSource(PICKLE_P2), 'm.bin'), 'pickle'), false, '.bin claims nothing');
  assert.equal(isMismatch(detectFormat(new BufferByteSource(ZIP_HEAD), 'm.pkl'), 'zip'), true);
});

test('Git LFS pointers are recognised and reported, not scanned as models', async () => {
  const r = await scanBytes(LFS, 'model.pt');
  assert.equal(r.format, 'git-lfs-pointer');
  assert.deepEqual(r.findings.map((f) => f.ruleId), ['MSL801']);
  assert.match(r.findings[0]!.message, /12345-byte object/);
});

test('empty and unknown inputs get an explicit finding, never a silent pass', async () => {
  const empty = await scanBytes(new Uint8Array(0), 'empty.bin');
  assert.equal(empty.format, 'unknown');
  assert.ok(empty.findings.some((f) => f.ruleId === 'MSL702'));
  const text = await scanBytes(bytes('hello world\n'), 'notes.model');
  assert.ok(text.findings.some((f) => f.ruleId === 'MSL702'));
});

test('recognised formats without an analyzer are reported as such', async () => {
  const header = Buffer.from('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}');
  const st = Buffer.alloc(8 + header.length + 4);
  st.writeBigUInt64LE(BigInt(header.length), 0);
  header.copy(st, 8);
  const r = await scanBytes(st, 'model.safetensors');
  assert.equal(r.format, 'safetensors');
  assert.deepEqual(r.findings.map((f) => f.ruleId), [], 'safetensors is analysed (test/unit/safetensors)');
  const gguf = await scanBytes(Buffer.from('GGUF\x03\x00\x00\x00'), 'm.bin');
  assert.equal(gguf.format, 'gguf');
});

test('a pickle named .safetensors is a format mismatch', async () => {
  const r = await scanBytes(PICKLE_P2, 'model.safetensors');
  assert.equal(r.format, 'pickle');
  const mismatch = r.findings.find((f) => f.ruleId === 'MSL701');
  assert.ok(mismatch, JSON.stringify(r.findings));
  assert.equal(mismatch.severity, 'high');
});
