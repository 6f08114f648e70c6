// Every dangerous family is reported with its resolved call as evidence, whichever opcodes
// carry it (GLOBAL, STACK_GLOBAL, memo, INST, OBJ, NEWOBJ).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callPickle, memoStackGlobal } from '../../fixtures/pickle/builders';
import { pickle } from '../../fixtures/pickle/writer';
import { analyzePickleBytes, finding, importsOf } from './helpers';

const FAMILIES: Array<[string, string, string, 'critical' | 'high']> = [
  ['os', 'system', 'echo pwned', 'critical'],
  ['posix', 'system', 'id', 'critical'],
  ['nt', 'system', 'dir', 'critical'],
  ['subprocess', 'Popen', 'sh', 'critical'],
  ['subprocess', 'check_output', 'id', 'critical'],
  ['pty', 'spawn', '/bin/sh', 'critical'],
  ['_posixsubprocess', 'fork_exec', 'x', 'critical'],
  ['builtins', 'exec', 'print(1)', 'critical'],
  ['builtins', 'eval', '1+1', 'critical'],
  ['builtins', 'compile', 'x', 'critical'],
  ['builtins', 'getattr', 'x', 'critical'],
  ['builtins', '__import__', 'os', 'critical'],
  ['builtins', 'open', '/etc/passwd', 'critical'],
  ['builtins', 'breakpoint', 'x', 'critical'],
  ['runpy', 'run_path', '/tmp/x.py', 'critical'],
  ['runpy', '_run_code', 'x', 'critical'],
  ['importlib', 'import_module', 'os', 'critical'],
  ['pkgutil', 'resolve_name', 'os:system', 'critical'],
  ['pydoc', 'locate', 'os.system', 'critical'],
  ['code', 'InteractiveInterpreter', 'x', 'critical'],
  ['timeit', 'timeit', 'import os', 'critical'],
  ['cProfile', 'run', 'import os', 'critical'],
  ['profile', 'run', 'import os', 'critical'],
  ['trace', 'Trace', 'x', 'critical'],
  ['pdb', 'run', 'import os', 'critical'],
  ['bdb', 'Bdb', 'x', 'critical'],
  ['doctest', 'debug_script', 'x', 'critical'],
  ['idlelib.pyshell', 'main', 'x', 'critical'],
  ['shutil', 'rmtree', '/', 'high'],
  ['tempfile', 'mkdtemp', 'x', 'high'],
  ['ctypes', 'CDLL', 'libc.so.6', 'critical'],
  ['marshal', 'loads', 'x', 'critical'],
  ['operator', 'attrgetter', 'system', 'critical'],
  ['operator', 'methodcaller', 'system', 'critical'],
  ['functools', 'partial', 'x', 'high'],
  ['webbrowser', 'open', 'http://x', 'high'],
  ['socket', 'create_connection', 'x', 'high'],
  ['urllib.request', 'urlopen', 'http://x', 'high'],
  ['http.client', 'HTTPConnection', 'x', 'high'],
  ['smtplib', 'SMTP', 'x', 'high'],
  ['ftplib', 'FTP', 'x', 'high'],
  ['imaplib', 'IMAP4', 'x', 'high'],
  ['pickle', 'loads', 'x', 'critical'],
  ['_pickle', 'loads', 'x', 'critical'],
  ['dill', 'loads', 'x', 'critical'],
  ['cloudpickle', 'loads', 'x', 'critical'],
  ['torch', 'load', 'x.pt', 'critical'],
  ['torch.hub', 'load', 'x', 'critical'],
  ['torch.jit', 'load', 'x', 'critical'],
  ['torch._dynamo', 'optimize', 'x', 'critical'],
  ['torch._inductor', 'compile', 'x', 'critical'],
  ['torch.fx', 'symbolic_trace', 'x', 'critical'],
  ['torch.utils.collect_env', 'run', 'id', 'critical'],
  ['torch.serialization', 'load', 'x', 'critical'],
  ['torch._C', '_jit_pass_inline', 'x', 'critical'],
  ['numpy.testing._private.utils', 'runstring', 'x', 'critical'],
  ['numpy.f2py', 'compile', 'x', 'critical'],
  ['numpy', 'load', 'x.npy', 'critical'],
  ['asyncio.subprocess', 'create_subprocess_shell', 'id', 'critical'],
  ['asyncio.unix_events', '_UnixSubprocessTransport', 'x', 'critical'],
  ['multiprocessing.util', 'spawnv_passfds', 'x', 'critical'],
  ['pip', 'main', 'install', 'critical'],
  ['setuptools', 'setup', 'x', 'critical'],
  ['distutils.spawn', 'spawn', 'x', 'critical'],
  ['venv', 'create', 'x', 'critical'],
  ['ensurepip', 'bootstrap', 'x', 'critical'],
  ['zipimport', 'zipimporter', 'x', 'critical'],
  ['sys', 'settrace', 'x', 'critical'],
  ['copyreg', 'add_extension', 'x', 'critical'],
  ['__builtin__', 'eval', 'x', 'critical'],
  ['commands', 'getoutput', 'id', 'critical'],
];

