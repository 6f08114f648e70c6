// Names that matter in template injection. Chat templates only loop over messages and print
// strings, so none of these has a legitimate use in one.

/** Dunders that are links of known sandbox-escape chains. */
export const ESCAPE_DUNDERS: ReadonlySet<string> = new Set([
  '__class__', '__mro__', '__base__', '__bases__', '__subclasses__', '__init__', '__globals__', '__builtins__',
  '__import__', '__dict__', '__getattribute__', '__getattr__', '__getitem__', '__code__', '__func__', '__self__',
  '__module__', '__reduce__', '__reduce_ex__', '__loader__', '__spec__', '__closure__', '__call__', '__new__',
  '__qualname__', '__name__', '__enter__', '__exit__', '__setattr__', '__delattr__', '__wrapped__',
]);

/** Attributes that reach the OS, the interpreter or frames once an object chain is open. */
export const SENSITIVE_ATTRIBUTES: ReadonlySet<string> = new Set([
  'os', 'sys', 'popen', 'system', 'eval', 'exec', 'execv', 'execve', 'execl', 'spawnv', 'spawnl', 'subprocess', 'Popen',
  'check_output', 'check_call', 'run', 'call', 'getoutput', 'import_module', 'builtins', 'modules', 'environ', 'getenv',
  'f_globals', 'f_locals', 'f_back', 'f_builtins', 'func_globals', 'gi_frame', 'gi_code', 'cr_frame', 'ag_frame', 'tb_frame',
  'co_code', 'im_func', 'load_module', 'get_data', 'open', 'remove', 'unlink', 'rmtree', 'socket', 'getattr', 'setattr',
  'mro', 'application', 'linecache', 'pty', 'spawn', 'compile', 'loads',
]);

/**
 * Globals of Jinja (`cycler`, `joiner`, `lipsum`, `namespace`, `range`, `dict`), of Flask (`config`,
 * `request`, `url_for`, `get_flashed_messages`, `session`, `g`) and the template reference `self`:
 * attribute chains off them are the classic entry points of published payloads.
 */
export const GADGET_GLOBALS: ReadonlySet<string> = new Set([
  'cycler', 'joiner', 'lipsum', 'namespace', 'self', 'config', 'request', 'url_for', 'get_flashed_messages', 'session', 'g',
  'range', 'dict', 'loop',
]);

/** Attribute access off these gadgets is normal and not flagged (`loop.index`, `ns.x` is not a gadget). */
export const NORMAL_GADGET_ATTRIBUTES: Readonly<Record<string, ReadonlySet<string>>> = {
  loop: new Set(['index', 'index0', 'revindex', 'revindex0', 'first', 'last', 'length', 'cycle', 'depth', 'depth0', 'previtem', 'nextitem', 'changed']),
};

/** Functions that execute or import when called directly. */
export const SINK_CALLS: ReadonlySet<string> = new Set([
  'eval', 'exec', '__import__', 'open', 'getattr', 'setattr', 'compile', 'execfile', 'globals', 'locals', 'vars', 'breakpoint', 'input',
]);

/** Filters that look attributes up by a name given as an argument. */
export const ATTRIBUTE_FILTERS: ReadonlySet<string> = new Set(['attr', 'map', 'selectattr', 'rejectattr', 'sort', 'groupby', 'sum', 'unique', 'min', 'max', 'dictsort']);

export const isDunder = (name: string): boolean => /^__\w+__$/.test(name);
export const isPrivate = (name: string): boolean => name.startsWith('_') && !isDunder(name);
