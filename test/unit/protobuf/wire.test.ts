import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BufferByteSource, type ByteSource } from '../../../server/src/core/io/byteSource';
import { WireReader } from '../../../server/src/core/formats/protobuf/reader';
import { forEachField, type ProtoField } from '../../../server/src/core/formats/protobuf/fields';
import { ProtoDecoder } from '../../../server/src/core/formats/protobuf/decoder';
import { Pb } from '../../fixtures/onnx/pb';

const src = (b: Uint8Array): BufferByteSource => new BufferByteSource(b);

function fields(b: Uint8Array): { list: ProtoField[]; problem: ReturnType<typeof forEachField> } {
  const list: ProtoField[] = [];
  const problem = forEachField(new WireReader(src(b)), 0, b.length, (f) => list.push(f));
  return { list, problem };
}

test('varints: small, multi-byte, 2^53 and negative int64', () => {
  const b = new Pb().varint(1, 150).varint(2, 2 ** 40).varint(3, -1).varint(4, 9223372036854775807n).finish();
  const { list, problem } = fields(b);
  assert.equal(problem, undefined);
  assert.deepEqual(list.map((f) => f.num), [1, 2, 3, 4]);
  assert.equal(list[0]!.value, 150);
  assert.equal(list[1]!.value, 2 ** 40);
  assert.equal(list[2]!.value, -1);
  assert.equal(list[3]!.value, Number(9223372036854775807n));
});

test('length-delimited fields are described by offsets, not read', () => {
  const payload = new Uint8Array(1000).fill(7);
  const b = new Pb().bytes(9, payload).string(8, 'name').finish();
  const { list } = fields(b);
  assert.equal(list[0]!.end - list[0]!.start, 1000);
  assert.equal(list[0]!.start, 3); // tag (1) + length varint (2)
  assert.equal(list[1]!.num, 8);
});

test('a LEN field that claims more than remains is a problem, not an exception', () => {
  const b = Uint8Array.of(0x0a, 0x7f, 1, 2, 3);
  const { list, problem } = fields(b);
  assert.equal(list.length, 0);
  assert.match(problem!.reason, /claims 127 bytes/);
});

test('truncated varint and group wire types are problems', () => {
  assert.match(fields(Uint8Array.of(0x08, 0x80))!.problem!.reason, /truncated varint/);
  assert.match(fields(Uint8Array.of(0x0b))!.problem!.reason, /wire type 3/);
  assert.match(fields(Uint8Array.of(0x00))!.problem!.reason, /invalid field number 0/);
});

test('reads across page refills of the paged reader', () => {
  const big = new Uint8Array(200 * 1024);
  const tail = new Pb().string(1, 'after').finish();
  const b = new Uint8Array(big.length + 4 + tail.length);
  const head = new Pb().raw(Pb.tagBytes(2, 2)).raw(Pb.varintBytes(big.length)).finish();
  b.set(head, 0);
  b.set(tail, head.length + big.length);
  const d = new ProtoDecoder(src(b.subarray(0, head.length + big.length + tail.length)), 1 << 20);
  const seen: string[] = [];
  d.fields(0, head.length + big.length + tail.length, (f) => { if (f.num === 1) seen.push(d.string(f)); });
  assert.deepEqual(seen, ['after']);
});

test('payload bytes are never read: a source that refuses big reads still parses', () => {
  const inner = new Pb().raw(Pb.tagBytes(9, 2)).raw(Pb.varintBytes(50_000_000)).finish();
  const b = new Uint8Array(inner.length);
  b.set(inner);
  let maxRead = 0;
  const sparse: ByteSource = {
    size: inner.length + 50_000_000,
    read(offset, length) {
      maxRead = Math.max(maxRead, length);
      return offset < b.length ? b.subarray(offset, Math.min(b.length, offset + length)) : new Uint8Array(Math.min(length, 16));
    },
    fileOffset: (o) => o,
  };
  const r = new WireReader(sparse);
  const list: ProtoField[] = [];
  assert.equal(forEachField(r, 0, sparse.size, (f) => list.push(f)), undefined);
  assert.equal(list[0]!.end - list[0]!.start, 50_000_000);
  assert.ok(maxRead <= 64 * 1024);
});

test('decoder: packed ints, floats, budget exhaustion and wrong wire types', () => {
  const b = new Pb().packed(1, [1, 2, 300]).float(2, 1.5).string(3, 'x'.repeat(100)).varint(4, 5).finish();
  const d = new ProtoDecoder(src(b), 50);
  const ints: number[] = [];
  let f2 = 0;
  let s = 'unset';
  d.fields(0, b.length, (f) => {
    if (f.num === 1) d.ints(f, ints);
    else if (f.num === 2) f2 = d.float32(f);
    else if (f.num === 3) s = d.string(f);
    else if (f.num === 4) d.string(f);
  });
  assert.deepEqual(ints, [1, 2, 300]);
  assert.equal(f2, 1.5);
  assert.equal(s, '');
  assert.equal(d.exhausted, true);
  assert.match(d.problems[0]!.reason, /field 4 has wire type 0/);
});
