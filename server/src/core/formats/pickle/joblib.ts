// joblib's NumpyPickler writes an array's raw bytes right after the BUILD of a
// joblib.numpy_pickle.NumpyArrayWrapper (newer joblib: first one byte giving a padding length,
// then that many padding bytes, so the data is aligned). joblib's unpickler reads exactly
// prod(shape) * dtype.itemsize bytes; object arrays are a nested pickle instead.
import { asInt, asStr, calleeGlobal, dictGet, isCall, isObj, tupleItems, type PyGlobal, type PyValue } from './values';

const WRAPPER_MODULES = new Set(['joblib.numpy_pickle', 'sklearn.externals.joblib.numpy_pickle']);

export function isJoblibWrapperClass(g: PyGlobal | undefined): boolean {
  return g !== undefined && g.name === 'NumpyArrayWrapper' && WRAPPER_MODULES.has(g.module);
}

export type JoblibArray =
  | { kind: 'raw'; bytes: number; padded: boolean; detail: string }
  | { kind: 'object'; detail: string }
  | { kind: 'unknown'; detail: string };

/** What follows a NumpyArrayWrapper whose BUILD state is `state`. */
export function joblibArrayLayout(state: PyValue | undefined): JoblibArray {
  if (state === undefined) return { kind: 'unknown', detail: 'the wrapper has no state' };
  const shapeItems = tupleItems(dictGet(state, 'shape'));
  const dtype = dictGet(state, 'dtype');
  if (!shapeItems) return { kind: 'unknown', detail: 'the wrapper\'s shape is not a constant tuple' };
  let count = 1;
  for (const s of shapeItems) {
    const n = asInt(s);
    if (n === undefined || n < 0) return { kind: 'unknown', detail: 'the wrapper\'s shape holds a non-constant or negative size' };
    count *= n;
  }
  const info = dtypeInfo(dtype);
  if (!info) return { kind: 'unknown', detail: 'the wrapper\'s dtype is not a constant numpy.dtype' };
  const alignment = dictGet(state, 'numpy_array_alignment_bytes');
  const padded = alignment !== undefined && alignment !== null;
  const shape = `(${shapeItems.map((s) => String(asInt(s))).join(', ')})`;
  if (info.hasObject) return { kind: 'object', detail: `object array ${shape}` };
  const bytes = count * info.itemsize;
  if (!Number.isSafeInteger(bytes)) return { kind: 'unknown', detail: 'the array size overflows' };
  return { kind: 'raw', bytes, padded, detail: `${info.typestr} array ${shape}, ${bytes} bytes` };
}

interface DtypeInfo { typestr: string; itemsize: number; hasObject: boolean }

/** numpy.dtype(typestr, align, copy) rebuilt by REDUCE, with BUILD state (version, order, subarray, names, fields, elsize, alignment, flags). */
function dtypeInfo(v: PyValue | undefined): DtypeInfo | undefined {
  if (!isCall(v)) return undefined;
  const g = calleeGlobal(v);
  if (!g || g.name !== 'dtype' || !(g.module === 'numpy' || g.module.startsWith('numpy.'))) return undefined;
  const args = tupleItems(v.args);
  const typestr = asStr(args?.[0]);
  if (typestr === undefined) return undefined;
  const state = tupleItems(v.state);
  const elsize = asInt(state?.[5]);
  const flags = asInt(state?.[7]);
  const digits = /^[a-zA-Z?]+(\d+)$/.exec(typestr);
  const itemsize = elsize !== undefined && elsize > 0 ? elsize : digits ? Number(digits[1]) : undefined;
  if (itemsize === undefined) return undefined;
  const hasObject = typestr.startsWith('O') || (flags !== undefined && (flags & 1) === 1) || fieldsHaveObject(state?.[4]);
  return { typestr, itemsize, hasObject };
}

function fieldsHaveObject(fields: PyValue | undefined): boolean {
  if (!isObj(fields) || fields.t !== 'dict') return false;
  return fields.vals.some((f) => {
    const sub = tupleItems(f)?.[0];
    return sub !== undefined && dtypeInfo(sub)?.hasObject === true;
  });
}
