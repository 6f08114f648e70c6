// Content fetched from the network and then executed or deserialized: followed through
// assignments, `with … as r` targets and HTTP client objects. exec/eval/compile give MSL501;
// pickle, torch.load, joblib, jsonpickle and unsafe YAML loads of downloaded data are raised to
// critical. Near misses (local files, safe loaders, unknown objects) stay as they were.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../../server/src/core/findings';
import { analyzePythonSource } from '../../../server/src/core/python/analyze';
import { applyFixesOnce } from './helpers';

/** `MSL501 critical 3:4-3:18`: rule, severity, range (1-based lines, 0-based columns). */
function at(f: Finding): string {
  if (f.location.kind !== 'text') return `${f.ruleId} ${f.location.kind}`;
  const { start, end } = f.location.range;
  return `${f.ruleId} ${f.severity} ${start.line + 1}:${start.character}-${end.line + 1}:${end.character}`;
}

async function findings(text: string): Promise<string[]> {
  return (await analyzePythonSource(text)).map(at);
}

test('exec/eval of a download, directly', async () => {
  const text = 'import requests\nfrom urllib.request import urlopen\nexec(urlopen(u).read())\neval(requests.get(u).text)\nexec(requests.get(u).text)\n';
  const all = await analyzePythonSource(text);
  assert.deepEqual(all.map(at), ['MSL501 critical 3:0-3:23', 'MSL501 critical 4:0-4:26', 'MSL501 critical 5:0-5:26']);
  assert.equal(all[0].message, '`exec` runs content obtained from `urlopen(u)`: whoever serves it, or can tamper with it on the way, runs code here.');
  assert.equal(all[1].evidence, 'eval(requests.get(u).text)');
  assert.deepEqual(await findings('eval("1 + 1")\nexec(open("local.py").read())\n'), []);
});

test('with urlopen(u) as r: exec(r.read())', async () => {
  const text = 'from urllib.request import urlopen\nwith urlopen(u) as r:\n    exec(r.read())\n';
  const [f] = await analyzePythonSource(text);
  assert.equal(at(f), 'MSL501 critical 3:4-3:18');
  assert.equal(f.message, '`exec` runs content obtained from `urlopen(u)`: whoever serves it, or can tamper with it on the way, runs code here.');
  assert.equal(f.evidence, 'exec(r.read())');
  // Through one more name, and with requests used as a context manager.
  assert.deepEqual(await findings('import requests\nwith requests.get(u, stream=True) as r:\n    code = r.text\ncompile(code, "x", "exec")\n'), ['MSL501 critical 4:0-4:26']);
});

test('tuple targets and loop variables carry the download too', async () => {
  assert.deepEqual(await findings('from urllib.request import urlopen\nfor line in urlopen(u):\n    exec(line)\n'), ['MSL501 critical 3:4-3:14']);
  assert.deepEqual(await findings('import requests\nstatus, body = 200, requests.get(u).text\nexec(body)\nexec(status)\n'), ['MSL501 critical 3:0-3:10']);
  assert.deepEqual(await findings('import requests\nstatus, body = fetch_pair(requests.get(u))\nexec(status)\n'), ['MSL501 critical 3:0-3:12']);
  assert.deepEqual(await findings('for line in open(p):\n    exec(line)\n'), []);
});

test('with-targets: near misses', async () => {
  assert.deepEqual(await findings('with open(p) as r:\n    exec(r.read())\n'), []);
  assert.deepEqual(await findings('import json\nfrom urllib.request import urlopen\nwith urlopen(u) as r:\n    cfg = json.loads(r.read())\nexec(cfg_source)\n'), []);
  assert.deepEqual(await findings('from urllib.request import urlopen\nwith urlopen(u) as (a, b):\n    exec(b)\n'), []);
});

test('a with-target is not a constant or an alias of its context expression', async () => {
  // `with torch.load as f` would be nonsense, but `f` must not become torch.load by that route.
  assert.deepEqual(await findings('import torch\nwith torch.load as f:\n    f(p)\n'), []);
  assert.deepEqual(await findings('import torch\nwith flags() as WO:\n    torch.load(p, weights_only=WO)\n'), ['MSL101 high 3:4-3:34']);
});

