// MSL760–MSL769: TensorFlow SavedModels and frozen GraphDefs.
import type { RuleMeta } from './types';

const family = 'model-format' as const;

export const TF_MALFORMED: RuleMeta = {
  id: 'MSL760', name: 'tf-malformed', title: 'Malformed TensorFlow graph', family, severity: 'medium', confidence: 'high',
  why: 'A SavedModel or GraphDef whose protobuf does not parse cleanly is damaged or crafted so that different readers see different graphs.',
  description: 'A message of the SavedModel / GraphDef has an invalid field, a truncated value or a length that runs past its message. Everything before the problem was analysed.',
  safeAlternative: 'Do not load the model; obtain an intact copy from a trusted source and compare its digest.',
};

export const TF_PYTHON_OP: RuleMeta = {
  id: 'MSL761', name: 'tf-python-op', title: 'Graph op that calls Python', family, severity: 'critical', confidence: 'high',
  why: 'PyFunc, PyFuncStateless and EagerPyFunc run a Python function of the loading process by token, so the graph executes arbitrary Python when it runs.',
  description: '`tf.py_function` / `tf.numpy_function` become these ops. The Python body is not in the graph: it is looked up at run time, which makes the graph\'s behaviour ' +
    'depend on code outside the model and lets a crafted graph call whatever function the loader has registered.',
  safeAlternative: 'Re-export the model without py_function / numpy_function.',
};

export const TF_FILE_IO: RuleMeta = {
  id: 'MSL762', name: 'tf-file-io-op', title: 'Graph op that reads or writes files', family, severity: 'high', confidence: 'high',
  why: 'Ops such as ReadFile, WriteFile, MatchingFiles and ImmutableConst touch the file system whenever the graph runs, which a model for inference has no reason to do.',
  description: 'TensorFlow graphs can read (`ReadFile`, readers and file datasets, `ImmutableConst` memory-mapping), list (`MatchingFiles`) and write (`WriteFile`, summary writers, ' +
    '`PrintV2` to a file) files. A served model doing so can leak or plant files. The path is shown when it is a constant; absolute and `..` paths raise the severity.',
  safeAlternative: 'Do not serve the model. Review where the op is reachable from (the signatures) and why it is there.',
};

export const TF_CHECKPOINT_IO: RuleMeta = {
  id: 'MSL763', name: 'tf-checkpoint-op-path', title: 'Checkpoint op outside the saver', family, severity: 'high', confidence: 'medium',
  why: 'Save/Restore ops outside the standard saver plumbing, or with a path computed at run time, write or read checkpoint files wherever the graph decides.',
  description: 'SavedModels carry `SaveV2`/`RestoreV2`/`MergeV2Checkpoints` for their own variables, fed by the saver\'s filename placeholder or the `_traced_save`/`_traced_restore` ' +
    'functions: those are not reported. The same ops elsewhere write or read arbitrary paths: a constant path is medium (high when absolute or with `..`), a computed path high.',
  safeAlternative: 'Review the op and where its path comes from; remove it from serving signatures.',
};

export const TF_NETWORK_OP: RuleMeta = {
  id: 'MSL764', name: 'tf-network-op', title: 'Graph op that talks to the network', family, severity: 'high', confidence: 'medium',
  why: 'Debug ops with gRPC URLs and RPC/remote-call ops send tensors to, or run functions on, other machines when the graph runs.',
  description: '`DebugIdentity`-family ops stream tensors to their `debug_urls` (grpc:// or file://), `RpcClient`/`RpcCall` call remote servers and `RemoteCall` runs a function on another device or task. ' +
    'A model for inference has no reason to do any of this.',
  safeAlternative: 'Do not serve the model; remove the ops and re-export.',
};

export const TF_UNKNOWN_OP: RuleMeta = {
  id: 'MSL765', name: 'tf-unknown-op', title: 'Op outside TensorFlow\'s core set', family, severity: 'medium', confidence: 'medium',
  why: 'An op that is neither a core TensorFlow op nor a function of the graph\'s library needs a custom kernel library (native code loaded with tf.load_op_library) to run.',
  description: 'The op name is not in the scanner\'s list of core TensorFlow ops and the graph\'s function library does not define it. Either it comes from an add-on ' +
    '(TensorFlow Text, Addons, custom C++ ops) or from a library that arrives with the model.',
  safeAlternative: 'Identify the package that provides the op and install it from a trusted source; never load an op library shipped with the model.',
};

export const TF_ASSETS: RuleMeta = {
  id: 'MSL766', name: 'tf-savedmodel-executable-asset', title: 'Executable or native library in a SavedModel folder', family, severity: 'high', confidence: 'medium',
  why: 'A SavedModel\'s assets are data files (vocabularies); a script, executable or shared library there is code that travels with the model waiting for something to run it.',
  description: 'The folders next to `saved_model.pb` (`assets/`, `assets.extra/`, `variables/`) were listed, read-only. Files named like scripts or native libraries, or with the execute bit or an ' +
    'ELF / Mach-O / PE / shebang signature, are reported. Custom-op libraries (`.so`) loaded with `tf.load_op_library` run native code at load time.',
  safeAlternative: 'Delete the files or obtain the SavedModel from a trusted source; never load op libraries that ship with a model.',
};

export const TF_NATIVE_CODE_OP: RuleMeta = {
  id: 'MSL767', name: 'tf-native-code-op', title: 'Op named like a code loader or shell', family, severity: 'critical', confidence: 'medium',
  why: 'An op named like LoadLibrary, System or Shell is a custom kernel whose purpose is to load native code or run commands.',
  description: 'No core TensorFlow op has such a name; an op library that provides it is native code doing what the name says.',
  safeAlternative: 'Do not load the model.',
};

export const tensorflowRules: RuleMeta[] = [TF_MALFORMED, TF_PYTHON_OP, TF_FILE_IO, TF_CHECKPOINT_IO, TF_NETWORK_OP, TF_UNKNOWN_OP, TF_ASSETS, TF_NATIVE_CODE_OP];
