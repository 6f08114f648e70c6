// h5wasm, confined. Its Node build talks to the real file system (NODERAWFS); we wrap its FS so
// that HDF5 can open only "virtual" files served from a ByteSource (bounded reads, nothing
// loaded whole) and nothing else: external links, external storage and filter plugins cannot
// reach a real file. Paths HDF5 tries to open are recorded (external raw-data storage is only
// visible that way). HDF5's diagnostic prints are captured instead of going to stderr.
import type { ByteSource } from '../../io/byteSource';
import type { H5Api } from './h5wasmTypes';


/* eslint-disable @typescript-eslint/no-explicit-any -- Emscripten's FS object is untyped */
interface Virtual { src: ByteSource; reads: number; bytes: number }

const PREFIX = '/msl-virtual/';
const virtuals = new Map<string, Virtual>();
let loaded: Promise<H5Api> | undefined;
let diagnostics: string[] = [];
let counter = 0;
/** Paths HDF5 tried to open that are not virtual files, since takeOpenAttempts. */
let attempts: string[] = [];
const MAX_ATTEMPTS = 64;
/**
 * The working directory HDF5 sees. Emscripten prefixes relative names with it, unnormalised, so
 * the name as the file wrote it is recovered; the random part keeps real absolute paths apart.
 */
const FAKE_CWD = `/msl-cwd-${Math.random().toString(36).slice(2, 10)}`;

/** Loads h5wasm once per thread and installs the confinement. Rejects if the module cannot load. */
export function loadH5(): Promise<H5Api> {
  loaded ??= import('./h5wasmImport.mjs').then((m) => m.importH5wasm()).then(async (h5) => {
    await h5.ready;
    confine(h5.FS as any);
    return h5;
  });
  return loaded;
}

/** Runs `f` with console.error captured: Emscripten prints its abort message there. */
export function quietly<T>(f: () => T): T {
  const original = console.error;
  console.error = (...args: unknown[]): void => {
    if (diagnostics.length < 200) diagnostics.push(args.map(String).join(' '));
  };
  try {
    return f();
  } finally {
    console.error = original;
  }
}

/** A trap or abort inside the wasm runtime (as opposed to an HDF5 error it reported). */
export function isWasmAbort(e: unknown): boolean {
  return e instanceof Error && (e.name === 'RuntimeError' || /Aborted\(|abort\(/.test(e.message));
}

function enoent(FS: any): Error {
  return new FS.ErrnoError(44 /* ENOENT */);
}

function stat(size: number): Record<string, unknown> {
  const t = new Date(0);
  return { dev: 1, ino: 1, mode: 0o100444, nlink: 1, uid: 0, gid: 0, rdev: 0, size, blksize: 4096, blocks: Math.ceil(size / 512), atime: t, mtime: t, ctime: t };
}

function confine(FS: any): void {
  const realWrite = FS.write;
  FS.cwd = (): string => FAKE_CWD;
  FS.open = (path: string, flags: number): unknown => {
    const v = virtuals.get(path);
    if (!v) {
      if (attempts.length < MAX_ATTEMPTS) attempts.push(String(path).slice(0, 4096));
      throw enoent(FS);
    }
    const ops = {
      read(_s: unknown, buffer: Uint8Array, offset: number, length: number, position: number): number {
        const chunk = v.src.read(position, length);
        buffer.set(chunk, offset);
        v.reads++;
        v.bytes += chunk.length;
        return chunk.length;
      },
      llseek(s: { position: number }, offset: number, whence: number): number {
        const p = whence === 1 ? s.position + offset : whence === 2 ? v.src.size + offset : offset;
        if (p < 0) throw new FS.ErrnoError(28 /* EINVAL */);
        s.position = p;
        return p;
      },
      write(): number {
        throw new FS.ErrnoError(63 /* EROFS-like: read only */);
      },
      close(): void {},
    };
    const node = { id: 1, mode: 0o100444, node_ops: {}, path, mslVirtual: true };
    return FS.createStream({ path, flags, node, stream_ops: ops, position: 0, seekable: true });
  };
  const statOf = (path: string): unknown => {
    const v = virtuals.get(path);
    if (!v) throw enoent(FS);
    return stat(v.src.size);
  };
  FS.stat = statOf;
  FS.lstat = statOf;
  FS.fstat = (fd: number): unknown => {
    const s = FS.getStream(fd);
    const v = s?.node?.mslVirtual ? virtuals.get(s.path) : undefined;
    if (!v) throw new FS.ErrnoError(8 /* EBADF */);
    return stat(v.src.size);
  };
  for (const name of ['mknod', 'mkdir', 'symlink', 'rename', 'rmdir', 'unlink', 'truncate', 'chmod', 'chown', 'utime', 'readdir', 'readlink']) {
    FS[name] = (): never => {
      throw enoent(FS);
    };
  }
  FS.write = (stream: any, buffer: Uint8Array, offset: number, length: number, position?: number): number => {
    if (stream?.fd === 1 || stream?.fd === 2) {
      if (diagnostics.length < 200) diagnostics.push(Buffer.from(buffer.subarray(offset, offset + length)).toString('utf8'));
      return length;
    }
    return realWrite(stream, buffer, offset, length, position);
  };
}

/** The names HDF5 tried to open (and was refused) since the last call, as the HDF5 file wrote them. */
export function takeOpenAttempts(): string[] {
  const out = attempts.map((p) => (p.startsWith(`${FAKE_CWD}/`) ? p.slice(FAKE_CWD.length + 1) : p));
  attempts = [];
  return out;
}

export interface VirtualFile {
  path: string;
  /** Reads HDF5 issued and bytes it read so far. */
  stats(): { reads: number; bytes: number };
  /** HDF5's diagnostic output since the file was registered, joined. */
  diagnostics(): string;
  release(): void;
}

/** Makes `src` openable by HDF5 under a unique virtual path. */
export function registerVirtual(src: ByteSource): VirtualFile {
  const path = `${PREFIX}${++counter}.h5`;
  const v: Virtual = { src, reads: 0, bytes: 0 };
  virtuals.set(path, v);
  diagnostics = [];
  return {
    path,
    stats: () => ({ reads: v.reads, bytes: v.bytes }),
    diagnostics: () => diagnostics.join('').replace(/\s+/g, ' ').trim(),
    release: () => {
      virtuals.delete(path);
    },
  };
}
