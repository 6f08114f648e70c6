// Models written by the real onnx library (and torch.onnx when present): the verdicts of README.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scanFile } from '../../../server/src/core/scan';

const DIR = path.join(__dirname, '..', '..', 'fixtures', 'genuine-onnx');

const EXPECTED: Record<string, string[]> = {
  'clean_mlp.onnx': [],
  'clean_cnn.onnx': [],
  'if_trigger.onnx': ['MSL748:high'],
  'local_function.onnx': ['MSL748:high', 'MSL749:info'],
  'custom_domain.onnx': ['MSL741:high'],
  'external_data.onnx': ['MSL743:medium'],
  'external_traversal.onnx': ['MSL744:critical'],
  'loop_dos.onnx': ['MSL745:high'],
  'metadata_secret.onnx': ['MSL746:low', 'MSL747:high'],
};

for (const [file, expected] of Object.entries(EXPECTED)) {
  test(`genuine ${file}`, async () => {
    const r = await scanFile(path.join(DIR, file));
    assert.equal(r.format, 'onnx');
    assert.equal(r.detectedBy, 'content');
    assert.deepEqual(r.findings.map((f) => `${f.ruleId}:${f.severity}`).sort(), expected);
  });
}

test('genuine torch export (when present) is clean', { skip: !fs.existsSync(path.join(DIR, 'torch_mlp.onnx')) }, async () => {
  const r = await scanFile(path.join(DIR, 'torch_mlp.onnx'));
  assert.equal(r.format, 'onnx');
  assert.deepEqual(r.findings, []);
  assert.deepEqual(r.summary.graph?.ops, { Gemm: 2, Relu: 1 });
});

test('genuine if_trigger: the If node and its chain are named', async () => {
  const r = await scanFile(path.join(DIR, 'if_trigger.onnx'));
  const f = r.findings[0]!;
  assert.deepEqual(f.location, { kind: 'pointer', pointer: 'node:branch' });
  assert.match(f.evidence!, /^input 'x' → Slice 'take_pixel' → Equal 'is_trigger' against magic = 0\.1337 → Cast 'to_float' → ReduceMax 'any' → Cast 'to_bool' → If 'branch' \(If condition\)$/);
});
