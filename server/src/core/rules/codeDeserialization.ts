// MSL1xx: unsafe deserialization in Python code.
import type { RuleMeta } from './types';

export const TORCH_LOAD_WITHOUT_WEIGHTS_ONLY: RuleMeta = {
  id: 'MSL101',
  name: 'torch-load-without-weights-only',
  title: '`torch.load` without `weights_only=True`',
  family: 'code-deserialization',
  severity: 'high',
  confidence: 'high',
  why: '`torch.load` unpickles the file, and a pickle can run any code on this machine unless loading is restricted to weights.',
  description:
    '`torch.load` (and `torch.serialization.load`) reads checkpoints with Python\'s pickle. Without `weights_only=True` the unpickler ' +
    'imports and calls whatever the file names, so a malicious checkpoint runs arbitrary code the moment it is loaded. ' +
    'PyTorch 2.6 changed the default to `weights_only=True`, but older versions, explicit `weights_only=False` and the ' +
    '`TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD` environment variable all bring back the unsafe path. ' +
    'Aliases (`import torch as T`, `from torch import load as L`, `loader = torch.load`), indirect callees ' +
    '(`getattr(torch, "load")`, `importlib.import_module("torch").load`, `functools.partial(torch.load, ...)` with the arguments it ' +
    'binds, `self.loader = torch.load` called as `self.loader(p)` in the same class) and module-level constants ' +
    '(`weights_only=TRUSTED` with `TRUSTED = False`) are resolved; a call that passes `**kwargs` without an explicit ' +
    '`weights_only`, or a value that cannot be determined statically, is reported with low confidence. ' +
    'When the data read comes straight from a download (`requests.get(u).content`, `urlopen(u)`, a `with urlopen(u) as r:` target, `hf_hub_download(...)`, followed through local names), the finding is raised to critical.',
  safeAlternative:
    'Pass `weights_only=True` (allowing extra inert classes with `torch.serialization.add_safe_globals` if needed), or store weights as safetensors and load them with `safetensors.torch.load_file`.',
  references: ['https://pytorch.org/docs/stable/generated/torch.load.html'],
};

export const HUB_STATE_DICT_WITHOUT_WEIGHTS_ONLY: RuleMeta = {
  id: 'MSL102',
  name: 'hub-state-dict-without-weights-only',
  title: '`torch.hub.load_state_dict_from_url` without `weights_only=True`',
  family: 'code-deserialization',
  severity: 'high',
  confidence: 'high',
  why: 'The downloaded checkpoint is passed to `torch.load`, which unpickles it and can run any code unless loading is restricted to weights.',
  description:
    '`torch.hub.load_state_dict_from_url` (also reachable as `torch.utils.model_zoo.load_url`) downloads a file and loads it with ' +
    '`torch.load`, forwarding its own `weights_only` argument (its seventh parameter). Before PyTorch 2.6 that argument defaults to ' +
    '`False`, so whoever controls the URL, or the network path to it, controls code that runs on this machine.',
  safeAlternative: 'Pass `weights_only=True`, and `check_hash=True` with a file name that carries the SHA-256 prefix.',
  references: ['https://pytorch.org/docs/stable/hub.html'],
};

export const FORCE_NO_WEIGHTS_ONLY: RuleMeta = {
  id: 'MSL103',
  name: 'torch-force-no-weights-only-load',
  title: '`TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD` set in code',
  family: 'code-deserialization',
  severity: 'high',
  confidence: 'high',
  why: 'This variable makes every `torch.load` in the process unpickle freely, even calls that ask for `weights_only=True`.',
  description:
    'Setting `TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD` (through `os.environ[...] = ...`, `os.environ.setdefault`, `os.environ.update` or ' +
    '`os.putenv`) turns off the weights-only unpickler for the whole process, including in libraries that load checkpoints on your ' +
    'behalf. A value that cannot be determined statically is reported with low confidence; `"0"` and the empty string are not reported.',
  safeAlternative: 'Remove the assignment and pass `weights_only=True`; allow the extra classes a checkpoint needs with `torch.serialization.add_safe_globals`.',
  references: ['https://pytorch.org/docs/stable/notes/serialization.html'],
};

