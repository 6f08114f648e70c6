// Random access to bytes without loading whole files. Formats read only what they need
// (a zip's central directory, a pickle member, a header), so multi-GB checkpoints scan in
// memory bounded by the structures, not by the file size.
import * as fs from 'node:fs';

export interface ByteSource {
  /** Total length in bytes. */
  readonly size: number;
  /**
   * Bytes [offset, offset+length) clipped to the end of the source. The returned array may
   * share memory with an internal cache: callers must not modify it.
   */
  read(offset: number, length: number): Uint8Array;
  /**
   * Absolute offset in the underlying file for an offset in this source, when the bytes are
   * stored there verbatim (a stored zip member); undefined for decompressed or synthetic data.
   */
  fileOffset(offset: number): number | undefined;
}

/** Bytes already in memory (decompressed members, tests). */
export class BufferByteSource implements ByteSource {
  readonly size: number;
  constructor(private readonly bytes: Uint8Array, private readonly baseFileOffset?: number) {
    this.size = bytes.length;
  }
  read(offset: number, length: number): Uint8Array {
    const start = clamp(offset, 0, this.size);
    return this.bytes.subarray(start, clamp(offset + length, start, this.size));
  }
  fileOffset(offset: number): number | undefined {
    return this.baseFileOffset === undefined ? undefined : this.baseFileOffset + offset;
  }
}

/** A window [start, start+size) of another source: a stored archive member. */
export class SliceByteSource implements ByteSource {
  constructor(private readonly parent: ByteSource, private readonly start: number, readonly size: number) {}
  read(offset: number, length: number): Uint8Array {
    const s = clamp(offset, 0, this.size);
    const e = clamp(offset + length, s, this.size);
    return this.parent.read(this.start + s, e - s);
  }
  fileOffset(offset: number): number | undefined {
    return this.parent.fileOffset(this.start + offset);
  }
}

const PAGE = 64 * 1024;
const MAX_CACHED_PAGES = 32;
/** Reads at least this large bypass the page cache and go straight to the file. */
const DIRECT_READ = 256 * 1024;

/**
 * A file read through a small LRU page cache: parsers issue many small reads near each other
 * (headers, directory records), large reads go straight to disk.
 */
export class FileByteSource implements ByteSource {
  readonly size: number;
  private readonly pages = new Map<number, Uint8Array>();
  private closed = false;
  /** Total bytes read from disk, for tests and benchmarks that prove payloads are skipped. */
  bytesRead = 0;

  private constructor(private readonly fd: number, size: number) {
    this.size = size;
  }

  /** Opens a regular file. Throws (an I/O error the caller reports) if it cannot. */
  static open(path: string): FileByteSource {
    // O_NONBLOCK: opening a named pipe must not wait for a writer; fstat below then rejects it.
    const fd = fs.openSync(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    try {
      const st = fs.fstatSync(fd);
      if (!st.isFile()) throw Object.assign(new Error(`not a regular file: ${path}`), { code: 'ENOTFILE' });
      return new FileByteSource(fd, st.size);
    } catch (e) {
      fs.closeSync(fd);
      throw e;
    }
  }

  read(offset: number, length: number): Uint8Array {
    if (this.closed) throw new Error('FileByteSource used after close');
    const start = clamp(offset, 0, this.size);
    const end = clamp(offset + length, start, this.size);
    const n = end - start;
    if (n === 0) return new Uint8Array(0);
    if (n >= DIRECT_READ) return this.readDirect(start, n);
    const firstPage = Math.floor(start / PAGE);
    const lastPage = Math.floor((end - 1) / PAGE);
    if (firstPage === lastPage) {
      const page = this.page(firstPage);
      return page.subarray(start - firstPage * PAGE, end - firstPage * PAGE);
    }
    const out = new Uint8Array(n);
    for (let p = firstPage; p <= lastPage; p++) {
      const page = this.page(p);
      const pageStart = p * PAGE;
      const from = Math.max(start, pageStart);
      const to = Math.min(end, pageStart + page.length);
      out.set(page.subarray(from - pageStart, to - pageStart), from - start);
    }
    return out;
  }

  fileOffset(offset: number): number {
    return offset;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pages.clear();
    fs.closeSync(this.fd);
  }

  private page(index: number): Uint8Array {
    const cached = this.pages.get(index);
    if (cached) {
      this.pages.delete(index); // refresh LRU position
      this.pages.set(index, cached);
      return cached;
    }
    const start = index * PAGE;
    const page = this.readDirect(start, Math.min(PAGE, this.size - start));
    this.pages.set(index, page);
    if (this.pages.size > MAX_CACHED_PAGES) {
      const oldest = this.pages.keys().next().value as number;
      this.pages.delete(oldest);
    }
    return page;
  }

  private readDirect(start: number, n: number): Uint8Array {
    const buf = Buffer.allocUnsafe(n);
    let got = 0;
    while (got < n) {
      const r = fs.readSync(this.fd, buf, got, n - got, start + got);
      if (r === 0) break; // file shrank under us: return what exists
      got += r;
    }
    this.bytesRead += got;
    return new Uint8Array(buf.buffer, buf.byteOffset, got);
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