for (const [module, name, arg, severity] of FAMILIES) {
  test(`${module}.${name} is ${severity} with its call as evidence`, async () => {
    const s = await analyzePickleBytes(callPickle(module, name, [arg]));
    const f = finding(s, 'MSL601');
    assert.ok(f, `no MSL601 for ${module}.${name}: ${JSON.stringify(s.findings.map((x) => x.ruleId))}`);
    assert.equal(f.severity, severity);
    assert.equal(f.evidence, `${module}.${name}('${arg}')`);
    assert.deepEqual(importsOf(s), [`${module}.${name}`]);
    assert.equal(s.summary.pickles?.[0]?.imports[0]?.verdict, 'dangerous');
  });
}

test('STACK_GLOBAL (protocol 4) resolves the same call', async () => {
  const s = await analyzePickleBytes(callPickle('os', 'system', ['echo pwned'], 'STACK_GLOBAL'));
  assert.equal(finding(s, 'MSL601')?.evidence, "os.system('echo pwned')");
  assert.equal(s.findings.length, 1);
});

test('STACK_GLOBAL operands fetched back from the memo', async () => {
  const s = await analyzePickleBytes(memoStackGlobal('subprocess', 'getoutput', 'id'));
  assert.equal(finding(s, 'MSL601')?.evidence, "subprocess.getoutput('id')");
});

test('INST and OBJ are calls too', async () => {
  const inst = await analyzePickleBytes(pickle((w) => w.mark().string("'echo inst'").inst('os', 'system').stop()));
  assert.equal(finding(inst, 'MSL601')?.evidence, "os.system('echo inst')");
  const obj = await analyzePickleBytes(pickle((w) => w.proto(1).mark().global('os', 'system').binunicode('echo obj').obj().stop()));
  assert.equal(finding(obj, 'MSL601')?.evidence, "os.system('echo obj')");
});

test('NEWOBJ and NEWOBJ_EX are modelled as constructor calls', async () => {
  const s = await analyzePickleBytes(pickle((w) => w.proto(4).global('subprocess', 'Popen').value({ tuple: [['id']] }).emptyDict().newobjEx().stop()));
  assert.equal(finding(s, 'MSL601')?.evidence, "subprocess.Popen.__new__(subprocess.Popen, ['id'])");
});

test('a getattr chain shows the inner call in the outer evidence', async () => {
  const s = await analyzePickleBytes(pickle((w) =>
    w.proto(2).global('builtins', 'getattr').global('builtins', '__import__').binunicode('os').tuple1().reduce()
      .binunicode('system').tuple2().reduce().binunicode('id').tuple1().reduce().stop()));
  const evidences = s.findings.filter((f) => f.ruleId === 'MSL601').map((f) => f.evidence);
  assert.ok(evidences.includes("builtins.getattr(builtins.__import__('os'), 'system')"), JSON.stringify(evidences));
});

test('an attribute chain through a re-exported module is graded as that module (protocol 4)', async () => {
  const s = await analyzePickleBytes(pickle((w) => w.proto(4).str('numpy').str('core.os.system').stackGlobal().str('id').tuple1().reduce().stop()));
  const f = finding(s, 'MSL601');
  assert.equal(f?.severity, 'critical');
  assert.match(f!.message, /numpy\.core\.os\.system/);
});
