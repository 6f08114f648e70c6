// MSL104-MSL113 (and MSL109's fix): calls that unpickle, or rebuild objects from, their input.
// MSL101/102 live in torchLoad.ts, MSL103 in environment.ts, MSL111 in yaml.ts.
import {
  DISTRIBUTED_OBJECT_COLLECTIVE, JOBLIB_LOAD, JSONPICKLE_DECODE, MARSHAL_LOAD, NUMPY_ALLOW_PICKLE, PANDAS_READ_PICKLE, PICKLE_LOAD,
  SHELVE_OPEN, TORCH_PACKAGE_IMPORTER,
} from '../../rules/codeDeserialization';
import type { RuleMeta } from '../../rules/types';
import { oneLine } from '../text';
import { argument, constantLine, keywordState, removeKeywordFix, reportCall } from './common';
import { remoteEscalation } from './remote';
import { describeCallee, type CallMatch, type CallRule } from './types';

/**
 * A rule for which every resolved call is a finding; `what` says what the call does. With
 * `data` (the position of the argument read), data fetched from the network raises it to critical.
 */
export function everyCallRule(rule: RuleMeta, callees: string[], what: (m: CallMatch) => string, data?: number): CallRule {
  return {
    callees,
    check(m, ctx) {
      const remote = data === undefined ? undefined : remoteEscalation(argument(m.args, data, undefined), m.scope, ctx);
      const message = `${describeCallee(m)} ${what(m)}`;
      reportCall(rule, m, ctx, remote ? { message: `${message} ${remote.note}`, severity: remote.severity } : { message });
    },
  };
}

const PICKLE_MODULES = ['pickle', '_pickle', 'cPickle', 'pickle5', 'dill', 'cloudpickle', 'dill._dill'];

export const pickleRule = everyCallRule(
  PICKLE_LOAD,
  PICKLE_MODULES.flatMap((p) => [`${p}.load`, `${p}.loads`, `${p}.Unpickler`]),
  () => 'unpickles its input, which runs any code the data names.',
  0,
);

export const jsonpickleRule = everyCallRule(
  JSONPICKLE_DECODE,
  ['jsonpickle.decode', 'jsonpickle.loads', 'jsonpickle.unpickler.decode', 'jsonpickle.Unpickler', 'jsonpickle.unpickler.Unpickler'],
  () => 'rebuilds the Python objects the JSON describes, importing and calling what it names.',
  0,
);

export const shelveRule = everyCallRule(
  SHELVE_OPEN,
  ['shelve.open', 'shelve.DbfilenameShelf'],
  () => 'opens a shelf whose values are unpickled when read.',
);

export const joblibRule = everyCallRule(
  JOBLIB_LOAD,
  ['joblib.load', 'sklearn.externals.joblib.load'],
  () => 'unpickles the file, so a model from elsewhere can run code when loaded.',
  0,
);

export const readPickleRule = everyCallRule(
  PANDAS_READ_PICKLE,
  ['pandas.read_pickle', 'pandas.io.pickle.read_pickle'],
  () => 'unpickles the file, so a data file from elsewhere can run code.',
);

export const marshalRule = everyCallRule(
  MARSHAL_LOAD,
  ['marshal.load', 'marshal.loads'],
  () => 'reads marshal data, a format that is not secure against crafted input and carries code objects.',
);

export const objectCollectiveRule = everyCallRule(
  DISTRIBUTED_OBJECT_COLLECTIVE,
  ['broadcast_object_list', 'all_gather_object', 'gather_object', 'scatter_object_list', 'send_object_list', 'recv_object_list']
    .flatMap((f) => [`torch.distributed.${f}`, `torch.distributed.distributed_c10d.${f}`]),
  () => 'unpickles objects sent by other ranks.',
);

export const packageImporterRule = everyCallRule(
  TORCH_PACKAGE_IMPORTER,
  ['torch.package.PackageImporter', 'torch.package.package_importer.PackageImporter'],
  () => 'opens a torch.package archive, whose bundled modules and pickles run code when loaded.',
);

/** MSL109: numpy.load(..., allow_pickle=True); the literal is removed by the fix (the default is False). */
export const numpyAllowPickleRule: CallRule = {
  callees: ['numpy.load'],
  check(m, ctx) {
    const keyword = m.args.keywords.get('allow_pickle');
    const value = keyword?.childForFieldName('value');
    if (!keyword || !value) return;
    const { state, constant } = keywordState(value, true, m.scope, ctx);
    if (state === 'safe') return;
    const callee = describeCallee(m);
    if (state === 'unknown') {
      reportCall(NUMPY_ALLOW_PICKLE, m, ctx, { confidence: 'low', message: `${callee} is called with \`allow_pickle=${oneLine(value.text, 60)}\`, whose value cannot be determined here; object arrays are unpickled whenever it is true.` });
      return;
    }
    if (state === 'constant' && constant) {
      reportCall(NUMPY_ALLOW_PICKLE, m, ctx, { message: `${callee} is called with \`allow_pickle=${oneLine(value.text, 60)}\`, which is true (set on line ${constantLine(constant, ctx)}), so object arrays in the file are unpickled and can run code.` });
      return;
    }
    const fix = removeKeywordFix({ keyword, args: m.args }, ctx);
    reportCall(NUMPY_ALLOW_PICKLE, m, ctx, { message: `${callee} is called with \`allow_pickle=True\`, so object arrays in the file are unpickled and can run code.`, ...(fix ? { fix } : {}) });
  },
};
