// The file extensions the client treats as model files: the activation event, the explorer
// menu (through a context key) and the document selector derive from this one list. Kept free
// of engine imports (the client bundle imports it); test/lsp/manifest.test.ts checks that it
// covers every extension the engine's format registry knows. (The server's workspace scan uses
// the engine's own list.)

/** Lower case, without the dot. */
export const MODEL_FILE_EXTENSIONS: readonly string[] = [
  'bin', 'bz2', 'caffemodel', 'ckpt', 'cloudpickle', 'dill', 'gguf', 'gz', 'gzip', 'h5', 'hdf5', 'jinja',
  'joblib', 'keras', 'keras_h5', 'lzma', 'mlmodel', 'model', 'msgpack', 'nemo', 'npy', 'npz', 'onnx', 'ort',
  'p', 'pb', 'pdiparams', 'pdmodel', 'pickle', 'pkl', 'pt', 'pth', 'ptl', 'safetensors', 'tar', 'tflite',
  'xz', 'z', 'zip', 'zlib',
];

/** Context key (an array of `.ext`) that the explorer menu's `when` clause tests `resourceExtname` against. */
export const SCANNABLE_EXTENSIONS_CONTEXT = 'msl.scannableExtensions';

/** What "Scan This File" offers itself for in the explorer: model files and Python scripts. */
export function scannableExtensions(): string[] {
  return [...MODEL_FILE_EXTENSIONS, 'py', 'pyi', 'ipynb'].map((e) => `.${e}`);
}

/** A glob matching any file with one of `exts`, anywhere under a folder. */
export function globForExtensions(exts: readonly string[]): string {
  return `**/*.{${exts.join(',')}}`;
}

export function isModelFileName(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot >= 0 && MODEL_FILE_EXTENSIONS.includes(name.slice(dot + 1).toLowerCase());
}

/**
 * The report view (a read-only custom editor) opens by default for extensions that only model
 * files use, and is offered as an option ("Reopen Editor With…", "Open Report") for the other
 * model extensions, which unrelated files share (`.bin`, `.pb`, `.model`) or which are containers.
 */
export const REPORT_VIEW_TYPES = { default: 'msl.report', option: 'msl.report.option' } as const;

export const REPORT_DEFAULT_EXTENSIONS: readonly string[] = [
  'pkl', 'pt', 'pth', 'ckpt', 'onnx', 'safetensors', 'gguf', 'h5', 'keras', 'tflite', 'joblib', 'npy', 'npz',
];

export const REPORT_OPTION_EXTENSIONS: readonly string[] = MODEL_FILE_EXTENSIONS.filter((e) => !REPORT_DEFAULT_EXTENSIONS.includes(e));

/** The custom editor that opens the report for this file name. */
export function reportViewTypeFor(name: string): string {
  const dot = name.lastIndexOf('.');
  const ext = dot >= 0 ? name.slice(dot + 1).toLowerCase() : '';
  return REPORT_DEFAULT_EXTENSIONS.includes(ext) ? REPORT_VIEW_TYPES.default : REPORT_VIEW_TYPES.option;
}
