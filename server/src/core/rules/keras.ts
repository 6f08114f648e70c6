// MSL770–MSL779: Keras models (.h5, .keras v3 zips, JSON configs). Keras rebuilds a model by
// looking up the class and function names its config names, so the config is the attack surface.
import type { RuleMeta } from './types';

export const KERAS_LAMBDA: RuleMeta = {
  id: 'MSL770',
  name: 'keras-lambda-layer',
  title: 'Keras Lambda layer carries Python bytecode',
  family: 'model-format',
  severity: 'high',
  confidence: 'high',
  why: 'A Lambda layer stores a marshalled Python function that Keras turns back into code and runs when the model is loaded or called.',
  description:
    'Keras serialises the function of a `Lambda` layer (and `__lambda__` objects in `.keras` v3 configs) as base64 of `marshal.dumps(code)`. ' +
    'Loading the model with `safe_mode=False`, or with the legacy `.h5` loader of affected Keras versions, rebuilds and runs that bytecode. ' +
    'The scanner decodes the code object without running it and lists the names and string constants it references; ' +
    'names such as `os`, `system`, `eval`, `exec`, `__import__`, `subprocess`, `open` or `socket` make the finding critical.',
  safeAlternative:
    'Load with `safe_mode=True` (the default in Keras 3) and do not pass custom objects you have not reviewed; prefer weights-only formats (safetensors) and rebuild the architecture in code.',
  references: ['https://nvd.nist.gov/vuln/detail/CVE-2024-3660', 'https://nvd.nist.gov/vuln/detail/CVE-2025-9905'],
};

export const KERAS_CUSTOM_CLASS: RuleMeta = {
  id: 'MSL771',
  name: 'keras-custom-layer',
  title: 'Keras config uses a layer class outside Keras',
  family: 'model-format',
  severity: 'medium',
  confidence: 'medium',
  why: 'A layer class that is not part of Keras must be supplied as custom code when the model is loaded, and that code runs with the loader\'s rights.',
  description:
    'The config names a layer `class_name` that is not in the reviewed list of built-in Keras layers (or a `registered_name` of the form `package>Class`). ' +
    'Loading it requires `custom_objects` or a registered class: whoever ships the model usually ships that code too.',
  safeAlternative: 'Review the custom layer\'s source before passing it to `custom_objects`; obtain it from a trusted package, not next to the model.',
};

export const KERAS_FOREIGN_MODULE: RuleMeta = {
  id: 'MSL772',
  name: 'keras-module-outside-keras',
  title: 'Keras config imports from a module outside Keras',
  family: 'model-format',
  severity: 'high',
  confidence: 'high',
  why: 'Keras 3 imports the `module` a config object names and calls the class or function found there, so a module outside Keras is arbitrary code.',
  description:
    'Objects in a Keras 3 config carry `module`, `class_name` and `registered_name`. Before Keras 3.9 any module could be named (CVE-2025-1550), ' +
    'for example `builtins` with the function `eval`, or `os` with `system`. Modules such as `os`, `subprocess`, `builtins` or `importlib` make this critical.',
  safeAlternative: 'Upgrade Keras (>= 3.11) and load with `safe_mode=True`; do not load a model whose config names modules outside Keras.',
  references: ['https://nvd.nist.gov/vuln/detail/CVE-2025-1550'],
};

export const KERAS_SAFE_MODE_BYPASS: RuleMeta = {
  id: 'MSL773',
  name: 'keras-safe-mode-bypass',
  title: 'Keras config uses a known safe-mode bypass',
  family: 'model-format',
  severity: 'critical',
  confidence: 'high',
  why: 'Public Keras advisories show these config patterns executing code or touching files even when the model is loaded with `safe_mode=True`.',
  description:
    'Patterns from public advisories: a function reference to `keras.config.enable_unsafe_deserialization` (turns safe mode off mid-load, CVE-2025-9906), ' +
    'to `keras.utils.get_file` (downloads and writes files, CVE-2025-8747), to `load_model`/`load_weights` (loads a second, unchecked model), ' +
    'or a `TFSMLayer`, which loads and runs a TensorFlow SavedModel from a path in the config.',
  safeAlternative: 'Do not load the model. Upgrade Keras to a release that fixes the advisory and rescan.',
  references: ['https://nvd.nist.gov/vuln/detail/CVE-2025-9906', 'https://nvd.nist.gov/vuln/detail/CVE-2025-8747'],
};

