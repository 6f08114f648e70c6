// Callees reached through indirections: plain aliases, getattr with a literal name,
// functools.partial (with the arguments it binds), `self.x = f` in the same class, and
// importlib/__import__. Each resolves to the rule the direct call triggers, its evidence shows
// the path, and a fix is offered only where the edit stays exact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../../server/src/core/findings';
import { analyzePythonSource } from '../../../server/src/core/python/analyze';
import { applyAllFixes, applyFixesOnce, assertBodyReanalysisMatchesFresh } from './helpers';

/** `MSL101 3:0-3:25`: rule, then the range with 1-based lines and 0-based columns. */
function at(f: Finding): string {
  assert.equal(f.location.kind, 'text');
  if (f.location.kind !== 'text') return '';
  const { start, end } = f.location.range;
  return `${f.ruleId} ${start.line + 1}:${start.character}-${end.line + 1}:${end.character}`;
}

async function only(text: string): Promise<Finding> {
  const findings = await analyzePythonSource(text);
  assert.equal(findings.length, 1, findings.map((f) => `${at(f)} ${f.message}`).join('\n'));
  return findings[0];
}

async function none(text: string): Promise<void> {
  assert.deepEqual((await analyzePythonSource(text)).map((f) => `${at(f)} ${f.evidence}`), []);
}

test('plain alias: already resolved, evidence unchanged, fix on the final call', async () => {
  const text = 'import torch\nload = torch.load\nload(p)\n';
  const f = await only(text);
  assert.equal(at(f), 'MSL101 3:0-3:7');
  assert.equal(f.evidence, 'load(p)');
  assert.equal(applyFixesOnce(text, [f]), 'import torch\nload = torch.load\nload(p, weights_only=True)\n');
  await none('import torch\nload = torch.save\nload(m, p)\n');
});

test('tuple assignment pairs names with values: `load, save = torch.load, torch.save`', async () => {
  const f = await only('import torch\nload, save = torch.load, torch.save\nsave(m, p)\nload(p)\n');
  assert.equal(at(f), 'MSL101 4:0-4:7');
  assert.equal(f.confidence, 'high');
  await none('import torch\nload, save = torch.save, torch.load\nload(m, p)\n');
  await none('import torch\nload, save = pair_of_loaders()\nload(p)\n');
});

test('getattr(torch, "load")(p) is torch.load', async () => {
  const text = 'import torch\nm = getattr(torch, "load")(p)\n';
  const f = await only(text);
  assert.equal(at(f), 'MSL101 2:4-2:29');
  assert.equal(f.confidence, 'high');
  assert.equal(f.evidence, 'getattr(torch, "load")(p) (via getattr(torch, "load") → torch.load)');
  assert.equal(f.message, '`getattr(torch, "load")` (torch.load) is called without `weights_only=True`, so the file is unpickled and can run code (the default before PyTorch 2.6).');
  assert.equal(applyFixesOnce(text, [f]), 'import torch\nm = getattr(torch, "load")(p, weights_only=True)\n');
});

test('getattr: near misses are not torch.load', async () => {
  await none('import torch\ngetattr(torch, "save")(m, p)\n');
  await none('import torch\ngetattr(torch, name)(p)\n'); // name unknown
  await none('import torch\ngetattr(torch, "load")(p, weights_only=True)\n');
  await none('import torch\ndef getattr(o, n):\n    return print\ngetattr(torch, "load")(p)\n'); // not the builtin
  await none('import torch\nloader = getattr(model, "load")\nloader(p)\n');
});

test("getattr(pickle, 'loads')(b), also with the name in a constant", async () => {
  const f = await only("import pickle\nobj = getattr(pickle, 'loads')(b)\n");
  assert.equal(at(f), 'MSL104 2:6-2:33');
  assert.equal(f.evidence, "getattr(pickle, 'loads')(b) (via getattr(pickle, 'loads') → pickle.loads)");
  assert.equal(f.fix, undefined);
  const g = await only('import pickle\nNAME = "loads"\nfn = getattr(pickle, NAME)\nfn(b)\n');
  assert.equal(at(g), 'MSL104 4:0-4:5');
  assert.equal(g.evidence, 'fn(b) (via getattr(pickle, NAME) → pickle.loads)');
  await none("import json\nobj = getattr(json, 'loads')(b)\n");
});

test('getattr with a default: the default is another possible callee', async () => {
  const f = await only('import torch\ndef mine(p):\n    return p\ngetattr(torch, "load", mine)(p)\n');
  assert.equal(at(f), 'MSL101 4:0-4:31');
  assert.equal(f.confidence, 'medium');
  assert.equal(f.fix, undefined);
  assert.match(f.message, /No automatic fix: `getattr\(torch, "load", mine\)` may also name something else here\./);
});

