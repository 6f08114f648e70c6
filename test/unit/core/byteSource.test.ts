import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BufferByteSource, FileByteSource, SliceByteSource } from '../../../server/src/core/io/byteSource';

function tempFile(bytes: Uint8Array): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msl-bs-'));
  const file = path.join(dir, 'f.bin');
  fs.writeFileSync(file, bytes);
  return file;
}

const pattern = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);

test('FileByteSource reads ranges across page boundaries and clips at the end', () => {
  const data = pattern(300_000);
  const src = FileByteSource.open(tempFile(data));
  try {
    assert.equal(src.size, data.length);
    for (const [off, len] of [[0, 10], [65530, 20], [131000, 70000], [299_990, 100], [400_000, 5], [0, 300_000]] as const) {
      const got = src.read(off, len);
      assert.deepEqual(Buffer.from(got), Buffer.from(data.subarray(Math.min(off, data.length), Math.min(off + len, data.length))), `${off}+${len}`);
    }
  } finally {
    src.close();
  }
});

test('FileByteSource reads only what is asked (payloads are never read)', () => {
  const src = FileByteSource.open(tempFile(new Uint8Array(5_000_000)));
  try {
    src.read(0, 16);
    src.read(4_999_990, 10);
    assert.ok(src.bytesRead <= 2 * 64 * 1024, `read ${src.bytesRead} bytes`);
  } finally {
    src.close();
  }
});

test('FileByteSource refuses directories with a clear error', () => {
  assert.throws(() => FileByteSource.open(os.tmpdir()), /not a regular file|EISDIR/);
});

test('SliceByteSource maps offsets to the parent file', () => {
  const parent = new BufferByteSource(pattern(100), 0);
  const slice = new SliceByteSource(parent, 40, 20);
  assert.equal(slice.size, 20);
  assert.deepEqual([...slice.read(0, 3)], [...pattern(100).subarray(40, 43)]);
  assert.equal(slice.read(15, 100).length, 5, 'clipped to the slice');
  assert.equal(slice.fileOffset(5), 45);
  assert.equal(new BufferByteSource(new Uint8Array(4)).fileOffset(1), undefined);
});
