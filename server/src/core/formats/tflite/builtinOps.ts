// TFLite BuiltinOperator names by code (facts of the TFLite schema, codes 0-161). Later codes
// (the StableHLO family) are shown as BUILTIN_<code>.
const NAMES: readonly string[] = [
  'ADD', 'AVERAGE_POOL_2D', 'CONCATENATION', 'CONV_2D', 'DEPTH_TO_SPACE', 'DEPTHWISE_CONV_2D', 'DEQUANTIZE',
  'EMBEDDING_LOOKUP', 'FLOOR', 'FULLY_CONNECTED', 'HASHTABLE_LOOKUP', 'L2_NORMALIZATION', 'L2_POOL_2D',
  'LOCAL_RESPONSE_NORMALIZATION', 'LOGISTIC', 'LSH_PROJECTION', 'LSTM', 'MAX_POOL_2D', 'MUL', 'RELU', 'RELU_N1_TO_1',
  'RELU6', 'RESHAPE', 'RESIZE_BILINEAR', 'RNN', 'SOFTMAX', 'SPACE_TO_DEPTH', 'SVDF', 'TANH', 'CONCAT_EMBEDDINGS',
  'SKIP_GRAM', 'CALL', 'CUSTOM', 'EMBEDDING_LOOKUP_SPARSE', 'PAD', 'UNIDIRECTIONAL_SEQUENCE_RNN', 'GATHER',
  'BATCH_TO_SPACE_ND', 'SPACE_TO_BATCH_ND', 'TRANSPOSE', 'MEAN', 'SUB', 'DIV', 'SQUEEZE',
  'UNIDIRECTIONAL_SEQUENCE_LSTM', 'STRIDED_SLICE', 'BIDIRECTIONAL_SEQUENCE_RNN', 'EXP', 'TOPK_V2', 'SPLIT',
  'LOG_SOFTMAX', 'DELEGATE', 'BIDIRECTIONAL_SEQUENCE_LSTM', 'CAST', 'PRELU', 'MAXIMUM', 'ARG_MAX', 'MINIMUM', 'LESS',
  'NEG', 'PADV2', 'GREATER', 'GREATER_EQUAL', 'LESS_EQUAL', 'SELECT', 'SLICE', 'SIN', 'TRANSPOSE_CONV',
  'SPARSE_TO_DENSE', 'TILE', 'EXPAND_DIMS', 'EQUAL', 'NOT_EQUAL', 'LOG', 'SUM', 'SQRT', 'RSQRT', 'SHAPE', 'POW',
  'ARG_MIN', 'FAKE_QUANT', 'REDUCE_PROD', 'REDUCE_MAX', 'PACK', 'LOGICAL_OR', 'ONE_HOT', 'LOGICAL_AND',
  'LOGICAL_NOT', 'UNPACK', 'REDUCE_MIN', 'FLOOR_DIV', 'REDUCE_ANY', 'SQUARE', 'ZEROS_LIKE', 'FILL', 'FLOOR_MOD',
  'RANGE', 'RESIZE_NEAREST_NEIGHBOR', 'LEAKY_RELU', 'SQUARED_DIFFERENCE', 'MIRROR_PAD', 'ABS', 'SPLIT_V', 'UNIQUE',
  'CEIL', 'REVERSE_V2', 'ADD_N', 'GATHER_ND', 'COS', 'WHERE', 'RANK', 'ELU', 'REVERSE_SEQUENCE', 'MATRIX_DIAG',
  'QUANTIZE', 'MATRIX_SET_DIAG', 'ROUND', 'HARD_SWISH', 'IF', 'WHILE', 'NON_MAX_SUPPRESSION_V4',
  'NON_MAX_SUPPRESSION_V5', 'SCATTER_ND', 'SELECT_V2', 'DENSIFY', 'SEGMENT_SUM', 'BATCH_MATMUL',
  'PLACEHOLDER_FOR_GREATER_OP_CODES', 'CUMSUM', 'CALL_ONCE', 'BROADCAST_TO', 'RFFT2D', 'CONV_3D', 'IMAG', 'REAL',
  'COMPLEX_ABS', 'HASHTABLE', 'HASHTABLE_FIND', 'HASHTABLE_IMPORT', 'HASHTABLE_SIZE', 'REDUCE_ALL',
  'CONV_3D_TRANSPOSE', 'VAR_HANDLE', 'READ_VARIABLE', 'ASSIGN_VARIABLE', 'BROADCAST_ARGS', 'RANDOM_STANDARD_NORMAL',
  'BUCKETIZE', 'RANDOM_UNIFORM', 'MULTINOMIAL', 'GELU', 'DYNAMIC_UPDATE_SLICE', 'RELU_0_TO_1',
  'UNSORTED_SEGMENT_PROD', 'UNSORTED_SEGMENT_MAX', 'UNSORTED_SEGMENT_SUM', 'ATAN2', 'UNSORTED_SEGMENT_MIN', 'SIGN',
  'BITCAST', 'BITWISE_XOR', 'RIGHT_SHIFT',
];

export const CUSTOM_CODE = 32;

export function builtinName(code: number): string {
  return NAMES[code] ?? `BUILTIN_${code}`;
}

/**
 * TensorFlow ops that, run through the Flex delegate, read or write files, call Python, load
 * code or talk to other processes. Matched on the op name after the `Flex` prefix.
 */
export const DANGEROUS_FLEX_OPS: ReadonlySet<string> = new Set([
  'ReadFile', 'WriteFile', 'MatchingFiles', 'PyFunc', 'PyFuncStateless', 'EagerPyFunc', 'Save', 'SaveV2', 'SaveSlices',
  'Restore', 'RestoreV2', 'RestoreSlice', 'MergeV2Checkpoints', 'ImmutableConst', 'TFRecordDataset', 'TFRecordDatasetV2',
  'TextLineDataset', 'FixedLengthRecordDataset', 'FixedLengthRecordDatasetV2', 'WholeFileReader', 'WholeFileReaderV2',
  'TextLineReader', 'TextLineReaderV2', 'TFRecordReader', 'TFRecordReaderV2', 'FixedLengthRecordReader', 'FixedLengthRecordReaderV2',
  'LMDBReader', 'LMDBDataset', 'ExperimentalLMDBDataset', 'SqlDataset', 'ExperimentalSqlDataset', 'CSVDataset', 'CSVDatasetV2',
  'ExperimentalCSVDataset', 'PrintV2', 'DebugIdentity', 'DebugIdentityV2', 'DebugIdentityV3', 'DebugNanCount', 'DebugNumericSummary',
  'CreateSummaryFileWriter', 'CreateSummaryDbWriter', 'WriteSummary', 'WriteScalarSummary', 'WriteAudioSummary', 'WriteImageSummary',
  'WriteHistogramSummary', 'WriteGraphSummary', 'WriteRawProtoSummary', 'ImportEvent', 'SaveDataset', 'SaveDatasetV2',
  'ExperimentalSaveDataset', 'DatasetToTFRecord', 'ExperimentalDatasetToTFRecord', 'LoadDataset', 'SnapshotDataset',
  'SnapshotDatasetV2', 'LoadAndRemapMatrix', 'GenerateVocabRemapping', 'InitializeTableFromTextFile', 'InitializeTableFromTextFileV2',
  'DecodeProtoV2', 'EncodeProto', 'RemoteCall', 'Send', 'Recv', '_Send', '_Recv', 'CollectiveGather', 'CollectiveReduce',
]);
