// Structural facts about a scanned file, for the report view and JSON output.
import type { FormatId } from './formats/types';

export interface ArchiveMemberInfo {
  name: string;
  /** Uncompressed size as declared by the archive. */
  size: number;
  compressedSize: number;
  /** Compression method (zip: 0 stored, 8 deflate...). */
  method: number;
  /** Offset of the member's local header in its archive. */
  offset: number;
  /** Format of the member when it was routed to an analyzer. */
  format?: FormatId;
}

export interface PickleImport {
  module: string;
  name: string;
  /** Byte offset of the opcode that resolved it, within the stream's source. */
  offset: number;
  verdict: 'allowed' | 'unknown' | 'dangerous';
}

export interface PickleStreamInfo {
  /** Archive member chain, when the stream is inside an archive. */
  members?: string[];
  /** Offset of the stream's first byte within its source. */
  offset: number;
  protocol: number;
  opcodes: number;
  imports: PickleImport[];
  /** Parsed to STOP without errors. */
  complete: boolean;
}

export interface ModelSummary {
  members?: ArchiveMemberInfo[];
  pickles?: PickleStreamInfo[];
  /** Free-form facts (format version, tensor count...). */
  facts?: Record<string, string | number | boolean>;
  /** Tensor table (safetensors, GGUF, ONNX initializers...), capped: `facts.tensorCount` has the total. */
  tensors?: TensorInfo[];
  /** Key/value metadata of the format (safetensors `__metadata__`, GGUF KVs), values shortened for display. */
  metadata?: Record<string, string>;
  /** Layers of a Keras model (capped: `facts.layerCount` has the total). */
  layers?: LayerInfo[];
  /** Operator histogram of a graph format (TFLite, ONNX...). */
  graph?: GraphInfo;
}

export interface LayerInfo {
  name: string;
  className: string;
  /** JSON pointer of the layer object in the model config. */
  pointer: string;
}

export interface GraphInfo {
  ops: Record<string, number>;
  inputs?: string[];
  outputs?: string[];
}

export interface TensorInfo {
  name: string;
  dtype: string;
  shape: number[];
  /** Size of the tensor's data in bytes. */
  bytes: number;
  /** Offset of the data in the file, when the format says. */
  offset?: number;
}
