// The contract between the scan driver and each format analyzer.
import type { ByteSource } from '../io/byteSource';
import type { AnalysisContext } from '../context';

export type FormatId =
  | 'pickle'
  | 'pytorch-zip'
  | 'pytorch-legacy'
  | 'torchscript'
  | 'numpy'
  | 'numpy-npz'
  | 'joblib'
  | 'zip'
  | 'gzip'
  | 'bzip2'
  | 'xz'
  | 'zlib'
  | 'lzma'
  | 'keras-h5'
  | 'keras-v3'
  | 'keras-config'
  | 'tar'
  | 'coreml'
  | 'openvino'
  | 'paddle'
  | 'msgpack'
  | 'caffe'
  | 'onnx'
  | 'tf-savedmodel'
  | 'tf-graphdef'
  | 'safetensors'
  | 'gguf'
  | 'chat-template'
  | 'tokenizer-config'
  | 'tflite'
  | 'python'
  | 'notebook'
  | 'git-lfs-pointer'
  | 'unknown';

export type DetectedBy = 'magic' | 'content' | 'extension' | 'none';

export interface FormatDefinition {
  id: FormatId;
  label: string;
  /** Extensions (lower case, with the dot) that claim this format. */
  extensions: readonly string[];
  /** Exact base names (lower case) that claim this format, for files known by name (`tokenizer_config.json`). */
  fileNames?: readonly string[];
  /**
   * Magic-byte test on the file's first bytes (and, for formats located at the end such as
   * zip, the source). Must be cheap and must not throw.
   */
  magic?: (head: Uint8Array, src: ByteSource) => boolean;
  /**
   * Header test that needs the file's name too (joblib reads any `.joblib`/`.pkl` file starting
   * with `5d 00` as LZMA-alone, which is too weak a signature for nameless detection). Runs
   * right after the magic tests; must be cheap and must not throw.
   */
  named?: (head: Uint8Array, fileName: string) => boolean;
  /** Content test for formats without magic (headerless pickles); runs after every magic test failed. */
  content?: (head: Uint8Array, src: ByteSource) => boolean;
  /**
   * Absent: the format is recognised but not analysed (reported as such, never silently).
   * May be async (streamed decompression); must never throw on bad input.
   */
  analyze?: (src: ByteSource, ctx: AnalysisContext) => void | Promise<void>;
}

/** Extensions that many unrelated formats share: they claim nothing. */
export const AMBIGUOUS_EXTENSIONS: readonly string[] = ['.bin', '.model', '.dat', '.data', '.pb', '.weights'];
