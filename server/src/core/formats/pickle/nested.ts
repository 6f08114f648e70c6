// Nested pickles: constant data a stream hands to a loader (pickle.loads, torch.load, ...),
// raw or wrapped in base64 / hex / latin-1 / zlib / BytesIO, recovered statically so it can be
// analysed like any other pickle.
import * as zlib from 'node:zlib';
import { mapPython2Name } from '../../policy/py2names';
import { asStr, calleeGlobal, isObj, tupleItems, type PyCall, type PyValue } from './values';

/** Loader -> routing hint ('pickle' when the data must be a pickle; undefined: let detection decide). */
const LOADERS = new Map<string, 'pickle' | undefined>([
  ...['pickle.loads', 'pickle._loads', '_pickle.loads', 'pickle.load', 'pickle._load', '_pickle.load', 'dill.loads',
    'dill.load', 'dill._dill.loads', 'dill._dill.load', 'cloudpickle.loads', 'cloudpickle.load',
    'cloudpickle.cloudpickle.loads', 'numpy.loads', 'numpy.core.numeric.loads', 'pickle.Unpickler',
    '_pickle.Unpickler', 'pickle._Unpickler'].map((k): [string, 'pickle'] => [k, 'pickle']),
  ...['torch.load', 'torch.serialization.load', 'torch.storage._load_from_bytes', 'joblib.load',
    'joblib.numpy_pickle.load', 'pandas.read_pickle', 'pandas.io.pickle.read_pickle', 'numpy.load',
    'shelve.open'].map((k): [string, undefined] => [k, undefined]),
]);

export interface NestedPayload {
  loader: string;
  hint?: 'pickle';
  data: Uint8Array;
  /** How the data was wrapped, e.g. "base64" or "raw". */
  encoding: string;
}

export type ReadLazy = (offset: number, length: number) => Uint8Array;

/** When `call` hands constant data to a known loader, that data. */
export function nestedPayload(call: PyCall, read: ReadLazy, maxBytes: number): NestedPayload | undefined {
  const g = calleeGlobal(call);
  if (!g) return undefined;
  const mapped = mapPython2Name(g.module, g.name);
  const key = mapped ? `${mapped[0]}.${mapped[1]}` : `${g.module}.${g.name}`;
  if (!LOADERS.has(key)) return undefined;
  const first = tupleItems(call.args)?.[0];
  const found = staticBytes(first, read, maxBytes, 0);
  if (!found) return undefined;
  const hint = LOADERS.get(key);
  return { loader: key, data: found.data, encoding: found.encoding, ...(hint ? { hint } : {}) };
}

interface Found { data: Uint8Array; encoding: string }

/** The bytes a value statically evaluates to, following decoding helpers. */
export function staticBytes(v: PyValue | undefined, read: ReadLazy, maxBytes: number, depth: number): Found | undefined {
  if (depth > 8 || !isObj(v)) return undefined;
  if (v.t === 'bytes') return { data: v.data, encoding: 'raw' };
  if (v.t === 'lazy' && v.kind !== 'str') return v.length <= maxBytes ? { data: read(v.offset, v.length), encoding: 'raw' } : undefined;
  if (v.t !== 'call') return undefined;
  const g = calleeGlobal(v);
  if (!g) return undefined;
  const fn = `${g.module}.${g.name}`;
  const args = tupleItems(v.args) ?? [];
  const inner = (): Found | undefined => staticBytes(args[0], read, maxBytes, depth + 1);
  const text = (): string | undefined => {
    const s = asStr(args[0]);
    if (s !== undefined) return s;
    const b = inner();
    return b ? Buffer.from(b.data).toString('latin1') : undefined;
  };
  const wrap = (data: Uint8Array | undefined, encoding: string, outer?: string): Found | undefined =>
    data && data.length <= maxBytes ? { data, encoding: outer ? `${encoding}+${outer}` : encoding } : undefined;
  switch (fn) {
    case 'io.BytesIO': case '_io.BytesIO': case 'builtins.bytearray': case 'builtins.bytes': case 'builtins.memoryview':
      return inner();
    case 'base64.b64decode': case 'base64.standard_b64decode': case 'base64.decodebytes': case 'base64.decodestring':
    case 'binascii.a2b_base64': {
      const s = text();
      return s === undefined ? undefined : wrap(Buffer.from(s, 'base64'), 'base64');
    }
    case 'base64.urlsafe_b64decode': {
      const s = text();
      return s === undefined ? undefined : wrap(Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64'), 'base64');
    }
    case 'base64.b16decode': case 'binascii.unhexlify': case 'binascii.a2b_hex': case 'builtins.bytes.fromhex': {
      const s = text();
      return s === undefined || !/^[0-9a-fA-F\s]*$/.test(s) ? undefined : wrap(Buffer.from(s.replace(/\s/g, ''), 'hex'), 'hex');
    }
    case 'codecs.decode': case '_codecs.decode': {
      const codec = asStr(args[1])?.toLowerCase().replace(/[-_]/g, '');
      const s = text();
      if (s === undefined) return undefined;
      if (codec === 'base64' || codec === 'base64codec') return wrap(Buffer.from(s, 'base64'), 'base64');
      if (codec === 'hex' || codec === 'hexcodec') return /^[0-9a-fA-F]*$/.test(s) ? wrap(Buffer.from(s, 'hex'), 'hex') : undefined;
      return undefined;
    }
    case 'codecs.encode': case '_codecs.encode': {
      const s = asStr(args[0]);
      const codec = asStr(args[1])?.toLowerCase().replace(/[-_]/g, '');
      return s !== undefined && (codec === 'latin1' || codec === 'iso88591' || codec === 'l1') ? wrap(Buffer.from(s, 'latin1'), 'latin1') : undefined;
    }
    case 'zlib.decompress': {
      const b = inner();
      if (!b) return undefined;
      try {
        return wrap(zlib.inflateSync(b.data, { maxOutputLength: maxBytes }), 'zlib', b.encoding === 'raw' ? undefined : b.encoding);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Quick check that a constant looks like the start of a binary pickle. */
export function looksLikePickleBytes(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x80 && b[1]! >= 2 && b[1]! <= 5;
}
