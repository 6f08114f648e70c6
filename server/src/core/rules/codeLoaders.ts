// MSL3xx: framework model loaders whose options or inputs decide whether loading runs code.
import type { RuleMeta } from './types';

export const KERAS_SAFE_MODE_OFF: RuleMeta = {
  id: 'MSL301',
  name: 'keras-safe-mode-off',
  title: 'Keras `load_model(..., safe_mode=False)`',
  family: 'code-loaders',
  severity: 'high',
  confidence: 'high',
  why: 'With `safe_mode=False`, Keras deserializes `Lambda` layers\' Python bytecode, so the model file can run code.',
  description: 'Keras 3 (and tf.keras 2.13+) refuse to rebuild `Lambda` layers from `.keras` files unless `safe_mode=False` is passed. Turning it off lets a crafted model run arbitrary Python when loaded.',
  safeAlternative: 'Remove `safe_mode=False`; register custom layers with `custom_objects` instead of relying on `Lambda` bytecode.',
  references: ['https://keras.io/api/models/model_saving_apis/model_saving_and_loading/'],
};

export const KERAS_UNSAFE_DESERIALIZATION: RuleMeta = {
  id: 'MSL302',
  name: 'keras-unsafe-deserialization-enabled',
  title: '`keras.config.enable_unsafe_deserialization()`',
  family: 'code-loaders',
  severity: 'high',
  confidence: 'high',
  why: 'This call turns safe mode off for every model the process loads afterwards.',
  description: '`enable_unsafe_deserialization()` is a process-wide `safe_mode=False`: every later `load_model` may run `Lambda` bytecode from the file.',
  safeAlternative: 'Remove the call and register custom objects explicitly.',
  references: ['https://keras.io/api/models/model_saving_apis/model_saving_and_loading/'],
};

export const KERAS_LEGACY_H5: RuleMeta = {
  id: 'MSL303',
  name: 'keras-legacy-h5-load',
  title: 'Keras `load_model` of a legacy `.h5` file',
  family: 'code-loaders',
  severity: 'medium',
  confidence: 'medium',
  why: 'The legacy HDF5 format is loaded without safe mode, so `Lambda` layers in it can run code.',
  description: 'Loading a `.h5` / `.hdf5` model goes through the legacy loader, where `safe_mode` does not apply: marshalled `Lambda` bytecode is rebuilt and run. Reported when the path is a literal ending in `.h5` or `.hdf5`.',
  safeAlternative: 'Convert trusted models to the `.keras` format once, and load `.keras` files with safe mode on.',
  references: ['https://keras.io/api/models/model_saving_apis/model_saving_and_loading/'],
};

export const SAVED_MODEL_DYNAMIC_PATH: RuleMeta = {
  id: 'MSL304',
  name: 'saved-model-dynamic-path',
  title: 'TensorFlow SavedModel loaded from a computed path',
  family: 'code-loaders',
  severity: 'low',
  confidence: 'low',
  why: 'A SavedModel is a program: its graph can read and write files when run, so where the path comes from matters.',
  description: '`tf.saved_model.load` of a path that is not a literal may load a model supplied by someone else. SavedModel graphs can contain file-system and other side-effecting ops.',
  safeAlternative: 'Load SavedModels only from locations you control, verify their digests, and scan them with `msl scan` first.',
  references: ['https://github.com/tensorflow/tensorflow/blob/master/SECURITY.md'],
};

export const TORCHSCRIPT_LOAD: RuleMeta = {
  id: 'MSL305',
  name: 'torchscript-load',
  title: '`torch.jit.load` of a TorchScript archive',
  family: 'code-loaders',
  severity: 'medium',
  confidence: 'medium',
  why: 'A TorchScript archive is a program whose code runs when the model is called, and its constants are unpickled on load.',
  description: '`torch.jit.load` reads serialized TorchScript code and pickled constants. Running a model from elsewhere runs its author\'s TorchScript, which can use side-effecting operators.',
  safeAlternative: 'Prefer weights in safetensors with model code you control; scan TorchScript archives with `msl scan` before loading.',
  references: ['https://pytorch.org/docs/stable/generated/torch.jit.load.html'],
};

export const MLFLOW_REMOTE_LOAD: RuleMeta = {
  id: 'MSL306',
  name: 'mlflow-remote-model-load',
  title: 'MLflow model loaded from a remote URI',
  family: 'code-loaders',
  severity: 'medium',
  confidence: 'medium',
  why: 'MLflow flavours load pickled or cloudpickled Python models, so a model fetched from a remote store can run code.',
  description: '`mlflow.pyfunc.load_model` and the flavour loaders (`mlflow.sklearn.load_model`, `mlflow.pytorch.load_model`, ...) of a literal remote URI (`s3://`, `gs://`, `http(s)://`, `models:/`, `runs:/`, ...) unpickle what the store holds. Anyone with write access to it controls that code.',
  safeAlternative: 'Restrict write access to the registry, pin model versions, and verify artifact digests before loading.',
};

