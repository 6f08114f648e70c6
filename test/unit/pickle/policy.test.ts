// Policy as data: allowlist first, denylist grades, Python 2 names and attribute chains.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { compilePolicy, policyProblems } from '../../../server/src/core/policy/grade';
import { mapPython2Name } from '../../../server/src/core/policy/py2names';
import { ALLOWLIST } from '../../../server/src/core/policy/allowlist';
import { DENYLIST } from '../../../server/src/core/policy/denylist';
import { callPickle } from '../../fixtures/pickle/builders';
import { analyzePickleBytes, finding } from './helpers';

const grade = (m: string, n: string) => compilePolicy(undefined).grade(m, n);

test('every allow and deny entry has a reason', () => {
  for (const e of ALLOWLIST) assert.ok(e.reason.length > 10, `${e.module}.${e.name}`);
  for (const e of DENYLIST) assert.ok(e.reason.length > 10, `${e.module}.${e.name ?? '*'}`);
});

test('allowlisted, denylisted and unknown imports', () => {
  assert.equal(grade('torch._utils', '_rebuild_tensor_v2').verdict, 'allowed');
  assert.equal(grade('collections', 'OrderedDict').verdict, 'allowed');
  assert.equal(grade('numpy.core.multiarray', '_reconstruct').verdict, 'allowed');
  assert.deepEqual([grade('os', 'system').verdict, grade('os', 'system').severity], ['dangerous', 'critical']);
  assert.deepEqual([grade('webbrowser', 'open').verdict, grade('webbrowser', 'open').severity], ['dangerous', 'high']);
  assert.deepEqual([grade('mypackage.models', 'Net').verdict, grade('mypackage.models', 'Net').severity], ['unknown', 'medium']);
  assert.equal(grade('torch.serialization', '_get_layout').verdict, 'allowed');
  assert.equal(grade('torch.serialization', 'load').verdict, 'dangerous');
});

test('Python 2 names are graded under both spellings', () => {
  assert.equal(grade('__builtin__', 'set').verdict, 'allowed');
  assert.equal(grade('__builtin__', 'eval').verdict, 'dangerous');
  assert.equal(grade('commands', 'getoutput').verdict, 'dangerous'); // -> subprocess.getoutput
  assert.equal(grade('__builtin__', 'reduce').verdict, 'dangerous'); // -> functools.reduce
  assert.equal(grade('copy_reg', '_reconstructor').verdict, 'allowed');
});

test('dotted names: every prefix and re-exported modules are graded', () => {
  assert.equal(grade('os', 'system.__call__').severity, 'critical');
  assert.equal(grade('numpy', 'testing.os.system').severity, 'critical');
  assert.equal(grade('numpy.testing._private.utils', 'os').verdict, 'dangerous');
  assert.equal(grade('collections', 'OrderedDict.__init__.__globals__').verdict, 'dangerous');
  assert.equal(grade('torch', 'hub.load').severity, 'critical');
});

test('the Python 2 name table matches CPython _compat_pickle', () => {
  const out = execFileSync('python3', ['-c', 'import _compat_pickle as c, json; print(json.dumps([list(c.IMPORT_MAPPING.items()), [[list(k), list(v)] for k, v in c.NAME_MAPPING.items()]]))']).toString();
  const [imports, names] = JSON.parse(out) as [Array<[string, string]>, Array<[[string, string], [string, string]]>];
  for (const [from, to] of imports) if (!names.some(([k]) => k[0] === from)) assert.deepEqual(mapPython2Name(from, 'x'), [to, 'x'], from);
  for (const [[m, n], to] of names) assert.deepEqual(mapPython2Name(m, n), to, `${m}.${n}`);
  assert.equal(mapPython2Name('os', 'system'), undefined);
});

test('project allowlist extensions need a justification', async () => {
  const policy = { extraAllowed: [
    { module: 'mypackage.models', name: 'Net', justification: 'our model class; __setstate__ only stores tensors' },
    { module: 'mypackage.other', name: 'Thing', justification: '  ' },
  ] };
  assert.equal(compilePolicy(policy).grade('mypackage.models', 'Net').verdict, 'allowed');
  assert.equal(compilePolicy(policy).grade('mypackage.other', 'Thing').verdict, 'unknown');
  assert.equal(policyProblems(policy).length, 1);
  assert.match(policyProblems(policy)[0]!, /extraAllowed\[1\].*justification/);
  const s = await analyzePickleBytes(callPickle('mypackage.models', 'Net', []), { policy });
  assert.deepEqual(s.findings, []);
  const unknown = await analyzePickleBytes(callPickle('mypackage.models', 'Net', []));
  assert.equal(finding(unknown, 'MSL602')?.evidence, 'mypackage.models.Net()');
});

test('the denylist wins over a project allowlist entry', () => {
  const policy = { extraAllowed: [{ module: 'os', name: 'system', justification: 'please' }] };
  assert.equal(compilePolicy(policy).grade('os', 'system').verdict, 'dangerous');
});
