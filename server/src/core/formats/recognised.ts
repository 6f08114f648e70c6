// Formats the engine recognises by signature but does not analyse yet. They are listed so that a
// file in one of them is reported as "recognised, not analysed" (MSL703) instead of passing
// silently, and so that a pickle named like one of them is a format mismatch (MSL701).
import type { ByteSource } from '../io/byteSource';
import type { FormatDefinition } from './types';

const ascii = (head: Uint8Array, offset: number, text: string): boolean =>
  head.length >= offset + text.length && [...text].every((c, i) => head[offset + i] === c.charCodeAt(0));

/** safetensors: u64 little-endian header length, then a JSON object that fits in the file. */
export function hasSafetensorsMagic(head: Uint8Array, src: ByteSource): boolean {
  if (head.length < 10 || head[8] !== 0x7b /* { */) return false;
  const view = new DataView(head.buffer, head.byteOffset, 8);
  const n = view.getBigUint64(0, true);
  return n >= 2n && n <= BigInt(src.size - 8);
}

const HDF5 = '\x89HDF\r\n\x1a\n';

export const RECOGNISED_FORMATS: readonly FormatDefinition[] = [
  { id: 'safetensors', label: 'safetensors', extensions: ['.safetensors'], magic: hasSafetensorsMagic },
  { id: 'gguf', label: 'GGUF', extensions: ['.gguf'], magic: (h) => ascii(h, 0, 'GGUF') },
  { id: 'keras-h5', label: 'Keras/HDF5', extensions: ['.h5', '.hdf5', '.keras_h5'], magic: (h) => ascii(h, 0, HDF5) },
  { id: 'tflite', label: 'TensorFlow Lite', extensions: ['.tflite'], magic: (h) => ascii(h, 4, 'TFL3') },
  { id: 'onnx', label: 'ONNX', extensions: ['.onnx', '.ort'] },
];