export const MLFLOW_ALLOW_PICKLE: RuleMeta = {
  id: 'MSL307',
  name: 'mlflow-allow-pickle-env',
  title: '`MLFLOW_ALLOW_PICKLE_DESERIALIZATION` set in code',
  family: 'code-loaders',
  severity: 'high',
  confidence: 'high',
  why: 'This variable re-enables pickle-based model loading in MLflow for the whole process.',
  description: 'Setting `MLFLOW_ALLOW_PICKLE_DESERIALIZATION` in code turns pickle deserialization back on for every MLflow load in the process.',
  safeAlternative: 'Remove the assignment and use model flavours that do not need pickle.',
};

export const SKOPS_TRUSTED: RuleMeta = {
  id: 'MSL308',
  name: 'skops-trusted',
  title: 'skops load with `trusted=True`',
  family: 'code-loaders',
  severity: 'high',
  confidence: 'high',
  why: '`trusted=True` tells skops to load every type in the file, which defeats its protection against code execution.',
  description: '`skops.io.load` refuses unknown types unless they are listed as trusted. Older versions accept `trusted=True`, which trusts everything the file names.',
  safeAlternative: 'Call `skops.io.get_untrusted_types` on the file, review the list, and pass exactly those names as `trusted=[...]`.',
  references: ['https://skops.readthedocs.io/en/stable/persistence.html'],
};

export const LANGCHAIN_DANGEROUS_DESERIALIZATION: RuleMeta = {
  id: 'MSL309',
  name: 'langchain-dangerous-deserialization',
  title: '`allow_dangerous_deserialization=True`',
  family: 'code-loaders',
  severity: 'high',
  confidence: 'high',
  why: 'This flag lets LangChain unpickle stored indexes and objects, so a crafted file runs code when loaded.',
  description: 'Vector stores such as `FAISS.load_local` keep their docstore as a pickle; LangChain refuses to load it unless `allow_dangerous_deserialization=True`. With the flag, a file from elsewhere runs code.',
  safeAlternative: 'Remove the flag and rebuild indexes from source documents, or load only index files you wrote yourself and keep their hashes.',
};

export const NATIVE_LIBRARY_DYNAMIC_PATH: RuleMeta = {
  id: 'MSL310',
  name: 'native-library-dynamic-path',
  title: 'Native library loaded from a computed path',
  family: 'code-loaders',
  severity: 'medium',
  confidence: 'medium',
  why: 'Loading a shared library runs its initialisers, so a path that may come from a model package or user input is code execution.',
  description: '`torch.ops.load_library`, `torch.classes.load_library`, `tf.load_op_library`, `tf.load_library` and `ctypes.CDLL` / `cdll.LoadLibrary` of a path that is not a literal may load a custom-op library shipped with a downloaded model.',
  safeAlternative: 'Load native libraries only from literal paths inside your own installation, and build custom ops from reviewed source.',
};

export const ONNX_EXTERNAL_DATA: RuleMeta = {
  id: 'MSL311',
  name: 'onnx-external-data',
  title: '`onnx.load` follows external data references',
  family: 'code-loaders',
  severity: 'low',
  confidence: 'low',
  why: 'An ONNX file can name external data files by path, and older ONNX versions followed such paths outside the model\'s folder.',
  description: '`onnx.load` / `onnx.load_model` read the tensors an ONNX file stores in external files, named by relative paths inside the model. Crafted paths (`../`, absolute, symbolic links) made older versions read arbitrary files into the model. Not reported when `load_external_data=False` is passed.',
  safeAlternative: 'Keep ONNX up to date, pass `load_external_data=False` for untrusted models, and scan them with `msl scan`, which checks external data paths.',
  references: ['https://github.com/onnx/onnx/blob/main/docs/ExternalData.md'],
};

export const codeLoaderRules: RuleMeta[] = [
  KERAS_SAFE_MODE_OFF, KERAS_UNSAFE_DESERIALIZATION, KERAS_LEGACY_H5, SAVED_MODEL_DYNAMIC_PATH, TORCHSCRIPT_LOAD, MLFLOW_REMOTE_LOAD,
  MLFLOW_ALLOW_PICKLE, SKOPS_TRUSTED, LANGCHAIN_DANGEROUS_DESERIALIZATION, NATIVE_LIBRARY_DYNAMIC_PATH, ONNX_EXTERNAL_DATA,
];
