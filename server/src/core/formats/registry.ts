// The declarative table of formats: how each is recognised and which analyzer reads it.
// Order matters for magic tests: more specific signatures come first.
import type { FormatDefinition, FormatId } from './types';
import { analyzeLfsPointer, isLfsPointer } from './lfsPointer';
import { analyzePickleFile, hasPickleMagic, looksLikeHeaderlessPickle } from './pickle/analyzer';
import { analyzeZipFile, hasZipMagic } from './archive/zipAnalyzer';
import { analyzeNpyFile, hasNpyMagic } from './numpy/analyzer';
import { analyzeLzmaAlone, compressedAnalyzer, isBzip2, isGzip, isLzmaAlone, isLzmaAloneByName, isXz, isZlib } from './compression/analyzer';
import { RECOGNISED_FORMATS } from './recognised';
import { analyzeKerasH5 } from './keras/h5Analyzer';
import { analyzeKerasJson, looksLikeKerasJson } from './keras/jsonAnalyzer';
import { hasHdf5Magic } from './keras/magic';
import { analyzeTflite, hasTfliteMagic } from './tflite/analyzer';
import { analyzeTar, hasTarMagic } from './tar/analyzer';
import { analyzeSafetensors, hasSafetensorsMagic } from './safetensors/analyze';
import { analyzeGguf, hasGgufMagic } from './gguf/analyze';
import { TEMPLATE_CONFIG_FILE_NAMES, TEMPLATE_FILE_EXTENSIONS, analyzeJinjaFile, analyzeTemplateConfig } from './chatTemplate/files';
import { analyzeOnnxFile, looksLikeOnnx } from './onnx/analyzer';
import { analyzeGraphDef, analyzeSavedModel, looksLikeGraphDef, looksLikeSavedModel } from './tensorflow/analyzer';

export const FORMATS: readonly FormatDefinition[] = [
  {
    id: 'git-lfs-pointer',
    label: 'Git LFS pointer',
    extensions: [],
    magic: isLfsPointer,
    analyze: analyzeLfsPointer,
  },
  {
    id: 'zip',
    label: 'ZIP archive',
    extensions: ['.zip'],
    magic: hasZipMagic,
    analyze: analyzeZipFile,
  },
  {
    id: 'pytorch-zip',
    label: 'PyTorch checkpoint (zip)',
    extensions: ['.pt', '.pth', '.ckpt', '.tar'],
    analyze: analyzeZipFile,
  },
  // Zip flavours: reached through the zip entry (refineFormat) or a hint, never by magic.
  { id: 'torchscript', label: 'TorchScript archive', extensions: ['.ptl'], analyze: analyzeZipFile },
  { id: 'numpy-npz', label: 'NumPy archive (.npz)', extensions: ['.npz'], analyze: analyzeZipFile },
  { id: 'numpy', label: 'NumPy array (.npy)', extensions: ['.npy'], magic: hasNpyMagic, analyze: analyzeNpyFile },
  { id: 'gzip', label: 'gzip stream', extensions: ['.gz', '.gzip'], magic: isGzip, analyze: compressedAnalyzer('gzip') },
  { id: 'bzip2', label: 'bzip2 stream', extensions: ['.bz2'], magic: isBzip2, analyze: compressedAnalyzer('bzip2') },
  { id: 'xz', label: 'xz stream', extensions: ['.xz'], magic: isXz, analyze: compressedAnalyzer('xz') },
  { id: 'lzma', label: 'LZMA-alone stream', extensions: ['.lzma'], magic: isLzmaAlone, named: isLzmaAloneByName, analyze: analyzeLzmaAlone },
  { id: 'zlib', label: 'zlib stream', extensions: ['.z', '.zlib'], magic: isZlib, analyze: compressedAnalyzer('zlib') },
  {
    id: 'pickle',
    label: 'Python pickle',
    extensions: ['.pkl', '.pickle', '.p', '.dill', '.cloudpickle'],
    magic: hasPickleMagic,
    content: looksLikeHeaderlessPickle,
    analyze: analyzePickleFile,
  },
  // Reached through the pickle analyzer (refineFormat) when the legacy torch.save layout is recognised.
  { id: 'pytorch-legacy', label: 'PyTorch checkpoint (legacy pickle)', extensions: [], analyze: analyzePickleFile },
  { id: 'safetensors', label: 'safetensors', extensions: ['.safetensors'], magic: hasSafetensorsMagic, analyze: analyzeSafetensors },
  { id: 'gguf', label: 'GGUF', extensions: ['.gguf'], magic: hasGgufMagic, analyze: analyzeGguf },
  { id: 'keras-h5', label: 'Keras/HDF5', extensions: ['.h5', '.hdf5', '.keras_h5'], magic: hasHdf5Magic, analyze: analyzeKerasH5 },
  // A `.keras` v3 model is a zip: reached through the zip entry (refineFormat) or by its extension.
  { id: 'keras-v3', label: 'Keras v3 archive (.keras)', extensions: ['.keras'], analyze: analyzeZipFile },
  // Narrow content test (see keras/jsonAnalyzer.ts); `config.json` of a .keras zip is routed here by the zip analyzer.
  { id: 'keras-config', label: 'Keras model config (JSON)', extensions: [], content: looksLikeKerasJson, analyze: analyzeKerasJson },
  { id: 'tflite', label: 'TensorFlow Lite', extensions: ['.tflite'], magic: hasTfliteMagic, analyze: analyzeTflite },
  { id: 'tar', label: 'tar archive', extensions: ['.nemo'], magic: hasTarMagic, analyze: analyzeTar },
  ...RECOGNISED_FORMATS,
  // ONNX has no magic: a ModelProto is sniffed by its top-level fields (see onnx/sniff.ts).
  { id: 'onnx', label: 'ONNX', extensions: ['.onnx', '.ort'], content: looksLikeOnnx, analyze: analyzeOnnxFile },
  // TensorFlow protobufs: `.pb` claims nothing (ambiguous); only a plausible parse claims the file.
  { id: 'tf-savedmodel', label: 'TensorFlow SavedModel', extensions: [], content: looksLikeSavedModel, analyze: analyzeSavedModel },
  { id: 'tf-graphdef', label: 'TensorFlow GraphDef', extensions: [], content: looksLikeGraphDef, analyze: analyzeGraphDef },
  { id: 'python', label: 'Python script', extensions: ['.py', '.pyi'] },
  { id: 'notebook', label: 'Jupyter notebook', extensions: ['.ipynb'] },
  // Text formats known by name (see detect.ts): chat templates and the JSON files that carry them.
  { id: 'chat-template', label: 'Jinja chat template', extensions: TEMPLATE_FILE_EXTENSIONS, analyze: analyzeJinjaFile },
  { id: 'tokenizer-config', label: 'Tokenizer / chat template configuration', extensions: [], fileNames: TEMPLATE_CONFIG_FILE_NAMES, analyze: analyzeTemplateConfig },
];

const byId = new Map<FormatId, FormatDefinition>(FORMATS.map((f) => [f.id, f]));

export function formatById(id: FormatId): FormatDefinition | undefined {
  return byId.get(id);
}

/** Exact file names that identify a format (used for workspace scans and CLI folder walks). */
export function modelFileNames(): string[] {
  return FORMATS.flatMap((f) => f.fileNames ?? []);
}

/** Extensions of model files (used for workspace scans and CLI folder walks). */
export function modelExtensions(): string[] {
  const text = new Set(['.py', '.pyi', '.ipynb']);
  return FORMATS.flatMap((f) => f.extensions).filter((e) => !text.has(e));
}
