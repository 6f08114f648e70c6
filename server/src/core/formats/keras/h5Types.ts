// Results of the HDF5 structure reader, shared by the worker and the main thread.

export interface H5Link { path: string; kind: 'external'; file: string; target: string }

export interface H5Structure {
  /** Root attribute names, in file order. */
  attributeNames: string[];
  /** String values of the root attributes we read (model_config, keras_version...). */
  attributes: Record<string, string>;
  rootKeys: string[];
  links: H5Link[];
  /** Objects visited in the group walk. */
  objects: number;
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
  return { attributeNames: [], attributes: {}, rootKeys: [], links: [], objects: 0, problems: [], io: { reads: 0, bytes: 0 } };
}
