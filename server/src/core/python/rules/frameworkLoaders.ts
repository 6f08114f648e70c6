// MSL301-MSL311: framework loaders whose options or inputs decide whether loading runs code.
// (MSL307, an environment variable, lives in environment.ts; MSL309 is a keyword flag.)
import {
  KERAS_LEGACY_H5, KERAS_SAFE_MODE_OFF, KERAS_UNSAFE_DESERIALIZATION, LANGCHAIN_DANGEROUS_DESERIALIZATION, MLFLOW_REMOTE_LOAD,
  NATIVE_LIBRARY_DYNAMIC_PATH, ONNX_EXTERNAL_DATA, SAVED_MODEL_DYNAMIC_PATH, SKOPS_TRUSTED, TORCHSCRIPT_LOAD,
} from '../../rules/codeLoaders';
import { oneLine } from '../text';
import { argument, keywordState, removeKeywordFix, reportCall, stringConstant } from './common';
import { everyCallRule } from './deserialization';
import { keywordFlagRule } from './keywordFlags';
import { describeCallee, type CallRule } from './types';

const KERAS = ['keras', 'tensorflow.keras', 'tf_keras', 'tensorflow.python.keras'];
const kerasCallees = (fn: string): string[] => KERAS.flatMap((k) => [`${k}.${fn}`, `${k}.**.${fn}`]);

/** MSL301 (safe_mode=False, fixed by deleting it) and MSL303 (legacy .h5 literal paths). */
export const kerasLoadModelRule: CallRule = {
  callees: kerasCallees('load_model'),
  check(m, ctx) {
    const callee = describeCallee(m);
    const keyword = m.args.keywords.get('safe_mode');
    const value = keyword?.childForFieldName('value');
    if (keyword && value) {
      const { state } = keywordState(value, false, m.scope, ctx);
      if (state === 'literal' || state === 'constant') {
        const fix = state === 'literal' ? removeKeywordFix({ keyword, args: m.args }, ctx) : undefined;
        reportCall(KERAS_SAFE_MODE_OFF, m, ctx, { message: `${callee} is called with \`safe_mode=${oneLine(value.text, 40)}\`, so \`Lambda\` layers in the file are rebuilt from bytecode and can run code.`, ...(fix ? { fix } : {}) });
      }
    }
    const path = stringConstant(argument(m.args, 0, 'filepath'), m.scope, ctx);
    if (path && /\.(h5|hdf5)$/i.test(path)) {
      reportCall(KERAS_LEGACY_H5, m, ctx, { message: `${callee} loads \`${path}\` through the legacy HDF5 loader, where safe mode does not apply.` });
    }
  },
};

export const kerasUnsafeRule = everyCallRule(KERAS_UNSAFE_DESERIALIZATION, kerasCallees('enable_unsafe_deserialization'),
  () => 'turns safe mode off for every model loaded afterwards in this process.');

/** MSL304: SavedModel loads of computed paths. */
export const savedModelRule: CallRule = {
  callees: ['tensorflow.saved_model.load', 'tensorflow.saved_model.loader.load', 'tensorflow.compat.v1.saved_model.load', 'tensorflow.compat.v1.saved_model.loader.load', 'tensorflow.compat.v2.saved_model.load'],
  check(m, ctx) {
    const position = m.qualified.includes('loader.') || m.qualified.includes('compat.v1') ? 2 : 0;
    const pathNode = argument(m.args, position, 'export_dir');
    if (!pathNode || stringConstant(pathNode, m.scope, ctx) !== undefined) return;
    reportCall(SAVED_MODEL_DYNAMIC_PATH, m, ctx, { message: `${describeCallee(m)} loads a SavedModel from \`${oneLine(pathNode.text, 60)}\`, a path computed at run time; its graph runs with this process's file access.` });
  },
};

export const torchscriptRule = everyCallRule(TORCHSCRIPT_LOAD, ['torch.jit.load', 'torch.jit._serialization.load'],
  () => 'loads a TorchScript program, whose code runs when the model is called.');

const REMOTE_URI = /^(?!file:)[a-z][\w+.-]*:\/?\//i;

/** MSL306: mlflow.<flavour>.load_model of a literal remote URI. */
export const mlflowRule: CallRule = {
  callees: ['mlflow.*.load_model', 'mlflow.pyfunc.spark_udf'],
  check(m, ctx) {
    const position = m.qualified.endsWith('spark_udf') ? 1 : 0;
    const uri = stringConstant(argument(m.args, position, 'model_uri'), m.scope, ctx);
    if (!uri || !REMOTE_URI.test(uri)) return;
    reportCall(MLFLOW_REMOTE_LOAD, m, ctx, { message: `${describeCallee(m)} loads \`${oneLine(uri, 80)}\` from a remote store; MLflow flavours unpickle Python objects, so whoever can write there controls this code.` });
  },
};

/** MSL308: skops.io.load(..., trusted=True). */
export const skopsRule: CallRule = {
  callees: ['skops.io.load', 'skops.io.loads'],
  check(m, ctx) {
    const value = argument(m.args, undefined, 'trusted');
    if (!value || ctx.resolver.constant(value, m.scope)?.value !== true) return;
    reportCall(SKOPS_TRUSTED, m, ctx, { message: `${describeCallee(m)} is called with \`trusted=True\`, which trusts every type in the file and allows code execution.` });
  },
};

export const langchainDeserializationRule = keywordFlagRule({
  rule: LANGCHAIN_DANGEROUS_DESERIALIZATION,
  keyword: 'allow_dangerous_deserialization',
  risky: true,
  reportUnknown: true,
  effect: 'lets the loader unpickle stored objects, so a crafted index file runs code.',
});

/** MSL310: native libraries loaded from computed paths. */
export const nativeLibraryRule: CallRule = {
  callees: ['torch.ops.load_library', 'torch.classes.load_library', 'tensorflow.load_op_library', 'tensorflow.load_library', 'ctypes.CDLL', 'ctypes.PyDLL', 'ctypes.cdll.LoadLibrary', 'ctypes.pydll.LoadLibrary'],
  check(m, ctx) {
    const pathNode = argument(m.args, 0, m.qualified.startsWith('ctypes.') ? 'name' : 'path');
    if (!pathNode) return;
    const c = ctx.resolver.constant(pathNode, m.scope);
    if (c !== undefined) return; // literal paths (and `CDLL(None)`) are the author's own choice
    reportCall(NATIVE_LIBRARY_DYNAMIC_PATH, m, ctx, { message: `${describeCallee(m)} loads a native library from \`${oneLine(pathNode.text, 60)}\`, a path computed at run time; its initialisers run on load.` });
  },
};

/** MSL311: onnx.load that follows external data references. */
export const onnxExternalDataRule: CallRule = {
  callees: ['onnx.load', 'onnx.load_model'],
  check(m, ctx) {
    const flag = argument(m.args, 2, 'load_external_data');
    if (flag && ctx.resolver.constant(flag, m.scope)?.value === false) return;
    reportCall(ONNX_EXTERNAL_DATA, m, ctx, { message: `${describeCallee(m)} follows the model's external data paths; pass \`load_external_data=False\` for models from elsewhere, or scan them first.` });
  },
};
