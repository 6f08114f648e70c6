// Unsafe loaders passed as values and called by someone else (`map(torch.load, paths)`,
// `DatasetFolder(root, loader=torch.load)`, dispatch dicts, returned functions): the rule of a
// direct call with default arguments, at medium confidence, on the reference itself. Names bound
// to a loader are followed, never reported themselves; references that are only looked at
// (compared, type-checked, printed) are not escapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../../server/src/core/findings';
import { analyzePythonSource } from '../../../server/src/core/python/analyze';
import { collectModule } from '../../../server/src/core/python/collect';
import { loadPythonGrammar, parsePython } from '../../../server/src/core/python/parser';
import { scopeLocator, type Scope } from '../../../server/src/core/python/scopes';
import { applyAllFixes, applyFixesOnce, assertBodyReanalysisMatchesFresh } from './helpers';

/** `MSL101 3:0-3:25`: rule, then the range with 1-based lines and 0-based columns. */
function at(f: Finding): string {
  assert.equal(f.location.kind, 'text');
  if (f.location.kind !== 'text') return '';
  const { start, end } = f.location.range;
  return `${f.ruleId} ${start.line + 1}:${start.character}-${end.line + 1}:${end.character}`;
}

/** Rule, range and evidence of every finding. */
async function summary(text: string): Promise<string[]> {
  return (await analyzePythonSource(text)).map((f) => `${at(f)} ${f.evidence}`);
}

async function only(text: string): Promise<Finding> {
  const findings = await analyzePythonSource(text);
  assert.equal(findings.length, 1, findings.map((f) => `${at(f)} ${f.evidence}`).join('\n'));
  return findings[0];
}

async function none(text: string): Promise<void> {
  assert.deepEqual(await summary(text), [], text);
}

test('DatasetFolder(root, loader=torch.load): MSL101 on the reference, medium, fixed with the imported functools', async () => {
  const text = 'import torch\nfrom torchvision.datasets import DatasetFolder\nds = DatasetFolder(root, loader=torch.load, extensions=(".pt",))\n';
  const f = await only(text);
  assert.equal(at(f), 'MSL101 3:32-3:42');
  assert.equal(f.confidence, 'medium');
  assert.equal(f.evidence, 'torch.load passed as loader= to DatasetFolder(...)');
  assert.equal(f.message, '`torch.load` is passed as `loader=` to `DatasetFolder(...)`, to be called later with its default options. '
    + '`torch.load` is called without `weights_only=True`, so the file is unpickled and can run code (the default before PyTorch 2.6).');
  assert.equal(f.fix, undefined, 'no import is added, and a lambda loader fails to pickle for DataLoader workers under spawn');
  const imported = `import functools\n${text}`;
  const g = await only(imported);
  assert.equal(applyFixesOnce(imported, [g]), imported.replace('loader=torch.load', 'loader=functools.partial(torch.load, weights_only=True)'));
  await none(`${imported.replace('loader=torch.load', 'loader=functools.partial(torch.load, weights_only=True)')}`);
});

test('map(torch.load, paths): a lambda fix for the builtin map with one iterable only', async () => {
  const text = 'import torch\nstates = list(map(torch.load, paths))\n';
  const f = await only(text);
  assert.equal(at(f), 'MSL101 2:18-2:28');
  assert.equal(f.evidence, 'torch.load passed to map(...)');
  assert.equal(applyFixesOnce(text, [f]), 'import torch\nstates = list(map(lambda f: torch.load(f, weights_only=True), paths))\n');
  assert.equal(await applyAllFixes(text), 'import torch\nstates = list(map(lambda f: torch.load(f, weights_only=True), paths))\n');
  assert.equal((await only('import torch\nout = map(torch.load, paths, maps)\n')).fix, undefined, 'two iterables: two arguments');
  assert.equal((await only('import torch\ndef map(f, xs):\n    return f\nout = map(torch.load, paths)\n')).fix, undefined, 'not the builtin');
});