export const PICKLE_LOAD: RuleMeta = {
  id: 'MSL104',
  name: 'pickle-load',
  title: 'Unpickling with pickle, dill or cloudpickle',
  family: 'code-deserialization',
  severity: 'high',
  confidence: 'high',
  why: 'Unpickling calls whatever functions the data names, so loading an untrusted pickle runs its author\'s code.',
  description:
    '`pickle.load`, `pickle.loads` and `pickle.Unpickler` (also through `_pickle`, `cPickle` and `pickle5`), and the same entry points ' +
    'of `dill` and `cloudpickle`, rebuild objects by importing and calling what the stream names. No option makes them safe for ' +
    'data from elsewhere; `dill` and `cloudpickle` can even carry code objects. ' +
    'When the data read comes straight from a download (`requests.get(u).content`, `urlopen(u)`, a `with urlopen(u) as r:` target, `hf_hub_download(...)`, followed through local names), the finding is raised to critical.',
  safeAlternative: 'Store tensors as safetensors, arrays with `numpy.save` (no object arrays), and configuration as JSON; load pickles only from files you produced and keep their hashes.',
  references: ['https://docs.python.org/3/library/pickle.html'],
};

export const JSONPICKLE_DECODE: RuleMeta = {
  id: 'MSL105',
  name: 'jsonpickle-decode',
  title: '`jsonpickle.decode` of data',
  family: 'code-deserialization',
  severity: 'high',
  confidence: 'high',
  why: '`jsonpickle` rebuilds arbitrary Python objects described in JSON, which is as dangerous as unpickling.',
  description: '`jsonpickle.decode` / `jsonpickle.loads` and its `Unpickler` import classes named in the JSON and call their reduce functions, so a crafted document runs code. ' +
    'When the document comes straight from a download, the finding is raised to critical.',
  safeAlternative: 'Use `json.loads` and build objects explicitly, or a schema library (pydantic, dataclasses) that never imports names from the data.',
};

export const SHELVE_OPEN: RuleMeta = {
  id: 'MSL106',
  name: 'shelve-open',
  title: '`shelve.open` of a database',
  family: 'code-deserialization',
  severity: 'medium',
  confidence: 'medium',
  why: 'Every value read from a shelf is unpickled, so a shelf file from elsewhere can run code.',
  description: '`shelve` stores its values as pickles. Opening a shelf is harmless, but reading any key unpickles the value; a shelf that comes from another machine or a download is as dangerous as a pickle.',
  safeAlternative: 'Use `sqlite3` or `dbm` with JSON-encoded values for data that crosses a trust boundary.',
  references: ['https://docs.python.org/3/library/shelve.html'],
};

export const JOBLIB_LOAD: RuleMeta = {
  id: 'MSL107',
  name: 'joblib-load',
  title: '`joblib.load` of a model file',
  family: 'code-deserialization',
  severity: 'high',
  confidence: 'high',
  why: '`joblib.load` unpickles the file, so a model from elsewhere can run code when loaded.',
  description: '`joblib.load` (also the old `sklearn.externals.joblib.load`) is pickle with efficient array storage. Scikit-learn models shared as `.joblib` or `.pkl` files run whatever their author put in them. ' +
    'When the file comes straight from a download (`hf_hub_download(...)`, `urlretrieve`), the finding is raised to critical.',
  safeAlternative: 'Load only files you produced (check their SHA-256), or share scikit-learn models with `skops.io` and review its untrusted types, or export to ONNX.',
  references: ['https://joblib.readthedocs.io/en/latest/persistence.html'],
};

export const PANDAS_READ_PICKLE: RuleMeta = {
  id: 'MSL108',
  name: 'pandas-read-pickle',
  title: '`pandas.read_pickle` of a file',
  family: 'code-deserialization',
  severity: 'high',
  confidence: 'high',
  why: '`pandas.read_pickle` unpickles the file, so a data file from elsewhere can run code.',
  description: '`pandas.read_pickle` accepts paths and URLs and unpickles the content. A data set shared as a pickle is an executable.',
  safeAlternative: 'Exchange data frames as Parquet, Feather or CSV (`pandas.read_parquet`, `read_feather`, `read_csv`).',
  references: ['https://pandas.pydata.org/docs/reference/api/pandas.read_pickle.html'],
};

export const NUMPY_ALLOW_PICKLE: RuleMeta = {
  id: 'MSL109',
  name: 'numpy-load-allow-pickle',
  title: '`numpy.load` with `allow_pickle=True`',
  family: 'code-deserialization',
  severity: 'high',
  confidence: 'high',
  why: 'With `allow_pickle=True`, object arrays in `.npy`/`.npz` files are unpickled, so the file can run code.',
  description:
    '`numpy.load` refuses object arrays by default (since NumPy 1.16.3). Passing `allow_pickle=True` unpickles them, which lets a ' +
    'crafted `.npy` or `.npz` file run code. Numeric arrays never need it.',
  safeAlternative: 'Drop `allow_pickle=True` and store numeric arrays only; keep structured data in JSON next to the arrays.',
  references: ['https://numpy.org/doc/stable/reference/generated/numpy.load.html'],
};

