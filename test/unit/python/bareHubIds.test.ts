// Hub ids without an owner: the canonical models (`gpt2`, `bert-base-uncased`) and
// sentence-transformers names get MSL202 like `owner/name` ids; local paths and other bare
// names (likely folders) do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../../server/src/core/findings';
import { analyzePythonSource } from '../../../server/src/core/python/analyze';
import { hubModelId, looksLikeRepoId } from '../../../server/src/core/python/rules/hubIds';
import { applyFixesOnce } from './helpers';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const HEADER = 'from transformers import AutoModel, pipeline\nfrom huggingface_hub import hf_hub_download, snapshot_download\n' +
  'from sentence_transformers import SentenceTransformer\nfrom datasets import load_dataset\n';

function at(f: Finding): string {
  if (f.location.kind !== 'text') return `${f.ruleId} ${f.location.kind}`;
  const { start, end } = f.location.range;
  return `${f.ruleId} ${start.line + 1}:${start.character}-${end.line + 1}:${end.character}`;
}

async function findings(body: string, hubPins?: Map<string, string>): Promise<Finding[]> {
  return analyzePythonSource(HEADER + body, hubPins ? { hubPins } : {});
}

test('from_pretrained("gpt2") without a revision is MSL202', async () => {
  const [f, ...rest] = await findings('m = AutoModel.from_pretrained("gpt2")\n');
  assert.deepEqual(rest, []);
  assert.equal(at(f), 'MSL202 5:4-5:37');
  assert.equal(f.evidence, 'AutoModel.from_pretrained("gpt2")');
  assert.equal(f.message, '`AutoModel.from_pretrained` (transformers.AutoModel.from_pretrained) loads `gpt2` (a canonical Hub model: no owner in the id, ' +
    'still a repository whose files can change) without `revision`, so it gets whatever the repository holds today.');
});

test('hf_hub_download(repo_id="bert-base-uncased", ...) and a moving revision are MSL202; a commit pin is not', async () => {
  const all = await findings([
    'p = hf_hub_download(repo_id="bert-base-uncased", filename="config.json")',
    'q = snapshot_download("t5-small", revision="main")',
    'r = pipeline("fill-mask", model="distilbert-base-uncased")',
    `s = AutoModel.from_pretrained("gpt2", revision="${SHA}")`,
    '',
  ].join('\n'));
  assert.deepEqual(all.map(at), ['MSL202 5:4-5:72', 'MSL202 6:4-6:50', 'MSL202 7:4-7:58']);
  assert.match(all[1].message, /loads `t5-small` \(a canonical Hub model.*\) at revision `main`, a branch or tag that can move/);
});

test('sentence-transformers expands its bare names', async () => {
  const [f] = await findings('m = SentenceTransformer("all-MiniLM-L6-v2")\n');
  assert.equal(at(f), 'MSL202 5:4-5:43');
  assert.match(f.message, /loads `all-MiniLM-L6-v2` \(the Hub repository `sentence-transformers\/all-MiniLM-L6-v2`\) without `revision`/);
  // The same name given to transformers is not a Hub id there.
  assert.deepEqual((await findings('m = AutoModel.from_pretrained("all-MiniLM-L6-v2")\n')).map(at), []);
});

test('local paths and other bare names are not Hub ids', async () => {
  const all = await findings([
    'a = AutoModel.from_pretrained("./models/gpt2")',
    'b = AutoModel.from_pretrained("models/gpt2")',
    'c = AutoModel.from_pretrained("my-finetuned-gpt2")',
    'd = AutoModel.from_pretrained("gpt2/")',
    'e = AutoModel.from_pretrained("/opt/models/gpt2")',
    'f = AutoModel.from_pretrained("checkpoints/bert-base-uncased")',
    'g = AutoModel.from_pretrained(r"C:\\models\\gpt2")',
    'h = hf_hub_download(repo_id="gpt2", repo_type="dataset", filename="x.json")',
    'i = load_dataset("gpt2")',
    '',
  ].join('\n'));
  assert.deepEqual(all.map(at), []);
});

test('trust_remote_code on a bare id is reported once, by MSL201', async () => {
  const all = await findings('m = AutoModel.from_pretrained("gpt2", trust_remote_code=True)\n');
  assert.deepEqual(all.map((f) => f.ruleId), ['MSL201']);
});

test('a manifest pin for a bare id offers the revision fix (MSL831), with no typo-squat check', async () => {
  const text = 'm = AutoModel.from_pretrained("gpt2")\n';
  const all = await findings(text, new Map([['gpt2', SHA]]));
  assert.deepEqual(all.map(at), ['MSL202 5:4-5:37', 'MSL831 5:4-5:37']);
  const pin = all.find((f) => f.ruleId === 'MSL831');
  assert.equal(applyFixesOnce(HEADER + text, pin ? [pin] : []), `${HEADER}m = AutoModel.from_pretrained("gpt2", revision="${SHA}")\n`);
});

test('hubModelId / looksLikeRepoId', () => {
  assert.deepEqual(hubModelId('gpt2', true), { id: 'gpt2', bare: true });
  assert.equal(hubModelId('gpt2', false), undefined);
  assert.deepEqual(hubModelId('openai-community/gpt2', false), { id: 'openai-community/gpt2', bare: false });
  assert.deepEqual(hubModelId('all-mpnet-base-v2', true, true), { id: 'sentence-transformers/all-mpnet-base-v2', bare: true });
  assert.equal(hubModelId('all-mpnet-base-v2', true, false), undefined);
  assert.equal(hubModelId('GPT2', true), undefined, 'ids are case-sensitive on the Hub');
  for (const local of ['models/gpt2', 'outputs/run1', './gpt2', '../a/b', 'a/b/c', 'weights/x']) assert.equal(looksLikeRepoId(local), false, local);
  assert.equal(looksLikeRepoId('acme/model-1.5'), true);
});