test('pickle.load, joblib.load in map and pool.map: their rules, no fix (no safe drop-in)', async () => {
  assert.deepEqual(await summary('import pickle, joblib\nobjs = list(map(pickle.load, files))\nmodels = pool.map(joblib.load, paths)\n'), [
    'MSL104 2:16-2:27 pickle.load passed to map(...)',
    'MSL107 3:18-3:29 joblib.load passed to pool.map(...)',
  ]);
  const findings = await analyzePythonSource('import pickle, joblib\nobjs = list(map(pickle.load, files))\nmodels = pool.map(joblib.load, paths)\n');
  assert.deepEqual(findings.map((f) => [f.confidence, f.fix]), [['medium', undefined], ['medium', undefined]]);
});

test('pool.map(torch.load, ...): no lambda (process pools pickle the function), partial when imported', async () => {
  assert.equal((await only('import torch\nsds = pool.map(torch.load, paths)\n')).fix, undefined);
  const text = 'from functools import partial\nimport torch\nsds = pool.map(torch.load, paths)\n';
  const f = await only(text);
  assert.equal(at(f), 'MSL101 3:15-3:25');
  assert.equal(applyFixesOnce(text, [f]), 'from functools import partial\nimport torch\nsds = pool.map(partial(torch.load, weights_only=True), paths)\n');
});

test('numpy.load as a value is safe; bound with allow_pickle=True it is MSL109', async () => {
  await none('import numpy as np\narrays = executor.map(np.load, paths)\n');
  const text = 'import functools\nimport numpy as np\narrays = executor.map(functools.partial(np.load, allow_pickle=True), paths)\n';
  const f = await only(text);
  assert.equal(at(f), 'MSL109 3:22-3:67');
  assert.equal(f.evidence, 'functools.partial(np.load, allow_pickle=True) passed to executor.map(...)');
  assert.equal(applyFixesOnce(text, [f]), 'import functools\nimport numpy as np\narrays = executor.map(functools.partial(np.load), paths)\n');
});

test('dispatch dict: the references in the dict are reported, not the call through it', async () => {
  const text = 'import torch, pickle\ncallbacks = {"pt": torch.load, "pkl": pickle.load}\nobj = callbacks[ext](p)\n';
  assert.deepEqual(await summary(text), [
    'MSL101 2:19-2:29 torch.load stored in a dict under "pt"',
    'MSL104 2:38-2:49 pickle.load stored in a dict under "pkl"',
  ]);
  assert.deepEqual(await summary('import torch\nobj = {"pt": torch.load}[ext](p)\n'), ['MSL101 2:13-2:23 torch.load stored in a dict under "pt"']);
  await none('import torch\nnames = {torch.load: "torch"}\n'); // a key is hashed, not called
  await none('import torch\nprint({"pt": torch.load})\n');
});

test('returned, yielded, returned by a lambda, a parameter default', async () => {
  assert.deepEqual(await summary([
    'import torch, pickle, joblib', 'def get_loader():', '    return torch.load', 'def loaders():', '    yield pickle.load',
    'pick = lambda: joblib.load', 'def restore(p, loader=torch.load):', '    return loader(p)', '',
  ].join('\n')), [
    'MSL101 3:11-3:21 torch.load returned by get_loader()',
    'MSL104 5:10-5:21 pickle.load yielded by loaders()',
    'MSL107 6:15-6:26 joblib.load returned by a lambda',
    'MSL101 7:22-7:32 torch.load set as the default of loader in restore()',
  ]);
  await none('import torch\ndef get_loader():\n    return torch.load(p, weights_only=True)\n');
});

test('a name bound to a loader is followed to where it escapes; calls through it are reported once', async () => {
  const f = await only('import pickle\ndefault_loader = pickle.loads\nds = Dataset(files, loader=default_loader)\n');
  assert.equal(at(f), 'MSL104 3:27-3:41');
  assert.equal(f.evidence, 'default_loader passed as loader= to Dataset(...)');
  assert.match(f.message, /^`default_loader` is passed as `loader=` to `Dataset\(\.\.\.\)`, to be called later with its default options\. `default_loader` \(pickle\.loads\) unpickles/);
  const alias = await only('import torch\nload = torch.load\nload(p)\n');
  assert.equal(at(alias), 'MSL101 3:0-3:7');
  assert.equal(alias.evidence, 'load(p)');
  await none('import torch\nload = torch.load\n');
  assert.deepEqual(await summary('import torch\na = torch.load\nb = a\nrun(b)\n'), ['MSL101 4:4-4:5 b passed to run(...)']);
  assert.deepEqual(await summary('import pickle\na = b = pickle.loads\nuse(a)\n'), ['MSL104 3:4-3:5 a passed to use(...)']);
});

