import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BufferByteSource } from '../../../server/src/core/io/byteSource';
import { ProtoDecoder } from '../../../server/src/core/formats/protobuf/decoder';
import { Prng, mutate } from './fuzzCases';
import { Pb } from '../../fixtures/onnx/pb';

test('wire walker and decoder: 3,000 random and mutated buffers never throw, fields stay in bounds', () => {
  const rng = new Prng(0x5eed03);
  const seed = new Pb().varint(1, 7).string(2, 'abc').msg(3, new Pb().packed(1, [1, 2, 3]).float(2, 1)).bytes(4, new Uint8Array(300)).finish();
  let fieldsSeen = 0;
  for (let i = 0; i < 3000; i++) {
    const b = i % 2 === 0 ? rng.bytes(rng.int(512)) : mutate(seed, rng);
    const d = new ProtoDecoder(new BufferByteSource(b), 4096);
    const walk = (start: number, end: number, depth: number): void => {
      d.fields(start, end, (f) => {
        fieldsSeen++;
        assert.ok(f.start >= start && f.end <= end && f.start <= f.end, `field out of bounds in case ${i}`);
        d.string(f);
        d.ints(f, []);
        d.floats(f, []);
        if (depth < 4 && f.wire === 2) walk(f.start, f.end, depth + 1);
      });
    };
    walk(0, b.length, 0);
  }
  assert.ok(fieldsSeen > 3000);
});
