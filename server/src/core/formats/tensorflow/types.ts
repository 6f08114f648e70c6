// The subset of TensorFlow's SavedModel / GraphDef the analysis needs. Tensor contents (the
// weights of a frozen graph) are stepped over; small string constants (paths) are kept.

export interface TfTensor {
  dtype: number;
  /** First string_val entries (paths, patterns), cut to a few KB. */
  strings: string[];
  /** Bytes of tensor_content and typed values, never read. */
  contentBytes: number;
}

export interface TfAttr {
  s?: string;
  i?: number;
  b?: boolean;
  type?: number;
  func?: string;
  tensor?: TfTensor;
  listS: string[];
  listFunc: string[];
}

export interface TfNode {
  name: string;
  op: string;
  inputs: string[];
  device: string;
  attrs: Map<string, TfAttr>;
  offset: number;
}

export interface TfFunction {
  name: string;
  /** Names of the input arguments (values fed by the caller). */
  args: string[];
  nodes: TfNode[];
  offset: number;
}

export interface TfGraph {
  nodes: TfNode[];
  functions: TfFunction[];
  producer?: number;
  offset: number;
}

export interface TfSaver {
  filenameTensor: string;
  saveTensor: string;
  restoreOp: string;
}

export interface TfMetaGraph {
  tags: string[];
  tfVersion: string;
  graph?: TfGraph;
  saver?: TfSaver;
  signatures: string[];
  assets: string[];
  offset: number;
}

export interface TfSavedModel {
  schemaVersion?: number;
  metaGraphs: TfMetaGraph[];
}
