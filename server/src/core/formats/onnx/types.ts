// The subset of an ONNX model the analysis needs. Tensor payloads are described (type, shape,
// where the bytes are), never loaded; small constants keep their values for trip counts and
// comparisons.

export interface OnnxTensor {
  name: string;
  dataType: number;
  dims: number[];
  /** Offset of the TensorProto in the file. */
  offset: number;
  /** Bytes of payload held in the file (raw_data or typed arrays). */
  payloadBytes: number;
  /** Offset of raw_data's bytes in the file, when the tensor has raw_data. */
  dataOffset?: number;
  /** external_data key/value pairs (location, offset, length, checksum...). */
  external?: Record<string, string>;
  /** data_location: 1 = EXTERNAL. */
  dataLocation: number;
  /** Values of small numeric tensors (at most 16 elements). */
  values?: number[];
  /** First values of a small string tensor. */
  strings?: string[];
}

export interface OnnxAttribute {
  name: string;
  type: number;
  i?: number;
  f?: number;
  s?: string;
  ints: number[];
  t?: OnnxTensor;
  g?: OnnxGraph;
  graphs: OnnxGraph[];
  /** Reference to an attribute of the enclosing function. */
  refAttrName?: string;
}

export interface OnnxNode {
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: OnnxAttribute[];
  offset: number;
  length: number;
}

export type Dim = number | string | null;

export interface OnnxValueInfo {
  name: string;
  /** TensorProto.DataType of a tensor type; undefined for sequences/maps or when absent. */
  elemType?: number;
  /** Undefined when the shape is unknown (not even the rank). */
  shape?: Dim[];
}

export interface OnnxGraph {
  name: string;
  offset: number;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  valueInfo: OnnxValueInfo[];
  docString: string;
}

export interface OnnxOpset {
  domain: string;
  version: number;
}

export interface OnnxFunction {
  name: string;
  domain: string;
  overload: string;
  inputs: string[];
  outputs: string[];
  attributes: string[];
  nodes: OnnxNode[];
  opsets: OnnxOpset[];
  offset: number;
}

export interface OnnxMetadataEntry {
  key: string;
  value: string;
  offset: number;
}

export interface OnnxModel {
  irVersion?: number;
  producerName: string;
  producerVersion: string;
  domain: string;
  modelVersion?: number;
  docString: string;
  opsets: OnnxOpset[];
  graph?: OnnxGraph;
  functions: OnnxFunction[];
  metadata: OnnxMetadataEntry[];
  /** TrainingInfoProto graphs (initialization and algorithm), analysed like the main graph. */
  trainingGraphs: OnnxGraph[];
}

/** TensorProto.DataType names, for reports. */
export const ONNX_DATA_TYPES: Record<number, string> = {
  0: 'undefined', 1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string',
  9: 'bool', 10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64', 14: 'complex64', 15: 'complex128',
  16: 'bfloat16', 17: 'float8e4m3fn', 18: 'float8e4m3fnuz', 19: 'float8e5m2', 20: 'float8e5m2fnuz', 21: 'uint4',
  22: 'int4', 23: 'float4e2m1',
};

export function dataTypeName(t: number | undefined): string {
  return t === undefined ? 'unknown' : (ONNX_DATA_TYPES[t] ?? `type${t}`);
}