test('functools.partial(torch.load, map_location="cpu")(p): the fix goes into the partial', async () => {
  const text = 'import functools\nimport torch\nsd = functools.partial(torch.load, map_location="cpu")(p)\n';
  const f = await only(text);
  assert.equal(at(f), 'MSL101 3:5-3:57');
  assert.equal(f.evidence, 'functools.partial(torch.load, map_location="cpu")(p) (via functools.partial(torch.load, map_location="cpu") → torch.load)');
  assert.equal(applyFixesOnce(text, [f]), 'import functools\nimport torch\nsd = functools.partial(torch.load, map_location="cpu", weights_only=True)(p)\n');
  await none('import functools\nimport torch\nsd = functools.partial(torch.load, weights_only=True)(p)\n');
  await none('import functools\nimport torch\nsd = functools.partial(my_load, map_location="cpu")(p)\n');
});

test('a partial bound to a name: every call is reported, one fix on the partial covers them', async () => {
  const text = 'from functools import partial\nimport torch\nload_cpu = partial(torch.load, map_location="cpu")\na = load_cpu(p)\nb = load_cpu(q)\n';
  const findings = await analyzePythonSource(text);
  assert.deepEqual(findings.map(at), ['MSL101 4:4-4:15', 'MSL101 5:4-5:15']);
  assert.equal(findings[0].evidence, 'load_cpu(p) (via partial(torch.load, map_location="cpu") → torch.load)');
  assert.deepEqual(findings[0].fix, findings[1].fix);
  assert.equal(await applyAllFixes(text),
    'from functools import partial\nimport torch\nload_cpu = partial(torch.load, map_location="cpu", weights_only=True)\na = load_cpu(p)\nb = load_cpu(q)\n');
});

test('keywords bound by partial count: weights_only=True in the partial is safe, unless the call overrides it', async () => {
  await none('from functools import partial\nimport torch\nsafe = partial(torch.load, weights_only=True)\nsafe(p)\n');
  const text = 'from functools import partial\nimport torch\nsafe = partial(torch.load, weights_only=True)\nsafe(p, weights_only=False)\n';
  const f = await only(text);
  assert.equal(at(f), 'MSL101 4:0-4:27');
  assert.equal(applyFixesOnce(text, [f]), 'from functools import partial\nimport torch\nsafe = partial(torch.load, weights_only=True)\nsafe(p, weights_only=True)\n');
  const g = await only('from functools import partial\nimport torch\nunsafe = partial(torch.load, weights_only=False)\nunsafe(p)\n');
  assert.equal(at(g), 'MSL101 4:0-4:9');
  assert.equal(g.fix?.edits[0].range.start.line, 2, 'the value is flipped where the partial binds it');
});

test('partial arguments are resolved in the scope of the partial, not of the call', async () => {
  // The function's own SAFE does not change what the module-level partial bound.
  await none('from functools import partial\nimport torch\nSAFE = True\nLOAD = partial(torch.load, weights_only=SAFE)\ndef f(p):\n    SAFE = False\n    return LOAD(p)\n');
  const f = await only('from functools import partial\nimport torch\nSAFE = False\nLOAD = partial(torch.load, weights_only=SAFE)\ndef f(p):\n    SAFE = True\n    return LOAD(p)\n');
  assert.equal(at(f), 'MSL101 7:11-7:18');
  assert.match(f.message, /which is False \(set on line 3\)/);
});

test('partials through different branches receive different arguments: no fix', async () => {
  const f = await only('from functools import partial\nimport torch\nif c:\n    L = partial(torch.load, map_location="cpu")\nelse:\n    L = partial(torch.load)\nL(p)\n');
  assert.equal(at(f), 'MSL101 7:0-7:4');
  assert.equal(f.confidence, 'medium');
  assert.equal(f.fix, undefined);
});

test('numpy.load bound with allow_pickle=True: removal happens in the partial', async () => {
  const text = 'import functools\nimport numpy as np\nread = functools.partial(np.load, allow_pickle=True)\nx = read("a.npy")\n';
  const f = await only(text);
  assert.equal(at(f), 'MSL109 4:4-4:17');
  assert.equal(applyFixesOnce(text, [f]), 'import functools\nimport numpy as np\nread = functools.partial(np.load)\nx = read("a.npy")\n');
});

test('a keyword bound by partial names the wrapped function', async () => {
  const f = await only('from functools import partial\nfrom transformers import AutoModel\nmk = partial(AutoModel.from_pretrained, "acme/m", trust_remote_code=True)\n');
  assert.equal(at(f), 'MSL201 3:5-3:73');
  assert.match(f.message, /^`AutoModel\.from_pretrained` \(transformers\.AutoModel\.from_pretrained\) is called with `trust_remote_code=True`/);
  const pinned = await only('from functools import partial\nfrom transformers import AutoModel\n' +
    'mk = partial(AutoModel.from_pretrained, "acme/m", revision="0123456789abcdef0123456789abcdef01234567")\nm = mk(trust_remote_code=True)\n');
  assert.equal(at(pinned), 'MSL201 4:4-4:30');
  assert.equal(pinned.severity, 'medium', 'the revision bound by the partial pins the code');
});

