// Risk classes of TensorFlow ops: Python callbacks, file system, checkpoints, network, and names
// that only a code-loading custom kernel would have.
import type { Severity } from '../../findings';
import { CORE_OPS } from './coreOps';

export const PYTHON_OPS: ReadonlySet<string> = new Set(['PyFunc', 'PyFuncStateless', 'EagerPyFunc']);

export interface FileOp {
  severity: Severity;
  what: string;
  /** Index of the input that carries the path, when there is one. */
  pathInput?: number;
  /** The op writes (paths outside the folder then become critical). */
  writes?: boolean;
}

export const FILE_OPS: Readonly<Record<string, FileOp>> = {
  ReadFile: { severity: 'high', what: 'reads a file', pathInput: 0 },
  WriteFile: { severity: 'high', what: 'writes a file', pathInput: 0, writes: true },
  MatchingFiles: { severity: 'medium', what: 'lists files matching a pattern', pathInput: 0 },
  ImmutableConst: { severity: 'high', what: 'memory-maps a file region (memory_region_name)' },
  WholeFileReader: { severity: 'medium', what: 'reads whole files' },
  WholeFileReaderV2: { severity: 'medium', what: 'reads whole files' },
  TextLineReader: { severity: 'medium', what: 'reads text files' },
  TextLineReaderV2: { severity: 'medium', what: 'reads text files' },
  FixedLengthRecordReader: { severity: 'medium', what: 'reads record files' },
  FixedLengthRecordReaderV2: { severity: 'medium', what: 'reads record files' },
  TFRecordReader: { severity: 'medium', what: 'reads TFRecord files' },
  TFRecordReaderV2: { severity: 'medium', what: 'reads TFRecord files' },
  LMDBReader: { severity: 'medium', what: 'reads LMDB databases' },
  IdentityReader: { severity: 'low', what: 'reads work items from a queue' },
  IdentityReaderV2: { severity: 'low', what: 'reads work items from a queue' },
  ReaderReadV2: { severity: 'medium', what: 'reads records with a reader' },
  TextLineDataset: { severity: 'medium', what: 'reads text files', pathInput: 0 },
  TFRecordDataset: { severity: 'medium', what: 'reads TFRecord files', pathInput: 0 },
  TFRecordDatasetV2: { severity: 'medium', what: 'reads TFRecord files', pathInput: 0 },
  FixedLengthRecordDataset: { severity: 'medium', what: 'reads record files', pathInput: 0 },
  FixedLengthRecordDatasetV2: { severity: 'medium', what: 'reads record files', pathInput: 0 },
  CSVDataset: { severity: 'medium', what: 'reads CSV files', pathInput: 0 },
  CSVDatasetV2: { severity: 'medium', what: 'reads CSV files', pathInput: 0 },
  ExperimentalCSVDataset: { severity: 'medium', what: 'reads CSV files', pathInput: 0 },
  LMDBDataset: { severity: 'medium', what: 'reads LMDB databases', pathInput: 0 },
  ExperimentalLMDBDataset: { severity: 'medium', what: 'reads LMDB databases', pathInput: 0 },
  SqlDataset: { severity: 'high', what: 'queries a SQL database', pathInput: 1 },
  ExperimentalSqlDataset: { severity: 'high', what: 'queries a SQL database', pathInput: 1 },
  SaveDataset: { severity: 'high', what: 'writes a dataset to files', pathInput: 1, writes: true },
  SaveDatasetV2: { severity: 'high', what: 'writes a dataset to files', pathInput: 1, writes: true },
  LoadDataset: { severity: 'medium', what: 'reads a saved dataset', pathInput: 0 },
  SnapshotDataset: { severity: 'medium', what: 'writes and reads dataset snapshots', pathInput: 1, writes: true },
  SnapshotDatasetV2: { severity: 'medium', what: 'writes and reads dataset snapshots', pathInput: 1, writes: true },
  DatasetToTFRecord: { severity: 'high', what: 'writes a TFRecord file', pathInput: 1, writes: true },
  ExperimentalDatasetToTFRecord: { severity: 'high', what: 'writes a TFRecord file', pathInput: 1, writes: true },
  CreateSummaryFileWriter: { severity: 'medium', what: 'opens a summary log directory for writing', pathInput: 1, writes: true },
  CreateSummaryDbWriter: { severity: 'medium', what: 'opens a summary database for writing', pathInput: 1, writes: true },
  WriteSummary: { severity: 'low', what: 'writes summaries to a log' },
  WriteScalarSummary: { severity: 'low', what: 'writes summaries to a log' },
  WriteHistogramSummary: { severity: 'low', what: 'writes summaries to a log' },
  WriteImageSummary: { severity: 'low', what: 'writes summaries to a log' },
  WriteAudioSummary: { severity: 'low', what: 'writes summaries to a log' },
  WriteRawProtoSummary: { severity: 'low', what: 'writes summaries to a log' },
  WriteGraphSummary: { severity: 'low', what: 'writes summaries to a log' },
  ImportEvent: { severity: 'low', what: 'writes events to a log' },
  SummaryWriter: { severity: 'low', what: 'holds a summary writer' },
  FlushSummaryWriter: { severity: 'low', what: 'flushes a summary writer' },
  CloseSummaryWriter: { severity: 'low', what: 'closes a summary writer' },
  InitializeTableFromTextFile: { severity: 'low', what: 'reads a lookup table from a text file', pathInput: 1 },
  InitializeTableFromTextFileV2: { severity: 'low', what: 'reads a lookup table from a text file', pathInput: 1 },
};

export const CHECKPOINT_OPS: ReadonlySet<string> = new Set(['Save', 'SaveV2', 'SaveV3', 'SaveSlices', 'Restore', 'RestoreV2', 'RestoreSlice', 'MergeV2Checkpoints']);

export const NETWORK_OPS: ReadonlySet<string> = new Set([
  'RemoteCall', 'RpcClient', 'RpcCall', 'RpcCheckStatus', 'RpcGetValue', 'RpcServer', 'RpcServerStart', 'RpcServerRegister', 'DeleteRpcFutureResource',
]);

/** Debug ops that stream tensors to the URLs in their `debug_urls` attribute. */
export const DEBUG_URL_OPS: ReadonlySet<string> = new Set(['DebugIdentity', 'DebugIdentityV2', 'DebugIdentityV3', 'DebugNanCount', 'DebugNumericSummary', 'DebugNumericSummaryV2', 'Copy', 'CopyHost']);

const NATIVE_CODE_NAME = /^_?(?:Load(?:Op)?Library|LoadPlugin|Dlopen|System|Shell(?:Exec)?|Popen|Subprocess|Exec(?:ute)?(?:Command|Shell|Process)?|RunCommand)$/i;

export function isNativeCodeName(op: string): boolean {
  return NATIVE_CODE_NAME.test(op);
}

/** Known to TensorFlow: core kernels and every op this module classifies. */
export function isKnownOp(op: string): boolean {
  return CORE_OPS.has(op) || PYTHON_OPS.has(op) || op in FILE_OPS || CHECKPOINT_OPS.has(op) || NETWORK_OPS.has(op) || DEBUG_URL_OPS.has(op) || op === 'PrintV2';
}
