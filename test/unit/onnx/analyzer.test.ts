import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as M from '../../fixtures/onnx/models';
import { ids, scan } from './helpers';
import { scanBytes } from '../../../server/src/core/scan';
import { graph, model, valueInfo } from '../../fixtures/onnx/writer';

test('clean MLP: detected by content, no findings, summary filled', async () => {
  const r = await scan(M.cleanMlp(), 'weights.bin');
  assert.equal(r.format, 'onnx');
  assert.equal(r.detectedBy, 'content');
  assert.deepEqual(ids(r), []);
  assert.deepEqual(r.summary.graph?.ops, { Flatten: 1, Gemm: 2, Relu: 1 });
  assert.deepEqual(r.summary.graph?.inputs, ['x: float32[N,3,8,8]']);
  assert.deepEqual(r.summary.graph?.outputs, ['y: float32[N,10]']);
  assert.equal(r.summary.facts?.onnxIrVersion, 8);
  assert.equal(r.summary.facts?.onnxOpsets, 'ai.onnx:17');
  assert.equal(r.summary.tensors?.length, 4);
  assert.deepEqual(r.summary.tensors?.[0], { name: 'W1', dtype: 'float32', shape: [192, 16], bytes: 192 * 16 * 4, offset: r.summary.tensors?.[0]?.offset });
});

test('Where trigger near the output is high, with the chain as evidence', async () => {
  const r = await scan(M.whereTrigger());
  assert.deepEqual(ids(r), ['MSL748:high']);
  const f = r.findings[0]!;
  assert.deepEqual(f.location, { kind: 'pointer', pointer: 'node:select' });
  assert.equal(f.evidence, "input 'x' → Slice 'take_pixel' → Equal 'is_trigger' against magic = 0.1337 → Cast 'hit_to_float' → ReduceMax 'any_hit' → Cast 'to_bool' → Where 'select' (Where condition)");
  assert.match(f.message, /rank 4.*directly produces a graph output/);
});

test('If trigger, trigger inside a model-local function and inside nested subgraphs', async () => {
  assert.deepEqual(ids(await scan(M.ifTrigger())), ['MSL748:high']);
  const fn = await scan(M.functionTrigger());
  assert.deepEqual(ids(fn), ['MSL748:high', 'MSL749:info']);
  assert.equal(fn.findings[0]!.location.kind === 'pointer' && fn.findings[0]!.location.pointer, 'node:call@Classify/select');
  const nested = await scan(M.nestedTrigger());
  assert.deepEqual(ids(nested), ['MSL748:high', 'MSL748:high']);
  assert.ok(nested.findings.every((f) => f.location.kind === 'pointer' && /^node:outer\/(then|else)_branch\/select$/.test(f.location.pointer)));
});

test('trigger severity: rank-1 input is info, far selector is medium, shape-only comparison is nothing', async () => {
  assert.deepEqual(ids(await scan(M.scalarTrigger())), ['MSL748:info']);
  const far = await scan(M.farSelector());
  assert.deepEqual(ids(far), ['MSL748:medium']);
  assert.equal(far.findings[0]!.confidence, 'low');
  assert.match(far.findings[0]!.message, /is 7 operator\(s\) from a graph output/);
  assert.deepEqual(ids(await scan(M.shapeBranch())), []);
});

test('custom domains: custom is high, ai.onnx.contrib PyOp is critical, com.microsoft is not custom', async () => {
  const c = await scan(M.customDomainOp());
  assert.deepEqual(ids(c), ['MSL741:high']);
  assert.equal(c.findings[0]!.evidence, 'com.evil::Exfiltrate');
  assert.deepEqual(ids(await scan(M.pythonOp())), ['MSL742:critical']);
  const contrib = await scan(M.contribOp());
  assert.deepEqual(ids(contrib), []);
  assert.equal(contrib.summary.facts?.onnxDomains, 'com.microsoft');
});

test('external data: plain is medium and recorded; traversal and absolute are critical', async () => {
  const plain = await scan(M.externalData('weights.bin'));
  assert.deepEqual(ids(plain), ['MSL743:medium']);
  assert.equal(plain.summary.facts?.onnxExternalDataFiles, 'weights.bin');
  assert.match(plain.findings[0]!.evidence!, /location=weights\.bin, offset=0, length=320/);
  assert.deepEqual(ids(await scan(M.externalData('../../etc/passwd'))), ['MSL744:critical']);
  assert.deepEqual(ids(await scan(M.externalData('/etc/passwd'))), ['MSL744:critical']);
  assert.deepEqual(ids(await scan(M.externalData('C:\\Windows\\win.ini'))), ['MSL744:critical']);
  assert.deepEqual(ids(await scan(M.externalData('sub/dir/w.bin'))), ['MSL743:medium']);
});

