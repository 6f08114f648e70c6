// The reviewed allowlist: imports that only rebuild inert data (tensors, arrays, containers).
// Anything a pickle imports that is not here is at least an "unknown import" finding.
// Every entry says why it is inert. Keep entries exact: module-wide wildcards are not allowed here.

export interface AllowEntry {
  module: string;
  name: string;
  reason: string;
}

function many(module: string, list: string[], reason: string): AllowEntry[] {
  return list.map((name) => ({ module, name, reason }));
}

const TENSOR_REBUILD = 'PyTorch tensor/parameter rebuild helper: wraps storages that the pickle references, runs no user code (also allowed by torch.load(weights_only=True))';
const STORAGE = 'PyTorch storage class named in persistent ids of checkpoints; loading only allocates typed memory';
const DTYPE = 'PyTorch dtype/layout/format constant: a plain enum-like value';
const NN = 'PyTorch nn layer class: unpickling creates the object with __new__ and restores its __dict__; constructors only store hyperparameters';
const NUMPY_ARRAY = 'NumPy array/dtype/scalar reconstruction: allocates an array from the constant bytes in the pickle';
const CONTAINER = 'standard container or value type: constructing it stores data and runs no code of its own';
const SKLEARN = 'reviewed scikit-learn estimator/helper class: __init__ only stores parameters and __setstate__ restores attributes';
const COPYREG = 'copyreg reconstruction helper used by the pickle protocol itself: instantiates classes that the stream imports (and we grade) separately';

