// ONNX fuzzing: random ModelProtos from our writer (nodes wired to earlier values, subgraphs,
// functions, external data, metadata) plus mutations of the fixtures. Entry for `npm run fuzz`:
// `fuzzOnnx(cases, seed)`.
import { analyzeOnnxFile, looksLikeOnnx } from '../../../server/src/core/formats/onnx/analyzer';
import { BufferByteSource } from '../../../server/src/core/io/byteSource';
import * as M from '../../fixtures/onnx/models';
import { BOOL, FLOAT, INT64, graph, model, valueInfo, type NodeSpec, type TensorSpec } from '../../fixtures/onnx/writer';
import { Prng, mutate, newReport, runCase, type FuzzReport } from '../protobuf/fuzzCases';

const OPS = ['Relu', 'Add', 'Equal', 'Greater', 'Where', 'Cast', 'Not', 'And', 'ReduceMax', 'Shape', 'Size', 'Identity', 'Constant', 'If', 'Loop', 'Scan', 'MatMul', 'Custom'];

export function randomModel(rng: Prng, depth = 0): Uint8Array {
  return model({
    irVersion: rng.pick([3, 7, 8, 9, 0, 99]),
    opsets: [['', rng.pick([1, 13, 17, 99])], ...(rng.int(3) === 0 ? [['x.custom', 1] as [string, number]] : [])],
    graph: randomGraph(rng, depth),
    functions: rng.int(4) === 0 ? [{ name: 'F', domain: 'x.custom', inputs: ['a'], outputs: ['b'], nodes: [{ op: rng.pick(['F', 'Relu', 'Equal']), domain: rng.pick(['', 'x.custom']), inputs: ['a', 'a'], outputs: ['b'] }] }] : [],
    metadata: rng.int(3) === 0 ? { url: 'http://x.example', token: 'ghp_' + 'a'.repeat(36) } : {},
  });
}

function randomGraph(rng: Prng, depth: number) {
  const values = ['x', 'c0'];
  const nodes: NodeSpec[] = [];
  for (let i = 0, n = 1 + rng.int(12); i < n; i++) {
    const op = rng.pick(OPS);
    const inputs = Array.from({ length: 1 + rng.int(3) }, () => (rng.int(8) === 0 ? '' : rng.pick(values)));
    const out = `v${i}`;
    const spec: NodeSpec = { op: op === 'Custom' ? 'Thing' : op, inputs, outputs: [out], name: rng.int(4) === 0 ? '' : `n${i}` };
    if (op === 'Custom') spec.domain = rng.pick(['x.custom', 'ai.onnx.contrib', 'com.microsoft']);
    if (op === 'Constant') spec.attrs = { value: { t: { name: 'k', dataType: rng.pick([INT64, FLOAT, BOOL]), dims: [], int64s: [rng.int(2) ? 1 : 1e12] } } };
    if ((op === 'If' || op === 'Loop' || op === 'Scan') && depth < 3) {
      const sub = graph({ name: 'sub', nodes: [{ op: 'Identity', inputs: [rng.pick(values)], outputs: ['s_out'] }], inputs: [valueInfo('i', INT64, []), valueInfo('c', BOOL, [])], outputs: [valueInfo('s_out', FLOAT)] });
      spec.attrs = op === 'If' ? { then_branch: { g: sub }, else_branch: { g: sub } } : { body: { g: sub } };
    }
    nodes.push(spec);
    values.push(out);
  }
  const inits: TensorSpec[] = [{ name: 'c0', dataType: FLOAT, dims: [], raw: new Uint8Array(4) }];
  if (rng.int(4) === 0) inits.push({ name: 'ext', dims: [2], external: { location: rng.pick(['w.bin', '../w.bin', '/abs']) } });
  return graph({ name: 'g', nodes, initializers: inits, inputs: [valueInfo('x', FLOAT, rng.int(2) ? ['N', 3] : [3])], outputs: [valueInfo(rng.pick(values), FLOAT)] });
}

const SEEDS: (() => Uint8Array)[] = [M.cleanMlp, M.whereTrigger, M.ifTrigger, M.functionTrigger, M.nestedTrigger, M.hugeLoop, M.infiniteLoop, () => M.externalData('../x'), () => M.metadataModel({ a: 'https://b' })];

export async function fuzzOnnx(cases: number, seed: number): Promise<FuzzReport> {
  const rng = new Prng(seed);
  const report = newReport();
  for (let i = 0; i < cases; i++) {
    const kind = i % 3;
    const bytes = kind === 0 ? randomModel(rng) : kind === 1 ? mutate(rng.pick(SEEDS)(), rng) : mutate(randomModel(rng), rng);
    // The sniffer is fuzzed too: it must never throw either.
    looksLikeOnnx(bytes.subarray(0, 4096), new BufferByteSource(bytes));
    await runCase(analyzeOnnxFile, bytes, `onnx seed=${seed} case=${i}`, report);
    report.cases++;
  }
  return report;
}
