// TensorFlow fuzzing: random GraphDefs / SavedModels from our writer plus mutations of the
// fixtures, through both analyzers and both sniffers. Entry for `npm run fuzz`: `fuzzTensorflow(cases, seed)`.
import { analyzeGraphDef, analyzeSavedModel, looksLikeGraphDef, looksLikeSavedModel } from '../../../server/src/core/formats/tensorflow/analyzer';
import { BufferByteSource } from '../../../server/src/core/io/byteSource';
import * as T from '../../fixtures/tensorflow/models';
import { graphDef, savedModel, type TfNodeSpec } from '../../fixtures/tensorflow/writer';
import { Prng, mutate, newReport, runCase, type FuzzReport } from '../protobuf/fuzzCases';

const OPS = ['Const', 'Placeholder', 'Relu', 'ReadFile', 'WriteFile', 'SaveV2', 'PyFunc', 'Identity', 'DebugIdentity', 'PrintV2', 'Nope', 'StatefulPartitionedCall', 'f0'];

function randomNodes(rng: Prng): TfNodeSpec[] {
  const names = ['in'];
  const nodes: TfNodeSpec[] = [{ name: 'in', op: 'Placeholder' }];
  for (let i = 0, n = rng.int(10); i < n; i++) {
    const op = rng.pick(OPS);
    const node: TfNodeSpec = { name: `n${i}`, op, inputs: Array.from({ length: rng.int(3) }, () => `${rng.int(5) === 0 ? '^' : ''}${rng.pick(names)}${rng.int(3) === 0 ? ':0' : ''}`) };
    if (op === 'Const') node.attrs = { value: { stringTensor: [rng.pick(['a.txt', '/etc/x', '../y'])] } };
    if (op === 'DebugIdentity') node.attrs = { debug_urls: { listS: ['grpc://h:1', 'file:///t'] } };
    if (op === 'PrintV2') node.attrs = { output_stream: { s: rng.pick(['stderr', 'file:///tmp/x']) } };
    nodes.push(node);
    names.push(node.name);
  }
  return nodes;
}

export function randomTf(rng: Prng): Uint8Array {
  const g = graphDef(randomNodes(rng), rng.int(2) ? [{ name: 'f0', args: ['a'], nodes: randomNodes(rng) }] : []);
  return rng.int(2) ? g.finish() : savedModel([{ graph: g, saver: { filename: 'save/filename:0', save: 'save/x', restore: 'save/y' } }]);
}

const SEEDS: (() => Uint8Array)[] = [() => T.cleanFrozen(), T.pyFunc, T.debugGrpc, T.tf1SavedModel, () => T.tf2SavedModel(), T.tf2Malicious, T.checkpointComputed];

export async function fuzzTensorflow(cases: number, seed: number): Promise<FuzzReport> {
  const rng = new Prng(seed);
  const report = newReport();
  for (let i = 0; i < cases; i++) {
    const bytes = i % 2 === 0 ? randomTf(rng) : mutate(rng.pick(SEEDS)(), rng);
    const src = new BufferByteSource(bytes);
    looksLikeGraphDef(bytes.subarray(0, 4096), src);
    looksLikeSavedModel(bytes.subarray(0, 4096), src);
    await runCase(i % 4 < 2 ? analyzeGraphDef : analyzeSavedModel, bytes, `tf seed=${seed} case=${i}`, report);
    report.cases++;
  }
  return report;
}