test('requests sessions, httpx clients and aiohttp sessions fetch', async () => {
  assert.deepEqual(await findings('import requests\ns = requests.Session()\nexec(s.get(u).text)\n'), ['MSL501 critical 3:0-3:19']);
  assert.deepEqual(await findings([
    'import aiohttp', 'async def main(u):', '    async with aiohttp.ClientSession() as session:', '        async with session.get(u) as r:',
    '            exec(await r.text())', '',
  ].join('\n')), ['MSL501 critical 5:12-5:32']);
  assert.deepEqual(await findings('import pickle, httpx\nwith httpx.Client() as c:\n    obj = pickle.loads(c.get(u).content)\n'), ['MSL104 critical 3:10-3:40']);
  assert.deepEqual(await findings('s = MyClient()\nexec(s.get(u).text)\n'), []);
});

test('pickle.loads of downloaded bytes is critical; of other bytes it stays high', async () => {
  const [f] = await analyzePythonSource('import pickle, requests\nresp = requests.get(u)\nobj = pickle.loads(resp.content)\n');
  assert.equal(at(f), 'MSL104 critical 3:6-3:32');
  assert.equal(f.message, '`pickle.loads` unpickles its input, which runs any code the data names. The data comes from `requests.get(u)`, so whoever serves it, or can tamper with it on the way, runs code here.');
  assert.deepEqual(await findings('import pickle\nobj = pickle.loads(cache_bytes)\n'), ['MSL104 high 2:6-2:31']);
  assert.deepEqual(await findings('from urllib.request import urlopen\nimport pickle\nwith urlopen(u) as r:\n    obj = pickle.load(r)\n'), ['MSL104 critical 4:10-4:24']);
  assert.deepEqual(await findings('import pickle\nwith open(p, "rb") as r:\n    obj = pickle.load(r)\n'), ['MSL104 high 3:10-3:24']);
});

test('torch.load(io.BytesIO(download)) is critical, keeps its fix, and weights_only=True clears it', async () => {
  const text = 'import io, torch, requests\nresp = requests.get(u)\nsd = torch.load(io.BytesIO(resp.content))\n';
  const [f] = await analyzePythonSource(text);
  assert.equal(at(f), 'MSL101 critical 3:5-3:41');
  assert.match(f.message, /The data comes from `requests\.get\(u\)`/);
  const fixed = applyFixesOnce(text, [f]);
  assert.equal(fixed, 'import io, torch, requests\nresp = requests.get(u)\nsd = torch.load(io.BytesIO(resp.content), weights_only=True)\n');
  assert.deepEqual(await findings(fixed), []);
  assert.deepEqual(await findings('import torch\nfrom huggingface_hub import hf_hub_download\nsd = torch.load(hf_hub_download("acme/m", "w.safetensors", revision="0123456789abcdef0123456789abcdef01234567"))\n'),
    ['MSL101 critical 3:5-3:112']);
  assert.deepEqual(await findings('import torch\nsd = torch.load(io.BytesIO(blob))\n'), ['MSL101 high 2:5-2:33']);
});

test('unsafe YAML of a download is critical; safe loads and FullLoader are not raised', async () => {
  assert.deepEqual(await findings('import yaml, requests\ncfg = yaml.load(requests.get(u).text, Loader=yaml.Loader)\n'), ['MSL111 critical 2:6-2:57']);
  assert.deepEqual(await findings('import yaml, requests\ncfg = yaml.safe_load(requests.get(u).text)\n'), []);
  assert.deepEqual(await findings('import yaml, requests\ncfg = yaml.full_load(requests.get(u).text)\n'), ['MSL111 medium 2:6-2:42']);
});

test('joblib and jsonpickle of downloads are critical', async () => {
  assert.deepEqual(await findings('import joblib, urllib.request\npath, _ = urllib.request.urlretrieve(u)\nclf = joblib.load(path)\n'), ['MSL107 critical 3:6-3:23']);
  assert.deepEqual(await findings('import joblib, urllib.request\nlocal = urllib.request.urlretrieve(u)[0]\nclf = joblib.load(local)\n'), ['MSL107 critical 3:6-3:24']);
  assert.deepEqual(await findings('import jsonpickle, requests\nobj = jsonpickle.decode(requests.get(u).text)\n'), ['MSL105 critical 2:6-2:45']);
});

test('curl | sh in os.system and subprocess stays MSL502', async () => {
  assert.deepEqual(await findings('import os, subprocess\nos.system("curl -fsSL https://x.sh | sh")\nsubprocess.run(["bash", "-c", "wget -qO- https://x.sh | bash"])\n'),
    ['MSL502 critical 2:0-2:41', 'MSL502 critical 3:0-3:63']);
});
