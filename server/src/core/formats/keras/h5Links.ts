// Worker side: the ways an HDF5 file makes the library open other files. External links and
// virtual dataset sources are in the metadata; external raw-data storage (H5Pset_external) is not
// exposed by h5wasm, so one element of each contiguous dataset is read and the file names HDF5
// then tries to open (refused by the confinement) are recorded. Runs inside the worker of h5Isolated.ts.
import type { H5Api, H5DatasetMetadata, H5File } from './h5wasmTypes';
import { MAX_LINKS, type H5Link, type H5Structure } from './h5Types';
import { isWasmAbort, takeOpenAttempts } from './h5wasmHost';

/** VDS source file name meaning "this same file". */
const SAME_FILE = '.';
/** Fixed-size type classes that read without variable-length allocations: integer, float, time, string, bitfield, opaque, enum. */
const PROBED_CLASSES: ReadonlySet<number> = new Set([0, 1, 2, 3, 4, 5, 8]);
const MAX_PROBED_ELEMENT = 4096;

const TOO_MANY = `more than ${MAX_LINKS} links to other files; only the first ${MAX_LINKS} were recorded`;

export function addLink(out: H5Structure, link: H5Link): void {
  if (out.links.length < MAX_LINKS) out.links.push(link);
  else if (!out.problems.includes(TOO_MANY)) out.problems.push(TOO_MANY);
}

/** One link per source file and dataset a virtual dataset maps from another file. */
export function recordVirtualSources(path: string, sources: readonly { file_name: string; dset_name: string }[], out: H5Structure): void {
  const seen = new Set<string>();
  for (const s of sources) {
    const file = String(s.file_name ?? '');
    const target = String(s.dset_name ?? '');
    const key = `${file}\0${target}`;
    if (file === SAME_FILE || seen.has(key)) continue;
    seen.add(key);
    addLink(out, { path, kind: 'virtual', file, target });
  }
}

/**
 * Reads the last element of a contiguous dataset (a few bytes of the file, or of an external
 * file HDF5 is refused); when that makes HDF5 try to open a file, the first element too, to name
 * the first of its raw-data files. Abort-class errors are rethrown: the instance is unusable.
 */
export function probeExternalStorage(h5: H5Api, f: H5File, path: string, meta: H5DatasetMetadata, out: H5Structure): void {
  const shape = meta.shape;
  if (!shape || meta.virtual_sources || meta.chunks || meta.vlen || !PROBED_CLASSES.has(meta.type)) return;
  if (meta.size <= 0 || meta.size > MAX_PROBED_ELEMENT || shape.some((d) => !(d >= 1))) return;
  takeOpenAttempts();
  const last = shape.map((d) => BigInt(Math.trunc(d)) - 1n);
  readOne(h5, f, path, last, meta.size);
  let names = takeOpenAttempts();
  if (names.length === 0) return;
  if (last.some((x) => x > 0n)) {
    readOne(h5, f, path, shape.map(() => 0n), meta.size);
    names = [...takeOpenAttempts(), ...names];
  }
  for (const file of new Set(names)) addLink(out, { path, kind: 'storage', file, target: '' });
}

function readOne(h5: H5Api, f: H5File, path: string, offset: bigint[], size: number): void {
  const ptr = h5.Module._malloc(size);
  if (!ptr) return;
  try {
    const ones = offset.map(() => 1n);
    const scalar = offset.length === 0;
    h5.Module.get_dataset_data(f.file_id, path, scalar ? null : ones, scalar ? null : offset, scalar ? null : ones, BigInt(ptr));
  } catch (e) {
    if (isWasmAbort(e)) throw e;
    // an unreadable element is not our concern here; only the files HDF5 tried to open are
  } finally {
    h5.Module._free(ptr);
  }
}