test('loops: infinite and huge constant are high, input-driven is medium, exported while-loop is clean', async () => {
  const inf = await scan(M.infiniteLoop());
  assert.deepEqual(ids(inf), ['MSL745:high']);
  assert.match(inf.findings[0]!.message, /never terminates/);
  const huge = await scan(M.hugeLoop());
  assert.deepEqual(ids(huge), ['MSL745:high']);
  assert.match(huge.findings[0]!.evidence!, /M = 1000000000000/);
  assert.deepEqual(ids(await scan(M.inputLoop())), ['MSL745:medium']);
  assert.deepEqual(ids(await scan(M.whileLoop())), []);
});

test('metadata: URLs are low, secrets high and masked', async () => {
  const r = await scan(M.metadataModel({ source: 'https://evil.example/payload.sh', aws: 'AKIAABCDEFGHIJKLMNOP', note: 'plain text' }));
  assert.deepEqual(ids(r), ['MSL746:low', 'MSL747:high']);
  const secret = r.findings.find((f) => f.ruleId === 'MSL747')!;
  assert.equal(secret.evidence, 'AWS access key id: AKIAAB…OP (20 chars)');
  assert.ok(!secret.evidence!.includes('AKIAABCDEFGHIJKLMNOP'));
  assert.equal(r.summary.metadata?.note, 'plain text');
  assert.deepEqual(ids(await scan(M.metadataModel({ password: 'hunter2hunter2' }))), ['MSL747:high']);
  assert.deepEqual(ids(await scan(M.metadataModel({ framework: 'pytorch' }))), []);
});

test('a function defined in the standard domain is reported as shadowing', async () => {
  const r = await scan(M.shadowingFunction());
  assert.deepEqual(ids(r), ['MSL749:high', 'MSL749:info']);
});

test('truncated model: malformed findings, never a crash', async () => {
  const r = await scan(M.truncated());
  assert.equal(r.format, 'onnx');
  assert.equal(r.detectedBy, 'extension');
  assert.ok(r.findings.some((f) => f.ruleId === 'MSL740'));
  assert.ok(!r.findings.some((f) => f.ruleId === 'MSL003'));
});

test('not ONNX: a truncated model without the extension is not claimed', async () => {
  const r = await scan(M.truncated(), 'blob');
  assert.notEqual(r.format, 'onnx');
});

test('.ort flatbuffer models are recognised and reported as not analysed', async () => {
  const ort = new Uint8Array(64);
  ort.set([0x4f, 0x52, 0x54, 0x4d], 4);
  const r = await scan(ort, 'model.ort');
  assert.equal(r.format, 'onnx');
  assert.deepEqual(ids(r), ['MSL703:info']);
});

test('limits: subgraphs nested past maxNestingDepth and a tiny structure budget are reported, not skipped silently', async () => {
  let g = graph({ name: 'leaf', nodes: [{ op: 'Identity', inputs: ['x'], outputs: ['o0'] }], outputs: [valueInfo('o0')] });
  for (let i = 1; i <= 6; i++) {
    g = graph({ name: `l${i}`, nodes: [{ op: 'If', inputs: ['c'], outputs: [`o${i}`], name: `if${i}`, attrs: { then_branch: { g }, else_branch: { g } } }], outputs: [valueInfo(`o${i}`)] });
  }
  const bytes = model({ graph: g });
  const deep = await scanBytes(bytes, 'deep.onnx', { limits: { maxNestingDepth: 3 } });
  assert.deepEqual(deep.limitsHit, ['maxNestingDepth']);
  assert.ok(deep.findings.some((f) => f.ruleId === 'MSL001'));
  const small = await scanBytes(M.cleanMlp(), 'm.onnx', { limits: { maxHeaderBytes: 10 } });
  assert.deepEqual(small.limitsHit, ['maxHeaderBytes']);
  assert.deepEqual((await scanBytes(bytes, 'deep.onnx')).limitsHit, []);
});