const TORCH_STORAGES = [
  'FloatStorage', 'DoubleStorage', 'HalfStorage', 'BFloat16Storage', 'LongStorage', 'IntStorage', 'ShortStorage',
  'CharStorage', 'ByteStorage', 'BoolStorage', 'ComplexFloatStorage', 'ComplexDoubleStorage', 'QUInt8Storage',
  'QInt8Storage', 'QInt32Storage', 'QUInt4x2Storage', 'QUInt2x4Storage', 'UntypedStorage', 'TypedStorage',
];
const TORCH_DTYPES = [
  'float32', 'float', 'float64', 'double', 'float16', 'half', 'bfloat16', 'complex32', 'complex64', 'cfloat',
  'complex128', 'cdouble', 'uint8', 'int8', 'int16', 'short', 'int32', 'int', 'int64', 'long', 'bool', 'uint16',
  'uint32', 'uint64', 'quint8', 'qint8', 'qint32', 'quint4x2', 'quint2x4', 'float8_e4m3fn', 'float8_e5m2',
  'float8_e4m3fnuz', 'float8_e5m2fnuz', 'strided', 'sparse_coo', 'sparse_csr', 'sparse_csc', 'sparse_bsr',
  'sparse_bsc', '_mkldnn', 'contiguous_format', 'channels_last', 'channels_last_3d', 'preserve_format',
  'per_tensor_affine', 'per_channel_affine', 'per_tensor_symmetric', 'per_channel_symmetric',
  'per_channel_affine_float_qparams',
];
const NN_LAYERS = [
  'linear.Linear', 'linear.Identity', 'linear.Bilinear', 'linear.LazyLinear', 'linear.NonDynamicallyQuantizableLinear',
  'conv.Conv1d', 'conv.Conv2d', 'conv.Conv3d', 'conv.ConvTranspose1d', 'conv.ConvTranspose2d', 'conv.ConvTranspose3d',
  'batchnorm.BatchNorm1d', 'batchnorm.BatchNorm2d', 'batchnorm.BatchNorm3d', 'normalization.LayerNorm',
  'normalization.GroupNorm', 'normalization.RMSNorm', 'sparse.Embedding', 'sparse.EmbeddingBag', 'dropout.Dropout',
  'dropout.Dropout1d', 'dropout.Dropout2d', 'dropout.Dropout3d', 'activation.ReLU', 'activation.ReLU6',
  'activation.GELU', 'activation.SiLU', 'activation.Sigmoid', 'activation.Tanh', 'activation.Softmax',
  'activation.LogSoftmax', 'activation.LeakyReLU', 'activation.ELU', 'activation.Mish', 'activation.Hardswish',
  'activation.MultiheadAttention', 'container.Sequential', 'container.ModuleList', 'container.ModuleDict',
  'container.ParameterList', 'container.ParameterDict', 'pooling.MaxPool1d', 'pooling.MaxPool2d', 'pooling.MaxPool3d',
  'pooling.AvgPool1d', 'pooling.AvgPool2d', 'pooling.AvgPool3d', 'pooling.AdaptiveAvgPool1d',
  'pooling.AdaptiveAvgPool2d', 'pooling.AdaptiveMaxPool2d', 'flatten.Flatten', 'flatten.Unflatten', 'rnn.LSTM',
  'rnn.GRU', 'rnn.RNN', 'rnn.LSTMCell', 'rnn.GRUCell', 'transformer.Transformer', 'transformer.TransformerEncoder',
  'transformer.TransformerEncoderLayer', 'transformer.TransformerDecoder', 'transformer.TransformerDecoderLayer',
  'upsampling.Upsample', 'padding.ZeroPad2d', 'loss.CrossEntropyLoss', 'loss.MSELoss',
];
const SKLEARN_CLASSES: Array<[string, string[]]> = [
  ['sklearn.linear_model._base', ['LinearRegression']],
  ['sklearn.linear_model._logistic', ['LogisticRegression']],
  ['sklearn.linear_model._ridge', ['Ridge', 'RidgeClassifier']],
  ['sklearn.linear_model._coordinate_descent', ['Lasso', 'ElasticNet']],
  ['sklearn.linear_model._stochastic_gradient', ['SGDClassifier', 'SGDRegressor']],
  ['sklearn.preprocessing._data', ['StandardScaler', 'MinMaxScaler', 'RobustScaler', 'MaxAbsScaler', 'Normalizer']],
  ['sklearn.preprocessing._label', ['LabelEncoder', 'LabelBinarizer']],
  ['sklearn.preprocessing._encoders', ['OneHotEncoder', 'OrdinalEncoder']],
  ['sklearn.preprocessing._polynomial', ['PolynomialFeatures']],
  ['sklearn.pipeline', ['Pipeline']],
  ['sklearn.compose._column_transformer', ['ColumnTransformer']],
  ['sklearn.impute._base', ['SimpleImputer']],
  ['sklearn.decomposition._pca', ['PCA']],
  ['sklearn.decomposition._truncated_svd', ['TruncatedSVD']],
  ['sklearn.cluster._kmeans', ['KMeans', 'MiniBatchKMeans']],
  ['sklearn.tree._classes', ['DecisionTreeClassifier', 'DecisionTreeRegressor', 'ExtraTreeClassifier', 'ExtraTreeRegressor']],
  ['sklearn.tree._tree', ['Tree']],
  ['sklearn.ensemble._forest', ['RandomForestClassifier', 'RandomForestRegressor', 'ExtraTreesClassifier', 'ExtraTreesRegressor']],
  ['sklearn.ensemble._gb', ['GradientBoostingClassifier', 'GradientBoostingRegressor']],
  ['sklearn.ensemble._gb_losses', ['BinomialDeviance', 'LeastSquaresError', 'MultinomialDeviance']],
  ['sklearn._loss.loss', ['HalfBinomialLoss', 'HalfSquaredError', 'HalfMultinomialLoss']],
  ['sklearn._loss.link', ['IdentityLink', 'LogitLink', 'MultinomialLogit', 'Interval']],
  ['sklearn.svm._classes', ['SVC', 'SVR', 'LinearSVC', 'LinearSVR']],
  ['sklearn.neighbors._classification', ['KNeighborsClassifier']],
  ['sklearn.neighbors._regression', ['KNeighborsRegressor']],
  ['sklearn.naive_bayes', ['GaussianNB', 'MultinomialNB']],
  ['sklearn.feature_extraction.text', ['CountVectorizer', 'TfidfVectorizer', 'TfidfTransformer']],
  ['sklearn.dummy', ['DummyClassifier', 'DummyRegressor']],
];