test('imported under another name: `from torch import load as L`, `from pickle import loads`', async () => {
  assert.deepEqual(await summary('from torch import load as L\nfrom pickle import loads\nxs = map(L, ps)\nys = map(loads, bs)\n'), [
    'MSL101 3:9-3:10 L passed to map(...)',
    'MSL104 4:9-4:14 loads passed to map(...)',
  ]);
  await none('from json import load as L\nxs = map(L, ps)\n');
});

test('functools.partial: bound weights_only=True is safe; otherwise the fix goes into the partial', async () => {
  await none('import functools, torch\nf(functools.partial(torch.load, weights_only=True))\n');
  await none('from functools import partial\nimport torch\nsafe = partial(torch.load, weights_only=True)\nsds = list(map(safe, paths))\n');
  const text = 'from functools import partial\nimport torch\nds = DatasetFolder(root, loader=partial(torch.load, map_location="cpu"))\n';
  const f = await only(text);
  assert.equal(at(f), 'MSL101 3:32-3:71');
  assert.equal(f.evidence, 'partial(torch.load, map_location="cpu") passed as loader= to DatasetFolder(...)');
  assert.equal(applyFixesOnce(text, [f]), text.replace('map_location="cpu")', 'map_location="cpu", weights_only=True)'));
  const named = 'from functools import partial\nimport torch\ncpu = partial(torch.load, map_location="cpu")\nsds = pool.map(cpu, paths)\n';
  const g = await only(named);
  assert.equal(g.evidence, 'cpu passed to pool.map(...) (via partial(torch.load, map_location="cpu") → torch.load)');
  assert.equal(await applyAllFixes(named), named.replace('map_location="cpu")', 'map_location="cpu", weights_only=True)'));
});

test('looked at, not escaping: attribute reads, comparisons, type checks, printing, metadata', async () => {
  for (const line of [
    'hasattr(torch, "load")', 'print(torch.load.__doc__)', 'if torch.load is None:\n    pass', 'isinstance(x, type(torch.load))',
    'ok = fn in (torch.load, pickle.load)', 'print(torch.load)', 'sig = inspect.signature(torch.load)', 'msg = f"{torch.load}"',
    '@functools.wraps(torch.load)\ndef load(*a, **k):\n    return None', 'if callable(pickle.load):\n    pass', 'torch.load',
    'class Strict(pickle.Unpickler):\n    pass', 'ok = isinstance(u, pickle.Unpickler)', 'make(factory=pickle.Unpickler)',
    'torch.load = safe_load', 'loaders[torch.load] = 1',
  ]) await none(`import functools, inspect, pickle, torch\n${line}\n`);
});

test('stored in another object or a container: attributes, subscripts, class attributes, tuples, loops', async () => {
  assert.deepEqual(await summary([
    'import torch, pickle', 'cfg.loader = torch.load', 'registry["pkl"] = pickle.load', 'class Codec:', '    reader = pickle.loads',
    'loaders = torch.load, pickle.load', 'for fn in [torch.load]:', '    fn(p)', 'handlers += [pickle.load]', '',
  ].join('\n')), [
    'MSL101 2:13-2:23 torch.load assigned to cfg.loader',
    'MSL104 3:18-3:29 pickle.load assigned to registry["pkl"]',
    'MSL104 5:13-5:25 pickle.loads assigned to class attribute Codec.reader',
    'MSL101 6:10-6:20 torch.load stored in a tuple',
    'MSL104 6:22-6:33 pickle.load stored in a tuple',
    'MSL101 7:11-7:21 torch.load stored in a list',
    'MSL104 9:13-9:24 pickle.load stored in a list',
  ]);
  await none('import torch\nload, save = torch.load, torch.save\nsave(m, p)\n');
});

