import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePythonSource } from '../../../server/src/core/python/analyze';
import { applyEdits } from '../../../server/src/core/python/fixes';
import { LineIndex } from '../../../server/src/core/python/text';
import { REV } from './helpers';

const pins = new Map([['org/model', REV]]);
const ours = (ids: string[]) => ids.filter((id) => id >= 'MSL830' && id <= 'MSL832');

async function run(code: string, withPins = true) {
  const findings = await analyzePythonSource(code, withPins ? { hubPins: pins } : {});
  return findings.filter((f) => ours([f.ruleId]).length > 0);
}

describe('Hub loads cross-checked with msl.lock.json (MSL831/MSL832) and typo-squats (MSL830)', () => {
  it('offers to insert the recorded revision', async () => {
    const code = 'from transformers import AutoModel\nm = AutoModel.from_pretrained("org/model")\n';
    const [f, ...rest] = await run(code);
    assert.equal(rest.length, 0);
    assert.equal(f!.ruleId, 'MSL831');
    assert.equal(applyEdits(code, f!.fix!.edits, new LineIndex(code)), `from transformers import AutoModel\nm = AutoModel.from_pretrained("org/model", revision="${REV}")\n`);
    assert.deepEqual(await run(code, false), [], 'no manifest, no finding');
  });

  it('replaces a branch revision and flags a different commit; the recorded one is quiet', async () => {
    const branch = 'import transformers\ntransformers.AutoTokenizer.from_pretrained("Org/Model", revision="main")\n';
    const [f] = await run(branch);
    assert.equal(f!.ruleId, 'MSL831');
    assert.match(applyEdits(branch, f!.fix!.edits, new LineIndex(branch)), new RegExp(`revision="${REV}"\\)`));
    const other = `from huggingface_hub import hf_hub_download\nhf_hub_download("org/model", "w.bin", revision="${'f'.repeat(40)}")\n`;
    assert.deepEqual((await run(other)).map((x) => x.ruleId), ['MSL832']);
    const same = `from transformers import pipeline\npipeline("text-generation", model="org/model", revision="${REV}")\n`;
    assert.deepEqual(await run(same), []);
  });

  it('flags typo-squatted organisations in code whether or not there is a manifest', async () => {
    const code = 'from sentence_transformers import SentenceTransformer\nSentenceTransformer("sentence-transformer/all-MiniLM-L6-v2")\n';
    const found = await run(code, false);
    assert.deepEqual(found.map((f) => f.ruleId), ['MSL830']);
    assert.match(found[0]!.message, /sentence-transformers/);
    assert.deepEqual(await run('from transformers import AutoModel\nAutoModel.from_pretrained("meta-llama/Llama-3.1-8B")\n', false), []);
  });
});