export const ALLOWLIST: readonly AllowEntry[] = [
  ...many('torch._utils', [
    '_rebuild_tensor', '_rebuild_tensor_v2', '_rebuild_tensor_v3', '_rebuild_parameter', '_rebuild_parameter_with_state',
    '_rebuild_sparse_tensor', '_rebuild_meta_tensor_no_storage', '_rebuild_nested_tensor', '_rebuild_qtensor',
    '_rebuild_device_tensor_from_numpy', '_rebuild_device_tensor_from_cpu_tensor', '_rebuild_wrapper_subclass',
  ], TENSOR_REBUILD),
  { module: 'torch._tensor', name: '_rebuild_from_type_v2', reason: `${TENSOR_REBUILD}; the function it applies is itself an import graded separately` },
  { module: 'torch.tensor', name: '_rebuild_from_type_v2', reason: 'old module name torch.load maps to torch._tensor (same helper)' },
  { module: 'torch.nn.parameter', name: 'Parameter', reason: TENSOR_REBUILD },
  { module: 'torch', name: 'Tensor', reason: TENSOR_REBUILD },
  { module: 'torch', name: 'Size', reason: 'torch.Size is a tuple of ints' },
  { module: 'torch', name: 'device', reason: 'torch.device only parses a device string such as "cuda:0"; it allocates nothing' },
  ...many('torch.jit._pickle', ['build_intlist', 'build_tensorlist', 'build_doublelist', 'build_boollist', 'build_tensor_from_id', 'restore_type_tag'],
    'TorchScript container helper: returns its argument unchanged (it only tags the static type for the TorchScript loader)'),
  { module: 'torch.serialization', name: '_get_layout', reason: 'maps a layout name to a torch.layout constant' },
  ...many('torch', TORCH_STORAGES, STORAGE),
  ...many('torch.cuda', TORCH_STORAGES.filter((s) => !s.startsWith('Q')), STORAGE),
  ...many('torch.storage', ['UntypedStorage', 'TypedStorage', '_StorageBase'], STORAGE),
  ...many('torch', TORCH_DTYPES, DTYPE),
  ...NN_LAYERS.map((path) => {
    const dot = path.indexOf('.');
    return { module: `torch.nn.modules.${path.slice(0, dot)}`, name: path.slice(dot + 1), reason: NN };
  }),
  ...many('collections', ['OrderedDict', 'defaultdict', 'Counter', 'deque'], CONTAINER),
  ...many('builtins', ['set', 'frozenset', 'slice', 'complex', 'bytearray', 'bytes', 'range', 'object', 'int', 'float', 'str', 'bool', 'list', 'tuple', 'dict', 'Ellipsis', 'NotImplemented'], CONTAINER),
  ...many('datetime', ['datetime', 'date', 'time', 'timedelta', 'timezone'], CONTAINER),
  { module: 'decimal', name: 'Decimal', reason: CONTAINER },
  { module: 'fractions', name: 'Fraction', reason: CONTAINER },
  { module: 'uuid', name: 'UUID', reason: CONTAINER },
  ...many('copyreg', ['_reconstructor', '__newobj__', '__newobj_ex__'], COPYREG),
  { module: '_codecs', name: 'encode', reason: 'protocol 2 pickles written by Python 3 encode bytes as _codecs.encode(text, "latin1"); codecs only transform data' },
  { module: 'codecs', name: 'encode', reason: 'same as _codecs.encode: a pure data transformation' },
  ...['numpy.core.multiarray', 'numpy._core.multiarray'].flatMap((m) => many(m, ['_reconstruct', 'scalar'], NUMPY_ARRAY)),
  ...['numpy.core.numeric', 'numpy._core.numeric'].flatMap((m) => many(m, ['_frombuffer'], NUMPY_ARRAY)),
  ...many('numpy', ['ndarray', 'dtype', 'bool_', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'float16', 'float32', 'float64', 'longdouble', 'complex64', 'complex128', 'str_', 'bytes_', 'datetime64', 'timedelta64', 'void', 'matrix'], NUMPY_ARRAY),
  ...many('numpy.dtypes', ['BoolDType', 'Int8DType', 'Int16DType', 'Int32DType', 'Int64DType', 'UInt8DType', 'UInt16DType', 'UInt32DType', 'UInt64DType', 'Float16DType', 'Float32DType', 'Float64DType', 'Complex64DType', 'Complex128DType', 'StrDType', 'BytesDType', 'VoidDType', 'ObjectDType', 'DateTime64DType', 'TimeDelta64DType'], NUMPY_ARRAY),
  { module: 'numpy.ma.core', name: '_mareconstruct', reason: NUMPY_ARRAY },
  ...many('numpy.random._pickle', ['__randomstate_ctor', '__bit_generator_ctor', '__generator_ctor'], 'NumPy random generator reconstruction: looks a bit-generator name up in NumPy\'s own table'),
  ...many('numpy.random._mt19937', ['MT19937'], 'NumPy bit generator state'),
  ...many('numpy.random._pcg64', ['PCG64'], 'NumPy bit generator state'),
  { module: 'joblib.numpy_pickle', name: 'NumpyArrayWrapper', reason: 'joblib inline array header: the array bytes that follow are skipped as joblib reads them' },
  ...SKLEARN_CLASSES.flatMap(([m, list]) => many(m, list, SKLEARN)),
];