test('self.loader = torch.load in __init__, called in another method', async () => {
  const text = [
    'import torch', 'class Restorer:', '    def __init__(self):', '        self.loader = torch.load', '    def restore(self, p):',
    '        return self.loader(p)', '',
  ].join('\n');
  const f = await only(text);
  assert.equal(at(f), 'MSL101 6:15-6:29');
  assert.equal(f.confidence, 'high');
  assert.equal(f.evidence, 'self.loader(p) (via self.loader = torch.load → torch.load)');
  assert.equal(applyFixesOnce(text, [f]), text.replace('self.loader(p)', 'self.loader(p, weights_only=True)'));
});

test('self attributes: a partial value, a closure inside the method, and a nested call', async () => {
  const viaPartial = [
    'import functools, torch', 'class R:', '    def __init__(self):', '        self.loader = functools.partial(torch.load, map_location="cpu")',
    '    def run(self, p):', '        return self.loader(p)', '',
  ].join('\n');
  const f = await only(viaPartial);
  assert.equal(f.evidence, 'self.loader(p) (via self.loader = functools.partial(torch.load, map_location="cpu") → torch.load)');
  assert.equal(applyFixesOnce(viaPartial, [f]), viaPartial.replace('map_location="cpu")', 'map_location="cpu", weights_only=True)'));
  const g = await only('import pickle\nclass R:\n    def __init__(self):\n        self.codec = pickle\n    def run(self, b):\n        return [self.codec.loads(x) for x in b]\n');
  assert.equal(at(g), 'MSL104 6:16-6:35');
});

test('self attributes: near misses', async () => {
  // Another class's attribute, a local function, a static method's first parameter, a rebound self.
  await none('import torch\nclass A:\n    def __init__(self):\n        self.loader = torch.load\nclass B:\n    def run(self, p):\n        return self.loader(p)\n');
  await none('import torch\nclass A:\n    def __init__(self):\n        self.loader = my_loader\n    def run(self, p):\n        return self.loader(p)\n');
  await none('import torch\nclass A:\n    def __init__(self):\n        self.loader = torch.load\n    @staticmethod\n    def run(self, p):\n        return self.loader(p)\n');
  await none('import torch\nclass A:\n    def __init__(self):\n        self.loader = torch.load\n    def run(other, p):\n        self = other\n        return self.loader(p)\n');
});

test('self attributes: also assigned from elsewhere means medium confidence and no fix', async () => {
  const f = await only([
    'import torch', 'class A:', '    def __init__(self, alt):', '        self.loader = torch.load', '        if alt:', '            self.loader = alt',
    '    def run(self, p):', '        return self.loader(p)', '',
  ].join('\n'));
  assert.equal(at(f), 'MSL101 8:15-8:29');
  assert.equal(f.confidence, 'medium');
  assert.equal(f.fix, undefined);
  const g = await only('import torch\nclass A:\n    def __init__(self):\n        self.loader, self.n = torch.load, 1\n        self.loader = torch.load\n    def run(self, p):\n        return self.loader(p)\n');
  assert.equal(g.confidence, 'medium', 'a tuple assignment to the attribute is not followed');
});

test('importlib.import_module("pickle").loads(b) and __import__("pickle").loads(b)', async () => {
  const a = await only('import importlib\nimportlib.import_module("pickle").loads(b)\n');
  assert.equal(at(a), 'MSL104 2:0-2:42');
  assert.equal(a.evidence, 'importlib.import_module("pickle").loads(b) (via importlib.import_module("pickle") → pickle.loads)');
  const b = await only('__import__("pickle").loads(b)\n');
  assert.equal(at(b), 'MSL104 1:0-1:29');
  assert.equal(b.evidence, '__import__("pickle").loads(b) (via __import__("pickle") → pickle.loads)');
  const c = await only('import torch\ngetattr(__import__("torch"), "load")(p)\n');
  assert.equal(c.evidence, 'getattr(__import__("torch"), "load")(p) (via getattr(__import__("torch"), "load") → torch.load)');
  await none('import importlib\nimportlib.import_module("json").loads(b)\n__import__("json").loads(b)\n');
});

test('body-by-body re-analysis equals a fresh analysis with partials, self attributes and with-targets', async () => {
  // The edited function sits between module-level partials and the bodies that call them, so
  // carried findings have fixes that point above and below the edit.
  const base = [
    'import functools, torch, pickle', 'from urllib.request import urlopen', 'EARLY = functools.partial(torch.load, map_location="cpu")', '',
    'def edited(p):', '    x = 0', '    return p', '', 'LATE = functools.partial(torch.load)', '',
    'def user(p):', '    return EARLY(p), LATE(p)', '',
    'class R:', '    def __init__(self):', '        self.loader = getattr(torch, "load")', '    def run(self, p):', '        return self.loader(p)', '',
    'def fetch(u):', '    with urlopen(u) as r:', '        return pickle.load(r)', '',
  ].join('\n');
  const edits = ['\n    y = 1\n    z = 2', '\n    torch.load(q)', '  # c', '\n    w = EARLY(q)\n'];
  await assertBodyReanalysisMatchesFresh(base, '    x = 0', edits);
});
