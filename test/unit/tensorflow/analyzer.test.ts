import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as T from '../../fixtures/tensorflow/models';
import { scanBytes, scanFile, type ScanResult } from '../../../server/src/core/scan';
import { listSuspiciousAssets } from '../../../server/src/core/formats/tensorflow/folder';

const ids = (r: ScanResult): string[] => r.findings.map((f) => `${f.ruleId}:${f.severity}`).sort();
const scan = (b: Uint8Array, name = 'frozen.pb'): Promise<ScanResult> => scanBytes(b, name);

test('clean frozen graph: detected by content, weights skipped, ops histogram', async () => {
  const r = await scan(T.cleanFrozen(1 << 20));
  assert.equal(r.format, 'tf-graphdef');
  assert.equal(r.detectedBy, 'content');
  assert.deepEqual(ids(r), []);
  assert.deepEqual(r.summary.graph?.ops, { Placeholder: 1, Const: 1, Conv2D: 1, Relu: 1, Identity: 1 });
  assert.deepEqual(r.summary.graph?.inputs, ['input']);
  assert.equal(r.summary.facts?.tfGraphProducer, 1087);
});

test('Python ops are critical with the token as evidence', async () => {
  const r = await scan(T.pyFunc());
  assert.deepEqual(ids(r), ['MSL761:critical']);
  assert.equal(r.findings[0]!.evidence, 'PyFunc token=pyfunc_0');
  assert.deepEqual(r.findings[0]!.location, { kind: 'pointer', pointer: 'node:py' });
});

test('file ops: constant paths shown; absolute or .. paths raise severity', async () => {
  const rel = await scan(T.readFile('data.txt'));
  assert.deepEqual(ids(rel), ['MSL762:high']);
  assert.equal(rel.findings[0]!.evidence, "ReadFile, constant path 'data.txt'");
  assert.deepEqual(ids(await scan(T.writeFile('out.txt'))), ['MSL762:high']);
  assert.deepEqual(ids(await scan(T.writeFile('/tmp/../etc/cron.d/x'))), ['MSL762:critical']);
  const mm = await scan(T.immutableConst());
  assert.deepEqual(ids(mm), ['MSL762:high']);
  assert.match(mm.findings[0]!.evidence!, /memory_region_name='\/etc\/shadow'/);
  const print = await scan(T.printToFile());
  assert.deepEqual(ids(print), ['MSL762:high']);
  assert.match(print.findings[0]!.message, /file:\/\/\/tmp\/leak\.txt/);
});

test('network, code-loader names and unknown ops', async () => {
  const grpc = await scan(T.debugGrpc());
  assert.deepEqual(ids(grpc), ['MSL764:high']);
  assert.match(grpc.findings[0]!.message, /grpc:\/\/attacker\.example:6064/);
  assert.deepEqual(ids(await scan(T.loadLibraryOp())), ['MSL767:critical']);
  const u = await scan(T.unknownOp());
  assert.deepEqual(ids(u), ['MSL765:medium']);
  assert.equal(u.findings[0]!.evidence, 'ZzCustomKernel');
});

test('checkpoint ops: outside the saver with a computed path is high', async () => {
  const r = await scan(T.checkpointComputed());
  assert.deepEqual(ids(r), ['MSL763:high']);
  assert.equal(r.findings[0]!.evidence, "SaveV2, path computed by StringJoin 'prefix'");
});

test('SavedModels: TF1 saver plumbing and TF2 traced save functions are not findings', async () => {
  const tf1 = await scan(T.tf1SavedModel(), 'saved_model.pb');
  assert.equal(tf1.format, 'tf-savedmodel');
  assert.deepEqual(ids(tf1), []);
  assert.equal(tf1.summary.facts?.tfTags, 'serve');
  assert.equal(tf1.summary.facts?.tfSignatures, 'serving_default');
  const tf2 = await scan(T.tf2SavedModel(), 'saved_model.pb');
  assert.deepEqual(ids(tf2), []);
  assert.equal(tf2.summary.facts?.functionCount, 2);
  assert.equal(tf2.summary.graph?.ops['SaveV2'], 1);
});

test('SavedModel function library is analysed: hidden PyFunc and ReadFile in a function', async () => {
  const r = await scan(T.tf2Malicious(), 'saved_model.pb');
  assert.deepEqual(ids(r), ['MSL761:critical', 'MSL762:high']);
  const read = r.findings.find((f) => f.ruleId === 'MSL762')!;
  assert.deepEqual(read.location, { kind: 'pointer', pointer: 'node:__inference_hidden_7/ReadFile' });
  assert.equal(read.evidence, "ReadFile, constant path '~/.ssh/id_rsa'");
});

test('function names used as ops are not unknown ops', async () => {
  const r = await scan(T.tf2SavedModel([{ name: 'my_fn', args: ['a'], nodes: [{ name: 'n', op: 'Relu', inputs: ['a'] }] }]), 'saved_model.pb');
  assert.deepEqual(ids(r), []);
});

test('sniffing: .pb claims nothing, random and text data are not TensorFlow, ONNX is not a GraphDef', async () => {
  const text = new TextEncoder().encode('\nhello world, this is not a graph\n'.repeat(20));
  assert.equal((await scan(text, 'notes.pb')).format, 'unknown');
  const rand = new Uint8Array(4096);
  let x = 12345;
  for (let i = 0; i < rand.length; i++) rand[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  rand[0] = 0x0a;
  assert.notEqual((await scan(rand, 'x.pb')).format, 'tf-graphdef');
  const truncated = T.cleanFrozen().subarray(0, 40);
  assert.equal((await scan(truncated, 'x.pb')).format, 'unknown');
});

test('SavedModel folder: assets with scripts, libraries or exec bits are listed (read-only)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msl-tf-'));
  try {
    fs.writeFileSync(path.join(dir, 'saved_model.pb'), T.tf2SavedModel());
    fs.mkdirSync(path.join(dir, 'assets', 'deep'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'variables'));
    fs.writeFileSync(path.join(dir, 'assets', 'vocab.txt'), 'a\nb\n');
    fs.writeFileSync(path.join(dir, 'assets', 'deep', 'libcustom_ops.so'), 'x');
    fs.writeFileSync(path.join(dir, 'assets', 'run'), '#!/bin/sh\n', { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'variables', 'variables.index'), '');
    fs.writeFileSync(path.join(dir, 'fingerprint.pb'), '');
    fs.writeFileSync(path.join(dir, 'install.sh'), 'echo');
    const listed = listSuspiciousAssets(path.join(dir, 'saved_model.pb')).map((e) => e.rel).sort();
    assert.deepEqual(listed, ['assets/deep/libcustom_ops.so', 'assets/run', 'install.sh']);
    const r = await scanFile(path.join(dir, 'saved_model.pb'));
    assert.equal(r.format, 'tf-savedmodel');
    assert.deepEqual(ids(r), ['MSL766:high', 'MSL766:high', 'MSL766:high']);
    // The same bytes under another name get no folder check.
    fs.copyFileSync(path.join(dir, 'saved_model.pb'), path.join(dir, 'copy.pb'));
    assert.deepEqual(ids(await scanFile(path.join(dir, 'copy.pb'))), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
