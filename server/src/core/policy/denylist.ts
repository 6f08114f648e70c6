// Known-dangerous imports, as data. The denylist only grades severity and explains: anything
// not on the allowlist is already a finding (allowlist-first, see allowlist.ts).

export interface DenyEntry {
  module: string;
  /** Attribute path inside the module; absent: the whole module and its submodules. */
  name?: string;
  /** Match every attribute whose name starts with this (e.g. torch._C._jit_*). */
  namePrefix?: string;
  severity: 'critical' | 'high';
  reason: string;
}

const EXEC = 'executes Python code or builds functions from code objects';
const PROC = 'starts processes or runs shell commands';
const FILES = 'reads, writes or deletes files';
const IMPORTS = 'imports modules or resolves arbitrary names at load time, a classic way around denylists';
const GADGET = 'fetches attributes or calls methods by name, turning any object into a callable gadget';
const NESTED = 'deserialises further pickle (or pickle-like) data that the outer scan cannot vouch for';
const DEBUG = 'is a debugger, profiler, REPL or test runner entry point that runs code it is given';
const NET = 'opens network connections or URLs';
const NATIVE = 'calls native code or manipulates memory directly';
const STATE = 'modifies interpreter-wide state (import paths, hooks, modules, signals, threads)';
const INSTALL = 'installs or builds packages, which runs their setup code';
const TORCH = 'is a PyTorch entry point that loads checkpoints, compiles or executes code';
const NUMPY = 'is a NumPy helper that loads pickles, compiles code or runs test tooling';

function mod(module: string, severity: DenyEntry['severity'], reason: string): DenyEntry {
  return { module, severity, reason };
}

function names(module: string, list: string[], severity: DenyEntry['severity'], reason: string): DenyEntry[] {
  return list.map((name) => ({ module, name, severity, reason }));
}