export const MARSHAL_LOAD: RuleMeta = {
  id: 'MSL110',
  name: 'marshal-load',
  title: '`marshal.load` of data',
  family: 'code-deserialization',
  severity: 'medium',
  confidence: 'high',
  why: '`marshal` is not secure against crafted data and rebuilds code objects that the caller may then run.',
  description: '`marshal.load` / `marshal.loads` read Python\'s internal serialization format, including code objects. The documentation warns it is not secure against erroneous or malicious data.',
  safeAlternative: 'Use JSON or another data-only format for anything that crosses a trust boundary.',
  references: ['https://docs.python.org/3/library/marshal.html'],
};

export const YAML_UNSAFE_LOAD: RuleMeta = {
  id: 'MSL111',
  name: 'yaml-unsafe-load',
  title: 'YAML loaded without the safe loader',
  family: 'code-deserialization',
  severity: 'high',
  confidence: 'high',
  why: 'PyYAML\'s unsafe loaders build arbitrary Python objects from tags such as `!!python/object/apply`, so a config file can run code.',
  description:
    '`yaml.load` with `Loader=yaml.Loader`, `UnsafeLoader` (or their C versions), `yaml.unsafe_load` and `yaml.load` without a loader ' +
    '(unsafe before PyYAML 5.1, an error since 6.0) construct any Python object the document names. `yaml.full_load` and `FullLoader` ' +
    'are reported at medium severity: they refuse most constructors since PyYAML 5.4 but had published bypasses before. Configuration ' +
    'files of downloaded models and experiment folders are untrusted input; an unsafe load of a document fetched from the network ' +
    '(`requests.get(u).text`) is raised to critical.',
  safeAlternative: 'Use `yaml.safe_load` (or `Loader=yaml.SafeLoader` / `CSafeLoader`).',
  references: ['https://github.com/yaml/pyyaml/wiki/PyYAML-yaml.load(input)-Deprecation'],
};

export const DISTRIBUTED_OBJECT_COLLECTIVE: RuleMeta = {
  id: 'MSL112',
  name: 'torch-distributed-object-collective',
  title: 'Object collective of `torch.distributed` (unpickles peers\' data)',
  family: 'code-deserialization',
  severity: 'low',
  confidence: 'medium',
  why: 'Object collectives unpickle what other ranks send, so one compromised or impersonated peer can run code on every rank.',
  description:
    '`broadcast_object_list`, `all_gather_object`, `gather_object`, `scatter_object_list`, `send_object_list` and `recv_object_list` ' +
    'pickle objects on one rank and unpickle them on the others. Inside a trusted cluster this is usually fine; across a network that ' +
    'others can reach it is remote code execution.',
  safeAlternative: 'Exchange tensors with the tensor collectives, or keep the process group on a private network.',
  references: ['https://pytorch.org/docs/stable/distributed.html'],
};

export const TORCH_PACKAGE_IMPORTER: RuleMeta = {
  id: 'MSL113',
  name: 'torch-package-importer',
  title: '`torch.package.PackageImporter` of an archive',
  family: 'code-deserialization',
  severity: 'high',
  confidence: 'high',
  why: 'A torch.package archive holds Python source and pickles that run when its contents are imported or loaded.',
  description: '`torch.package.PackageImporter` imports the Python modules bundled in the archive and unpickles its objects. A package from elsewhere is code.',
  safeAlternative: 'Exchange weights as safetensors and keep model code in your own repository.',
  references: ['https://pytorch.org/docs/stable/package.html'],
};

export const codeDeserializationRules: RuleMeta[] = [
  TORCH_LOAD_WITHOUT_WEIGHTS_ONLY, HUB_STATE_DICT_WITHOUT_WEIGHTS_ONLY, FORCE_NO_WEIGHTS_ONLY, PICKLE_LOAD, JSONPICKLE_DECODE,
  SHELVE_OPEN, JOBLIB_LOAD, PANDAS_READ_PICKLE, NUMPY_ALLOW_PICKLE, MARSHAL_LOAD, YAML_UNSAFE_LOAD, DISTRIBUTED_OBJECT_COLLECTIVE,
  TORCH_PACKAGE_IMPORTER,
];
