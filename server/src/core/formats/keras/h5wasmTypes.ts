// The part of h5wasm's API the Keras reader uses, declared by us (see h5wasmImport.mjs for why).

export interface H5File {
  readonly file_id: bigint;
  get_type(path: string): number;
  get_external_link(path: string): { filename?: string; obj_path?: string };
  close(): unknown;
}

export interface H5AttributeMetadata {
  size: number;
  shape: number[] | null;
  vlen: boolean;
  type: number;
}

/** What h5wasm's get_dataset_metadata returns (no storage size: h5wasm does not expose it). */
export interface H5DatasetMetadata extends H5AttributeMetadata {
  signed: boolean;
  /** Element count as HDF5 computes it (wraps modulo 2^64). */
  total_size: number;
  chunks: number[] | null;
  virtual_sources?: { file_name: string; dset_name: string }[];
}

export interface H5Api {
  ready: Promise<unknown>;
  FS: unknown;
  Module: {
    H5G_GROUP: number;
    H5G_UDLINK: number;
    H5G_DATASET: number;
    get_attribute_names(fileId: bigint, path: string): string[];
    get_attribute_metadata(fileId: bigint, path: string, name: string): H5AttributeMetadata;
    get_dataset_metadata(fileId: bigint, path: string): H5DatasetMetadata;
    get_dataset_filters(fileId: bigint, path: string): { id: number; name: string }[];
    get_names(fileId: bigint, path: string, recursive: boolean): string[];
    /** Reads the hyperslab (count, offset, strides per dimension; null for all) into wasm memory at `ptr`; returns HDF5's status. */
    get_dataset_data(fileId: bigint, path: string, count: bigint[] | null, offset: bigint[] | null, strides: bigint[] | null, ptr: bigint): number;
    _malloc(bytes: number): number;
    _free(ptr: number): void;
  };
  File: new (path: string, mode: 'r') => H5File;
  Group: new (fileId: bigint, path: string) => { get_attribute(name: string, json: true): unknown };
}