export const KERAS_FILE_REFERENCE: RuleMeta = {
  id: 'MSL774',
  name: 'keras-file-reference',
  title: 'Keras config points at a file or URL',
  family: 'model-format',
  severity: 'high',
  confidence: 'medium',
  why: 'Layers that read a vocabulary or a model from a path in the config read local files (or fetch remote ones) on the loading machine.',
  description:
    '`StringLookup`, `IntegerLookup` and `TextVectorization` accept `vocabulary` as a file path, read through TensorFlow\'s file system layer ' +
    '(local files, `gs://`, `hdfs://`...), so a crafted model can read files such as SSH keys into its vocabulary (CVE-2025-12058). ' +
    'Other config strings that are URLs or absolute paths are reported at medium severity.',
  safeAlternative: 'Ship vocabularies inline in the config; do not load a model whose config names files outside its own archive.',
  references: ['https://nvd.nist.gov/vuln/detail/CVE-2025-12058'],
};

export const KERAS_HDF5_LINK: RuleMeta = {
  id: 'MSL775',
  name: 'keras-hdf5-external-link',
  title: 'HDF5 file links to or maps data from another file',
  family: 'model-format',
  severity: 'high',
  confidence: 'high',
  why: 'External links, virtual datasets and external raw-data storage make the HDF5 library open another file, named by the model, when the link or dataset is read.',
  description:
    'The HDF5 file contains an external link, a virtual dataset (VDS) whose source mapping names another file, or a dataset whose raw values are kept in an ' +
    'external file (`H5Pset_external`). h5py and Keras follow them when the group or weights are read, so a model can make the loader open local files ' +
    '(a VDS source must be an HDF5 file; external storage reads any file\'s bytes as weight values). Names that leave the model\'s directory (absolute, ' +
    '`~`, `..`, URLs) are high; a bare file name next to the model is medium. A VDS mapping from the same file (`.`) is not reported. The scanner never ' +
    'follows links or opens the named files (external storage is found by a refused one-element read).',
  safeAlternative: 'Do not load the file; a Keras model has no reason to reference other files. Re-save the weights from a trusted copy so that all values are stored in the file.',
};

export const KERAS_MALFORMED: RuleMeta = {
  id: 'MSL776',
  name: 'keras-malformed',
  title: 'Keras model could not be read completely',
  family: 'model-format',
  severity: 'medium',
  confidence: 'high',
  why: 'A model config or HDF5 structure that does not parse cleanly was not fully checked, and may be crafted to confuse scanners.',
  description:
    'The HDF5 file could not be opened, an attribute could not be read, the `model_config` is not valid JSON, a Lambda function could not be decoded, ' +
    'or the config is deeper or larger than the scanner\'s limits. Everything readable was analysed; the message says what was not.',
  safeAlternative: 'Obtain an intact copy of the model from a trusted source.',
};

export const KERAS_DECLARED_SIZE: RuleMeta = {
  id: 'MSL777',
  name: 'keras-hdf5-declared-size',
  title: 'HDF5 dataset declares far more data than the file holds',
  family: 'model-format',
  severity: 'high',
  confidence: 'high',
  why: 'Keras allocates a weight dataset\'s declared size while loading, so a shape far beyond the bytes in the file crashes the loading process and starves its host of memory (CVE-2026-0897): high like a compression bomb, not critical because no code runs.',
  description:
    'Every dataset\'s declared size is its shape\'s element count times its element size, computed from the HDF5 metadata without reading any values. ' +
    'Keras writes every weight value, so a weights file is never sparse: a dataset cannot declare more bytes than the file holds. ' +
    'The finding is raised when a dataset (in an `.h5` model or the `model.weights.h5` of a `.keras` archive) declares more than 4 times the file size ' +
    '(1,100 times when the dataset is compressed: deflate cannot shrink data further) and more than 64 MiB; when it declares more than 1 TiB whatever the file size; ' +
    'or when its element count or byte size overflows 64 bits. Keras 3.0.0 to 3.12.0 and 3.13.0 allocate that memory while loading weights. ' +
    'Severity is high from 1 GiB declared (and for overflows), medium below. Virtual datasets, whose data lives in other files, are only checked against the 1 TiB cap.',
  safeAlternative:
    'Do not load the file. Upgrade Keras to a release that fixes CVE-2026-0897, and load untrusted models in a process with a memory limit.',
  references: ['https://nvd.nist.gov/vuln/detail/CVE-2026-0897'],
};

export const kerasRules: RuleMeta[] = [
  KERAS_LAMBDA, KERAS_CUSTOM_CLASS, KERAS_FOREIGN_MODULE, KERAS_SAFE_MODE_BYPASS, KERAS_FILE_REFERENCE, KERAS_HDF5_LINK, KERAS_MALFORMED,
  KERAS_DECLARED_SIZE,
];
