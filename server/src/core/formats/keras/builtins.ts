// Reviewed names: Keras' built-in layer and model classes (Keras 2 and 3), the modules a
// config may legitimately import from, and the names that make Python code or a module dangerous.

/** Built-in layer, cell, wrapper and model class names of Keras 2.x and 3.x. */
export const BUILTIN_LAYERS: ReadonlySet<string> = new Set([
  // models
  'Sequential', 'Functional', 'Model',
  // core
  'InputLayer', 'Input', 'Dense', 'EinsumDense', 'Activation', 'Embedding', 'Masking', 'Lambda', 'Identity', 'Wrapper',
  'Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'SpatialDropout3D', 'GaussianDropout', 'GaussianNoise', 'AlphaDropout',
  'ActivityRegularization', 'Flatten', 'Reshape', 'Permute', 'RepeatVector', 'Cropping1D', 'Cropping2D', 'Cropping3D',
  'UpSampling1D', 'UpSampling2D', 'UpSampling3D', 'ZeroPadding1D', 'ZeroPadding2D', 'ZeroPadding3D',
  // merging
  'Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Concatenate', 'Dot',
  // convolution and pooling
  'Conv1D', 'Conv2D', 'Conv3D', 'Conv1DTranspose', 'Conv2DTranspose', 'Conv3DTranspose', 'SeparableConv1D', 'SeparableConv2D',
  'DepthwiseConv1D', 'DepthwiseConv2D', 'Convolution1D', 'Convolution2D', 'Convolution3D', 'Convolution2DTranspose',
  'LocallyConnected1D', 'LocallyConnected2D', 'ConvLSTM1D', 'ConvLSTM2D', 'ConvLSTM3D',
  'MaxPooling1D', 'MaxPooling2D', 'MaxPooling3D', 'AveragePooling1D', 'AveragePooling2D', 'AveragePooling3D',
  'MaxPool1D', 'MaxPool2D', 'MaxPool3D', 'AvgPool1D', 'AvgPool2D', 'AvgPool3D',
  'GlobalMaxPooling1D', 'GlobalMaxPooling2D', 'GlobalMaxPooling3D', 'GlobalAveragePooling1D', 'GlobalAveragePooling2D', 'GlobalAveragePooling3D',
  'GlobalMaxPool1D', 'GlobalMaxPool2D', 'GlobalMaxPool3D', 'GlobalAvgPool1D', 'GlobalAvgPool2D', 'GlobalAvgPool3D',
  // recurrent
  'RNN', 'SimpleRNN', 'GRU', 'LSTM', 'SimpleRNNCell', 'GRUCell', 'LSTMCell', 'StackedRNNCells', 'CuDNNGRU', 'CuDNNLSTM',
  'Bidirectional', 'TimeDistributed', 'ConvRNN2D',
  // normalisation, attention
  'BatchNormalization', 'LayerNormalization', 'GroupNormalization', 'UnitNormalization', 'SpectralNormalization', 'RMSNormalization',
  'Attention', 'AdditiveAttention', 'MultiHeadAttention', 'GroupedQueryAttention',
  // activations as layers
  'ReLU', 'LeakyReLU', 'PReLU', 'ELU', 'ThresholdedReLU', 'Softmax',
  // reshaping and preprocessing
  'Normalization', 'Discretization', 'CategoryEncoding', 'Hashing', 'HashedCrossing', 'StringLookup', 'IntegerLookup',
  'TextVectorization', 'Resizing', 'Rescaling', 'CenterCrop', 'RandomCrop', 'RandomFlip', 'RandomRotation', 'RandomZoom',
  'RandomTranslation', 'RandomContrast', 'RandomBrightness', 'RandomHeight', 'RandomWidth', 'AutoContrast', 'Solarization',
  'RandomGrayscale', 'RandomHue', 'RandomSaturation', 'RandomSharpness', 'RandomShear', 'RandomColorJitter', 'RandomPosterization',
  'RandomInvert', 'RandomErasing', 'RandomGaussianBlur', 'RandomPerspective', 'RandomElasticTransform', 'MixUp', 'CutMix',
  'AugMix', 'RandAugment', 'Equalization', 'MelSpectrogram', 'STFTSpectrogram', 'Pipeline',
  // Keras 2 functional-API op wrappers (resolved inside TensorFlow's namespace; checked separately)
  'TFOpLambda', 'SlicingOpLambda', 'ClassMethod', 'InstanceMethod', 'InstanceProperty',
  // Keras 3 backend bridges
  'TFSMLayer', 'JaxLayer', 'FlaxLayer', 'TorchModuleWrapper',
]);

/** Modules a Keras config may name: Keras itself. */
export function isKerasModule(module: string): boolean {
  return /^(keras|tf_keras)(\.|$)/.test(module) || /^tensorflow\.(python\.)?keras(\.|$)/.test(module);
}

/** Top-level modules whose functions run commands, load code or touch files. */
export const DANGEROUS_MODULES: ReadonlySet<string> = new Set([
  'os', 'posix', 'nt', 'subprocess', 'builtins', '__builtin__', 'sys', 'importlib', 'runpy', 'shutil', 'socket', 'pty',
  'code', 'codeop', 'pickle', 'marshal', 'ctypes', 'webbrowser', 'multiprocessing', 'pathlib', 'io', 'commands', 'popen2',
  'platform', 'urllib', 'requests', 'http', 'tempfile', 'asyncio', 'dill', 'cloudpickle', 'joblib', 'pdb', 'bdb',
]);

/** Names in a Lambda's bytecode that make it critical: command execution, dynamic code, files, network. */
export const DANGEROUS_CODE_NAMES: ReadonlySet<string> = new Set([
  'os', 'system', 'popen', 'Popen', 'subprocess', 'eval', 'exec', 'execfile', 'compile', '__import__', 'import_module', 'importlib',
  'open', 'builtins', '__builtins__', 'socket', 'spawn', 'spawnv', 'spawnl', 'execv', 'execve', 'execl', 'execvp', 'fork',
  'remove', 'unlink', 'rmtree', 'urlopen', 'urllib', 'requests', 'pickle', 'loads', 'marshal', 'ctypes', 'shutil', 'pty',
  'getattr', 'globals', 'breakpoint', 'check_output', 'check_call', 'write_file', 'read_file', 'gfile',
]);

/**
 * Keras functions a config can reference by name that advisories showed to be dangerous even in
 * safe mode (last name component, matched case-sensitively).
 */
export const BYPASS_FUNCTIONS: Readonly<Record<string, string>> = {
  enable_unsafe_deserialization: 'turns safe mode off for the rest of the load (CVE-2025-9906)',
  get_file: 'downloads a URL and writes it to disk (CVE-2025-8747)',
  load_model: 'loads a second model that this scan has not checked',
  load_weights: 'loads weights from a path named by the config',
  save_model: 'writes files while the model loads',
  save: 'writes files while the model loads',
  save_weights: 'writes files while the model loads',
  export: 'writes files while the model loads',
};

/** TensorFlow API paths that a Keras 2 TFOpLambda may name and that reach files or Python. */
export const DANGEROUS_TF_OPS = /(^|\.)(io|gfile|py_func|py_function|numpy_function|script_ops|load_library|load_op_library|saved_model|summary|print|debugging|data\.experimental\.save|write_file|read_file|matching_files)(\.|$)/;
