import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { HashCache, hashFile } from '../../../server/src/core/provenance/index';
import { sha256Hex, tempProject } from './helpers';

describe('streaming SHA-256', () => {
  it('matches a one-shot digest across chunk boundaries, with progress up to the size', async () => {
    const p = tempProject();
    try {
      for (const size of [0, 1, 65535, 65536, 65537, 3 * 65536 + 7]) {
        const data = Buffer.alloc(size);
        for (let i = 0; i < size; i++) data[i] = (i * 31 + 7) & 0xff;
        const file = p.write(`f${size}.bin`, data);
        const seen: number[] = [];
        const d = await hashFile(file, { chunkBytes: 65536, onProgress: (pr) => seen.push(pr.bytesHashed) });
        assert.equal(d.sha256, sha256Hex(data), `size ${size}`);
        assert.equal(d.size, size);
        assert.equal(seen.length, Math.ceil(size / 65536));
        if (size > 0) assert.equal(seen.at(-1), size);
      }
    } finally {
      p.cleanup();
    }
  });

  it('stops with an AbortError when cancelled, before or during hashing', async () => {
    const p = tempProject();
    try {
      const file = p.write('big.bin', Buffer.alloc(1024 * 1024));
      const before = new AbortController();
      before.abort();
      await assert.rejects(hashFile(file, { signal: before.signal }), { name: 'AbortError' });
      const during = new AbortController();
      let chunks = 0;
      await assert.rejects(
        hashFile(file, { chunkBytes: 65536, signal: during.signal, onProgress: () => { if (++chunks === 2) during.abort(); } }),
        { name: 'AbortError' },
      );
      assert.equal(chunks, 2);
    } finally {
      p.cleanup();
    }
  });

  it('caches by (path, size, mtime): a rewrite with a new mtime is hashed again', async () => {
    const p = tempProject();
    try {
      const file = p.write('m.bin', 'one');
      const cache = new HashCache();
      const a = await cache.digest(file);
      assert.equal(a.sha256, sha256Hex('one'));
      assert.equal(cache.size, 1);
      assert.equal(cache.peek(file, a.size, a.mtimeMs), a.sha256);
      // Same size, different content and mtime.
      fs.writeFileSync(file, 'two');
      const t = new Date(Date.now() + 5000);
      fs.utimesSync(file, t, t);
      const b = await cache.digest(file);
      assert.equal(b.sha256, sha256Hex('two'));
      assert.equal(cache.size, 2);
      // Concurrent requests share one job and agree.
      const [c, d] = await Promise.all([cache.digest(file), cache.digest(file)]);
      assert.equal(c.sha256, d.sha256);
    } finally {
      p.cleanup();
    }
  });
});
