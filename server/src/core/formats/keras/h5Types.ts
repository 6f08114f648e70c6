// Results of the HDF5 structure reader, shared by the worker and the main thread.

/**
 * A way the file makes HDF5 open another file: an external link (group or dataset), a virtual
 * dataset's source mapping, or external raw-data storage (values kept in another file).
 * `path` is the link or dataset; `target` the object in the other file ('' for raw storage).
 */
export interface H5Link { path: string; kind: 'external' | 'virtual' | 'storage'; file: string; target: string }

/** Links recorded by the worker; more are counted in a problem. */
export const MAX_LINKS = 1000;

/** A dataset whose declared size exceeds the file (or overflows), from its metadata only. */
export interface H5DatasetSize {
  path: string;
  /** Element type as Keras users know it: float32, int64, string(16), compound (24 bytes)... */
  dtype: string;
  /** Dimensions as HDF5 reports them (exact below 2^53). */
  shape: number[];
  elementBytes: number;
  /** Element count times element size, exact. */
  declaredBytes: bigint;
  /** The element count or the byte size does not fit in 64 bits. */
  overflow: boolean;
  layout: 'chunked' | 'contiguous' | 'virtual';
  chunks?: number[];
  /** Names of the filters (compression) on the dataset, in pipeline order. */
  filters: string[];
}

export interface H5Structure {
  /** Root attribute names, in file order. */
  attributeNames: string[];
  /** String values of the root attributes we read (model_config, keras_version...). */
  attributes: Record<string, string>;
  rootKeys: string[];
  links: H5Link[];
  /** Objects visited in the group walk. */
  objects: number;
  /** Datasets whose metadata was read. */
  datasets: number;
  /** Datasets declaring more bytes than the file holds (the first MAX_SIZED_DATASETS). */
  oversized: H5DatasetSize[];
  problems: string[];
  /** Set when the HDF5 library could not open the file (or is unusable). */
  openError?: string;
  io: { reads: number; bytes: number };
}

export interface H5ReadOptions {
  /** Largest attribute value read (bytes). */
  maxAttributeBytes: number;
  /** Objects visited in the group walk. */
  maxObjects: number;
}

export function emptyStructure(): H5Structure {
  return { attributeNames: [], attributes: {}, rootKeys: [], links: [], objects: 0, datasets: 0, oversized: [], problems: [], io: { reads: 0, bytes: 0 } };
}
