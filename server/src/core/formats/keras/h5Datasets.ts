// Worker side: a dataset's declared size from its metadata (object header only: shape, type,
// layout, filters), and the other files it reads from (virtual sources, external storage). Its
// values are never read (one element at most, see h5Links.ts), so nothing proportional to the
// declared size is ever allocated here. Runs inside the worker of h5Isolated.ts.
import type { H5Api, H5DatasetMetadata, H5File } from './h5wasmTypes';
import type { H5DatasetSize, H5Structure } from './h5Types';
import { declaredSize, describeDtype, exceedsFile, MAX_SIZED_DATASETS } from './h5Sizes';
import { isWasmAbort } from './h5wasmHost';
import { probeExternalStorage, recordVirtualSources } from './h5Links';

/**
 * Counts the dataset at `path`, records the files it reads from in `out.links`, and records it in
 * `out.oversized` when it declares more bytes than the file holds. A wasm abort is rethrown: the
 * instance is unusable afterwards.
 */
export function inspectDataset(h5: H5Api, f: H5File, path: string, fileSize: number, out: H5Structure): void {
  let meta: H5DatasetMetadata;
  try {
    meta = h5.Module.get_dataset_metadata(f.file_id, path);
  } catch (e) {
    if (isWasmAbort(e)) throw e;
    out.problems.push(`dataset ${path} could not be opened: ${message(e)}`);
    return;
  }
  out.datasets++;
  if (meta.virtual_sources) recordVirtualSources(path, meta.virtual_sources, out);
  else probeExternalStorage(h5, f, path, meta, out);
  const shape = meta.shape ?? [];
  const size = declaredSize(shape, meta.size);
  if (!exceedsFile(size, fileSize) || out.oversized.length >= MAX_SIZED_DATASETS) return;
  const entry: H5DatasetSize = {
    path,
    dtype: describeDtype(meta.type, meta.size, meta.signed, meta.vlen),
    shape: [...shape],
    elementBytes: meta.size,
    declaredBytes: size.bytes,
    overflow: size.overflow,
    layout: meta.virtual_sources ? 'virtual' : meta.chunks ? 'chunked' : 'contiguous',
    filters: filterNames(h5, f, path),
  };
  if (meta.chunks) entry.chunks = [...meta.chunks];
  out.oversized.push(entry);
}

function filterNames(h5: H5Api, f: H5File, path: string): string[] {
  try {
    return h5.Module.get_dataset_filters(f.file_id, path).map((x) => x.name || `filter ${x.id}`).slice(0, 16);
  } catch (e) {
    if (isWasmAbort(e)) throw e;
    return ['unknown'];
  }
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e)).slice(0, 300);