export const DENYLIST: readonly DenyEntry[] = [
  // Code execution and name resolution in builtins.
  ...names('builtins', ['eval', 'exec', 'compile', 'execfile', '__import__', 'breakpoint', 'apply'], 'critical', EXEC),
  ...names('builtins', ['getattr', 'setattr', 'delattr', 'globals', 'locals', 'vars', 'dir'], 'critical', GADGET),
  ...names('builtins', ['open', 'file'], 'critical', FILES),
  ...names('builtins', ['input', 'raw_input', 'help', 'exit', 'quit', 'memoryview'], 'high', 'reads the terminal, pages output through a process or stops the interpreter'),
  // Processes and the operating system.
  ...['os', 'posix', 'nt', 'subprocess', 'pty', '_posixsubprocess', 'commands', 'popen2', 'pipes', '_osx_support', 'mailcap'].map((m) => mod(m, 'critical', PROC)),
  mod('platform', 'high', PROC),
  ...names('uuid', ['_get_command_stdout', '_popen', '_ifconfig_getnode', '_ip_getnode', '_arp_getnode', '_lanscan_getnode', '_netstat_getnode'], 'critical', PROC),
  mod('asyncio.subprocess', 'critical', PROC),
  mod('asyncio.unix_events', 'critical', PROC),
  mod('asyncio.windows_events', 'critical', PROC),
  ...names('asyncio', ['create_subprocess_shell', 'create_subprocess_exec', 'subprocess', 'unix_events', 'base_subprocess'], 'critical', PROC),
  mod('asyncio.base_subprocess', 'critical', PROC),
  mod('multiprocessing', 'critical', PROC),
  mod('concurrent.futures.process', 'critical', PROC),
  ...names('imaplib', ['IMAP4_stream'], 'critical', PROC),
  // Files.
  ...['shutil', 'tempfile', 'fileinput', 'linecache', 'tarfile', 'zipfile', 'shelve', 'dbm', 'mmap', 'sqlite3', '_sqlite3'].map((m) =>
    mod(m, m === 'shelve' ? 'critical' : 'high', m === 'shelve' ? NESTED : FILES)),
  ...names('io', ['open', 'open_code', 'FileIO'], 'critical', FILES),
  ...names('_io', ['open', 'open_code', 'FileIO'], 'critical', FILES),
  ...names('codecs', ['open'], 'critical', FILES),
  ...names('pathlib', ['Path.write_text', 'Path.write_bytes', 'Path.unlink', 'Path.read_text', 'Path.read_bytes', 'Path.open'], 'high', FILES),
  // Imports and name resolution.
  ...['importlib', 'imp', 'pkgutil', 'runpy', 'zipimport', 'pydoc', 'site'].map((m) => mod(m, 'critical', IMPORTS)),
  mod('sys', 'critical', STATE),
  ...names('copyreg', ['add_extension', 'remove_extension', 'clear_extension_cache', 'pickle', 'constructor'], 'critical', STATE),
  mod('atexit', 'high', STATE),
  mod('signal', 'high', STATE),
  mod('threading', 'high', STATE),
  mod('_thread', 'high', STATE),
  mod('gc', 'high', STATE),
  mod('inspect', 'high', GADGET),
  ...names('types', ['FunctionType', 'LambdaType', 'CodeType', 'MethodType', 'ModuleType', 'new_class', 'coroutine'], 'critical', EXEC),
  mod('ctypes', 'critical', NATIVE),
  mod('_ctypes', 'critical', NATIVE),
  mod('cffi', 'critical', NATIVE),
  mod('marshal', 'critical', EXEC),
  mod('_marshal', 'critical', EXEC),
  mod('logging.config', 'critical', 'can instantiate arbitrary classes and open listening sockets from configuration'),
  mod('tkinter', 'critical', EXEC),
  mod('_tkinter', 'critical', EXEC),
  mod('antigravity', 'high', 'opens a web browser when imported'),
  mod('this', 'high', 'prints to the terminal when imported: a harmless module used to probe scanners'),
  // Gadgets.
  ...names('operator', ['attrgetter', 'methodcaller', 'call'], 'critical', GADGET),
  ...names('operator', ['itemgetter', 'getitem', 'setitem', 'delitem', '__getitem__', '__setitem__', '__delitem__', 'iadd', 'iconcat'], 'high', GADGET),
  ...names('_operator', ['attrgetter', 'methodcaller', 'call'], 'critical', GADGET),
  ...names('_operator', ['itemgetter', 'getitem', 'setitem', 'delitem'], 'high', GADGET),
  ...names('functools', ['partial', 'partialmethod', 'reduce', 'singledispatchmethod'], 'high', GADGET),
  ...names('_functools', ['partial', 'reduce'], 'high', GADGET),
  // Debuggers, profilers, REPLs and test runners.
  ...['pdb', 'bdb', 'trace', 'cProfile', 'profile', '_lsprof', 'timeit', 'code', 'codeop', 'doctest', 'idlelib', 'unittest', 'test', 'IPython', 'ipykernel', 'jupyter_client', 'pytest', 'rlcompleter', 'cgitb', 'turtledemo'].map((m) => mod(m, 'critical', DEBUG)),
  // Network.
  ...['socket', '_socket', 'ssl', 'http', 'urllib', 'urllib2', 'httplib', 'smtplib', 'ftplib', 'imaplib', 'poplib', 'telnetlib', 'nntplib', 'xmlrpc', 'socketserver', 'webbrowser', 'requests', 'httpx', 'aiohttp', 'urllib3', 'paramiko', 'huggingface_hub', 'asyncio.streams'].map((m) => mod(m, 'high', NET)),
  ...names('asyncio', ['open_connection', 'start_server', 'open_unix_connection', 'start_unix_server'], 'high', NET),
  // Nested deserialisation.
  ...['pickle', '_pickle', 'cPickle', 'dill', 'cloudpickle', 'jsonpickle', 'joblib.externals', 'pickletools'].map((m) => mod(m, 'critical', NESTED)),
  ...names('joblib', ['load', 'numpy_pickle.load', 'parallel', 'Parallel', 'delayed', 'memory', 'Memory'], 'critical', NESTED),
  ...names('joblib.numpy_pickle', ['load', 'load_compatibility', '_unpickle'], 'critical', NESTED),
  mod('joblib.parallel', 'critical', PROC),
  ...names('pandas', ['read_pickle', 'eval', 'read_csv', 'read_json', 'read_html', 'read_parquet', 'read_sql'], 'critical', NESTED),
  ...names('pandas.io.pickle', ['read_pickle'], 'critical', NESTED),
  ...names('yaml', ['load', 'unsafe_load', 'full_load', 'load_all', 'unsafe_load_all', 'UnsafeLoader', 'FullLoader', 'Loader'], 'critical', NESTED),
  ...names('sympy', ['sympify', 'parse_expr'], 'critical', EXEC),
  mod('numexpr', 'critical', EXEC),
  ...names('keras.models', ['load_model'], 'critical', NESTED),
  mod('transformers.dynamic_module_utils', 'critical', 'downloads and executes model repository code'),
  // PyTorch.
  ...names('torch', ['load', 'hub', 'jit', 'compile', 'save', 'package', 'ops', 'classes', 'utils.cpp_extension', 'distributed', '_dynamo', '_inductor', 'fx', 'from_file'], 'critical', TORCH),
  { module: 'torch._C', namePrefix: '_jit', severity: 'critical', reason: TORCH },
  ...names('torch._C', ['_load_for_lite_interpreter', '_import_ir_module_from_package'], 'critical', TORCH),
  ...['torch.hub', 'torch.jit', 'torch._dynamo', 'torch._inductor', 'torch.fx', 'torch.package', 'torch.utils.cpp_extension', 'torch.utils.collect_env', 'torch.distributed', 'torch._ops', 'torch.ops', 'torch.testing', 'torch.utils.benchmark', 'torch.onnx', 'torch.export'].map((m) => mod(m, 'critical', TORCH)),
  ...names('torch.serialization', ['load', '_load', '_legacy_load', 'legacy_load', 'save', '_save', '_legacy_save', '_open_file_like', '_open_zipfile_reader'], 'critical', TORCH),
  ...names('torch.storage', ['_load_from_bytes'], 'critical', NESTED),
  ...names('torch.utils.data', ['DataLoader'], 'high', PROC),
  // NumPy.
  ...['numpy.testing', 'numpy.f2py', 'numpy.distutils', 'numpy.ctypeslib', 'numpy._pytesttester'].map((m) => mod(m, 'critical', NUMPY)),
  ...names('numpy', ['load', 'loads', 'fromfile', 'memmap', 'save', 'savez', 'savetxt', 'loadtxt', 'genfromtxt', 'tofile', 'testing', 'f2py', 'ctypeslib', 'distutils', 'DataSource'], 'critical', NUMPY),
  ...names('numpy.lib.npyio', ['load', 'loadtxt', 'genfromtxt', 'DataSource'], 'critical', NUMPY),
  ...names('numpy.lib._npyio_impl', ['load', 'loadtxt', 'genfromtxt'], 'critical', NUMPY),
  ...names('numpy.lib.format', ['read_array', 'open_memmap'], 'critical', NUMPY),
  // Installers and build tools.
  ...['pip', 'setuptools', 'distutils', 'venv', 'ensurepip', 'pkg_resources', 'virtualenv', 'conda'].map((m) => mod(m, 'critical', INSTALL)),
];

/** Modules commonly re-exported as attributes (`numpy.testing.os`): an attribute chain through one is graded as that module. */
export const ALIASED_MODULES: ReadonlySet<string> = new Set([
  'os', 'posix', 'nt', 'sys', 'subprocess', 'builtins', '__builtins__', 'shutil', 'socket', 'pickle', 'importlib',
  'ctypes', 'marshal', 'runpy', 'pty', 'tempfile', 'webbrowser', 'pdb', 'code', 'operator', 'functools',
  'multiprocessing', 'urllib', 'http', 'io', '_io', 'types', 'inspect', 'gc', 'torch', 'numpy', 'dill', 'cloudpickle',
]);