test('self attributes: binding one is no finding, passing it on is', async () => {
  const text = [
    'import torch', 'class Restorer:', '    def __init__(self):', '        self.loader = torch.load', '    def batches(self, ds):',
    '        return DataLoader(ds, collate_fn=self.loader)', '',
  ].join('\n');
  const f = await only(text);
  assert.equal(at(f), 'MSL101 6:41-6:52');
  assert.equal(f.evidence, 'self.loader passed as collate_fn= to DataLoader(...) (via self.loader = torch.load → torch.load)');
  await none(text.replace('return DataLoader(ds, collate_fn=self.loader)', 'return self.loader(ds, weights_only=True)'));
});

test('chosen by a conditional expression: each branch is reported, the later call cannot be', async () => {
  assert.deepEqual(await summary('import torch, pickle\nloader = torch.load if pt else pickle.load\nobj = loader(p)\n'), [
    'MSL101 2:9-2:19 torch.load assigned to loader through a conditional expression',
    'MSL104 2:31-2:42 pickle.load assigned to loader through a conditional expression',
  ]);
  await none('import torch\nloader = safe if torch.load else None\nobj = loader(p)\n'); // the condition is only tested
});

test('getattr(torch, "load") as a value, and getattr with a default', async () => {
  const f = await only('import torch\nsds = map(getattr(torch, "load"), paths)\n');
  assert.equal(at(f), 'MSL101 2:10-2:32');
  assert.equal(f.evidence, 'getattr(torch, "load") passed to map(...)');
  assert.equal(f.fix, undefined);
  assert.deepEqual(await summary('import pickle\nrun(getattr(codec, "reader", pickle.load))\n'), ['MSL104 2:4-2:41 getattr(codec, "reader", pickle.load) passed to run(...)']);
  await none('import torch\nsds = map(getattr(torch, "save"), paths)\n');
});

test('PyYAML: unsafe_load and load renamed to safe_load; safe_load is fine', async () => {
  const text = 'import yaml\ndocs = list(map(yaml.unsafe_load, files))\n';
  const f = await only(text);
  assert.equal(at(f), 'MSL111 2:16-2:32');
  assert.equal(f.severity, 'high');
  assert.equal(applyFixesOnce(text, [f]), 'import yaml\ndocs = list(map(yaml.safe_load, files))\n');
  const g = await only('import yaml\nparsers = {"yaml": yaml.load}\n');
  assert.equal(at(g), 'MSL111 2:19-2:28');
  assert.equal(g.confidence, 'medium');
  assert.match(g.message, /is called without a `Loader`/);
  await none('import yaml\ndocs = list(map(yaml.safe_load, files))\n');
});

test('the other loader families reuse their rules', async () => {
  assert.deepEqual(await summary([
    'import dill, jsonpickle, marshal, shelve, torch', 'import pandas as pd', 'run(dill.load)', 'run(jsonpickle.decode)', 'run(marshal.loads)',
    'run(shelve.open)', 'run(pd.read_pickle)', 'run(torch.jit.load)', 'run(torch.hub.load_state_dict_from_url)', '',
  ].join('\n')), [
    'MSL104 3:4-3:13 dill.load passed to run(...)',
    'MSL105 4:4-4:21 jsonpickle.decode passed to run(...)',
    'MSL110 5:4-5:17 marshal.loads passed to run(...)',
    'MSL106 6:4-6:15 shelve.open passed to run(...)',
    'MSL108 7:4-7:18 pd.read_pickle passed to run(...)',
    'MSL305 8:4-8:18 torch.jit.load passed to run(...)',
    'MSL102 9:4-9:38 torch.hub.load_state_dict_from_url passed to run(...)',
  ]);
  await none('import json, codecs\nrun(json.load)\nrun(codecs.decode)\nrun(open)\n');
});

