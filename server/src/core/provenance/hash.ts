// Streaming SHA-256 of model files: large reads (4 MiB, double-buffered so the next read runs
// while this chunk is hashed), cancellable, with progress, and every chunk awaits a read, so the
// event loop stays free between chunks (the language server keeps answering while a 10 GB file
// hashes). Results are cached by (path, size, mtime): an unchanged file is hashed once.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';

export const HASH_CHUNK_BYTES = 4 * 1024 * 1024;

export interface HashProgress {
  bytesHashed: number;
  totalBytes: number;
}

export interface HashOptions {
  signal?: AbortSignal;
  /** Called after every chunk (so at most every 4 MiB). */
  onProgress?: (p: HashProgress) => void;
  chunkBytes?: number;
}

export interface FileDigest {
  sha256: string;
  size: number;
  mtimeMs: number;
}

/** Hashes the file as it is now; throws on I/O errors and with an AbortError when cancelled. */
export async function hashFile(filePath: string, options: HashOptions = {}): Promise<FileDigest> {
  const chunk = Math.max(64 * 1024, options.chunkBytes ?? HASH_CHUNK_BYTES);
  options.signal?.throwIfAborted();
  const fh = await fs.promises.open(filePath, 'r');
  try {
    const st = await fh.stat();
    const hash = createHash('sha256');
    const buffers = [Buffer.allocUnsafe(chunk), Buffer.allocUnsafe(chunk)];
    let position = 0;
    let which = 0;
    let pending = fh.read(buffers[which]!, 0, chunk, position);
    for (;;) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) break;
      const current = buffers[which]!;
      position += bytesRead;
      which ^= 1;
      // Start the next read before hashing this chunk: disk and CPU overlap.
      pending = fh.read(buffers[which]!, 0, chunk, position);
      hash.update(bytesRead === chunk ? current : current.subarray(0, bytesRead));
      options.onProgress?.({ bytesHashed: position, totalBytes: st.size });
      if (options.signal?.aborted) {
        await pending.catch(() => undefined);
        options.signal.throwIfAborted();
      }
    }
    return { sha256: hash.digest('hex'), size: position, mtimeMs: st.mtimeMs };
  } finally {
    await fh.close();
  }
}

/** In-memory cache keyed by (path, size, mtimeMs); concurrent requests for one file share a hash. */
export class HashCache {
  private readonly done = new Map<string, string>();
  private readonly running = new Map<string, Promise<FileDigest>>();

  constructor(private readonly maxEntries = 10_000) {}

  /** The digest of the file as it is now (stat first; hashed only when not cached). */
  async digest(filePath: string, options: HashOptions = {}): Promise<FileDigest> {
    const st = await fs.promises.stat(filePath);
    const key = cacheKey(filePath, st.size, st.mtimeMs);
    const hit = this.done.get(key);
    if (hit !== undefined) return { sha256: hit, size: st.size, mtimeMs: st.mtimeMs };
    let job = this.running.get(key);
    if (!job) {
      job = hashFile(filePath, options).finally(() => this.running.delete(key));
      this.running.set(key, job);
    }
    const d = await job;
    // A file rewritten while it was hashed gets a new key; only a stable result is remembered.
    if (d.size === st.size && d.mtimeMs === st.mtimeMs) this.remember(key, d.sha256);
    return d;
  }

  /** The cached digest, without touching the disk beyond the caller's stat. */
  peek(filePath: string, size: number, mtimeMs: number): string | undefined {
    return this.done.get(cacheKey(filePath, size, mtimeMs));
  }

  get size(): number {
    return this.done.size;
  }

  private remember(key: string, sha256: string): void {
    if (this.done.size >= this.maxEntries) this.done.delete(this.done.keys().next().value!);
    this.done.set(key, sha256);
  }
}

function cacheKey(filePath: string, size: number, mtimeMs: number): string {
  return `${filePath}\u0000${size}\u0000${mtimeMs}`;
}
