// Keyword removal, statement removal, the yaml rename and http -> https, text in, text out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePythonSource } from '../../../server/src/core/python/analyze';
import { applyAllFixes, applyFixesOnce } from './helpers';

async function fixed(text: string, ruleId?: string): Promise<string> {
  const findings = (await analyzePythonSource(text)).filter((f) => !ruleId || f.ruleId === ruleId);
  assert.equal(findings.filter((f) => f.fix).length, 1, findings.map((f) => `${f.ruleId} ${f.message}`).join('\n'));
  return applyFixesOnce(text, findings);
}

const removals: [string, string, string][] = [
  ['only argument', 'x = f(verify=False)', 'x = f()'],
  ['first of two', 'x = f(verify=False, timeout=3)', 'x = f(timeout=3)'],
  ['middle', 'x = f(u, verify=False, timeout=3)', 'x = f(u, timeout=3)'],
  ['last', 'x = f(u, verify=False)', 'x = f(u)'],
  ['last with trailing comma', 'x = f(u, verify=False,)', 'x = f(u,)'],
  ['own line, trailing comma', 'x = f(\n    u,\n    verify=False,\n)', 'x = f(\n    u,\n)'],
  ['own line, last without comma', 'x = f(\n    u,\n    verify=False\n)', 'x = f(\n    u\n)'],
  ['own line in the middle', 'x = f(\n    u,\n    verify=False,\n    timeout=3,\n)', 'x = f(\n    u,\n    timeout=3,\n)'],
  ['comment after it is kept', 'x = f(\n    u,\n    verify=False,  # self-signed\n    timeout=3,\n)', 'x = f(\n    u,\n    # self-signed\n    timeout=3,\n)'],
  ['comment before it is kept', 'x = f(\n    u,  # url\n    verify=False\n)', 'x = f(\n    u  # url\n)'],
  ['comment before, own trailing comma', 'x = f(\n    u,  # url\n    verify=False,\n)', 'x = f(\n    u,  # url\n)'],
  ['only argument on its own line', 'x = f(\n    verify=False,\n)', 'x = f()'],
  ['CRLF', 'x = f(\r\n    u,\r\n    verify=False,\r\n)\r\n', 'x = f(\r\n    u,\r\n)\r\n'],
  ['hanging indent', 'x = f(u,\n      verify=False,\n      timeout=3)', 'x = f(u,\n      timeout=3)'],
  ['value spanning lines', 'x = f(u, verify=(\n    False\n))', 'x = f(u)'],
];

for (const [name, input, output] of removals) {
  test(`remove verify=False: ${name}`, async () => {
    const text = `import requests\n${input}`.replace(/\bf\(/, 'requests.get(');
    const want = `import requests\n${output}`.replace(/\bf\(/, 'requests.get(');
    assert.equal(await fixed(text, 'MSL403'), want);
  });
}

test('two removals in one call: fixAll takes one per round, the second round finishes', async () => {
  const text = 'from transformers import AutoModel\nCOMMIT = "0123456789abcdef0123456789abcdef01234567"\nm = AutoModel.from_pretrained("a/b", revision=COMMIT, trust_remote_code=True, use_safetensors=False)\n';
  assert.equal(await applyAllFixes(text), 'from transformers import AutoModel\nCOMMIT = "0123456789abcdef0123456789abcdef01234567"\nm = AutoModel.from_pretrained("a/b", revision=COMMIT)\n');
});

const statements: [string, string, string][] = [
  ['module level', 'import os\nos.environ["TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD"] = "1"\nimport torch\n', 'import os\nimport torch\n'],
  ['last line without newline', 'import os\nos.environ["TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD"] = "1"', 'import os\n'],
  ['only statement of a block', 'import os\nif old:\n    os.environ["TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD"] = "1"\nrun()\n', 'import os\nif old:\n    pass\nrun()\n'],
  ['one of two in a block', 'import os\ndef setup():\n    os.environ["TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD"] = "1"\n    run()\n', 'import os\ndef setup():\n    run()\n'],
  ['setdefault', 'import os\nos.environ.setdefault("TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD", "yes")\n', 'import os\n'],
  ['CRLF', 'import os\r\nos.environ["TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD"] = "1"\r\nx = 1\r\n', 'import os\r\nx = 1\r\n'],
];

for (const [name, input, output] of statements) {
  test(`drop the force-no-weights-only line: ${name}`, async () => {
    assert.equal(await fixed(input, 'MSL103'), output);
  });
}

test('a statement sharing its line or carrying a comment is reported without a fix', async () => {
  for (const text of ['import os\nx = 1; os.environ["TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD"] = "1"\n', 'import os\nos.environ["TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD"] = "1"  # for old checkpoints\n']) {
    const [f] = await analyzePythonSource(text);
    assert.equal(f.ruleId, 'MSL103');
    assert.equal(f.fix, undefined);
  }
});

test('yaml: the rename keeps the alias and drops a positional loader', async () => {
  assert.equal(await fixed('import yaml as Y\nc = Y.load(f, Y.Loader)\n'), 'import yaml as Y\nc = Y.safe_load(f)\n');
  assert.equal(await fixed('import yaml\nc = yaml.load(stream=f, Loader=yaml.FullLoader)\n'), 'import yaml\nc = yaml.safe_load(stream=f)\n');
  const [bare] = await analyzePythonSource('from yaml import load, Loader\nc = load(f, Loader=Loader)\n');
  assert.equal(bare.ruleId, 'MSL111');
  assert.equal(bare.fix, undefined, 'a bare `load` would need its import changed too');
});

test('http -> https only in plain literals, ftp is reported without a fix', async () => {
  assert.equal(await fixed('import torch\ntorch.hub.download_url_to_file("http://h/m.pt", "m.pt", hash_prefix="ab")\n'),
    'import torch\ntorch.hub.download_url_to_file("https://h/m.pt", "m.pt", hash_prefix="ab")\n');
  assert.equal(await fixed("import urllib.request\nurllib.request.urlopen(r'http://h/x')\n"), "import urllib.request\nurllib.request.urlopen(r'https://h/x')\n");
  const [ftp] = await analyzePythonSource('import urllib.request\nurllib.request.urlopen("ftp://h/x")\n');
  assert.equal(ftp.ruleId, 'MSL401');
  assert.equal(ftp.fix, undefined);
});