test('keywords the receiver passes on with the function count', async () => {
  await none('import torch\nfut = executor.submit(torch.load, p, weights_only=True)\n');
  const text = 'import torch\nfut = executor.submit(torch.load, p, weights_only=False)\n';
  const f = await only(text);
  assert.equal(at(f), 'MSL101 2:22-2:32');
  assert.match(f.message, /to be called later with `weights_only=False`\./);
  assert.equal(applyFixesOnce(text, [f]), 'import torch\nfut = executor.submit(torch.load, p, weights_only=True)\n');
});

test('an alias bound on another path too: medium, no fix', async () => {
  const f = await only('import torch\nif fast:\n    L = torch.load\nelse:\n    L = my_load\nsds = list(map(L, paths))\n');
  assert.equal(at(f), 'MSL101 6:15-6:16');
  assert.equal(f.fix, undefined);
  assert.match(f.message, /No automatic fix: `L` may also name something else here\.$/);
});

test('suppressions apply to value findings', async () => {
  await none('import torch\nsds = pool.map(torch.load, paths)  # msl: ignore[MSL101] trusted local checkpoints\n');
  const findings = await analyzePythonSource('import torch\nsds = pool.map(torch.load, paths)  # msl: ignore[MSL104] wrong rule\n');
  assert.deepEqual(findings.map(at), ['MSL101 2:15-2:25', 'MSL010 2:35-2:67'], 'another rule silences nothing');
});

test('body-by-body re-analysis equals a fresh analysis with loader values', async () => {
  const base = [
    'import functools, torch, pickle', 'DEFAULT = pickle.loads', 'HANDLERS = {"pt": torch.load}', '',
    'def edited(paths):', '    x = 0', '    return paths', '',
    'def user(paths):', '    return list(map(DEFAULT, paths)), pool.map(torch.load, paths)', '',
    'class R:', '    def __init__(self):', '        self.loader = torch.load', '    def run(self, ds):', '        return DataLoader(ds, collate_fn=self.loader)', '',
  ].join('\n');
  const edits = ['\n    y = 1\n    z = 2', '\n    return DEFAULT', '  # c', '\n    w = map(torch.load, paths)\n', '\n    h = {"x": torch.load}  # msl: ignore[MSL101] ok'];
  await assertBodyReanalysisMatchesFresh(base, '    x = 0', edits);
  assert.equal((await analyzePythonSource(base)).filter((f) => f.evidence?.includes(' passed ') || f.evidence?.includes(' stored ')).length, 4);
});

test('the scope locator agrees with a scan of every scope, defaults and lambdas included', async () => {
  const text = [
    'import torch', 'def outer(a, b=lambda x: x + 1, *, c=[y for y in range(3)]):', '    def inner(d=lambda: 0):', '        return [z for z in d()]',
    '    k = lambda q, r=lambda: 1: q', '    return inner', 'class C:', '    f = lambda self: self', '    def m(self, g=(lambda: 2)):',
    '        return {k: v for k, v in g()}', 'tail = (lambda: [w for w in ()])', '',
  ].join('\n');
  const grammar = await loadPythonGrammar();
  const { tree } = parsePython(grammar, text);
  assert.ok(tree);
  try {
    const { scopes } = collectModule(tree);
    const locate = scopeLocator(scopes);
    const scan = (offset: number): Scope => {
      for (let i = scopes.length - 1; i > 0; i--) if (scopes[i].start <= offset && offset < scopes[i].end) return scopes[i];
      return scopes[0];
    };
    assert.ok(scopes.length >= 14);
    for (let offset = 0; offset <= text.length; offset++) assert.equal(locate(offset), scan(offset), `offset ${offset}`);
  } finally {
    tree.delete();
  }
});

test('an `or` fallback, and unpaired tuple targets, are escapes', async () => {
  assert.deepEqual(await summary('import torch\nloader = custom or torch.load\n'), ['MSL101 2:19-2:29 torch.load assigned to loader through an or expression']);
  assert.deepEqual(await summary('import pickle\nfirst, *rest = pickle.load, a, b\n'), ['MSL104 2:15-2:26 pickle.load stored in a tuple']);
});
