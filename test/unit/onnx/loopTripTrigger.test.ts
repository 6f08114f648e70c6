// MSL748 on a Loop's trip count: M = Cast(input-derived comparison against a constant) runs the
// body once or never, an If in disguise. A trip count taken from the input without a comparison
// is a denial-of-service question (MSL745), not a trigger.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findTriggers } from '../../../server/src/core/formats/onnx/backdoor';
import { flattenModel } from '../../../server/src/core/formats/onnx/flatten';
import { parseOnnx } from '../../../server/src/core/formats/onnx/parse';
import { BufferByteSource } from '../../../server/src/core/io/byteSource';
import { BOOL, FLOAT, INT64, graph, model, valueInfo, type NodeSpec } from '../../fixtures/onnx/writer';
import { loopCountBackdoorCnn } from '../../fixtures/probes/variants';
import { ids, scan } from './helpers';

function triggers(bytes: Uint8Array) {
  const m = parseOnnx(new BufferByteSource(bytes, 0), { maxStructureBytes: 1 << 20, maxGraphDepth: 8 }).model;
  return findTriggers(flattenModel(m.graph!, m.functions));
}

/** Loop(M = Cast(<trip>), body: v = Relu(v)) where <trip> comes from the nodes given. */
function tripLoop(tripNodes: NodeSpec[]): Uint8Array {
  const body = graph({
    name: 'body',
    nodes: [{ op: 'Identity', inputs: ['c_in'], outputs: ['c_out'], name: 'keep_going' }, { op: 'Relu', inputs: ['v_in'], outputs: ['v_out'], name: 'step' }],
    inputs: [valueInfo('i', INT64, []), valueInfo('c_in', BOOL, []), valueInfo('v_in', FLOAT)],
    outputs: [valueInfo('c_out', BOOL, []), valueInfo('v_out', FLOAT)],
  });
  return model({
    graph: graph({
      name: 'trip',
      nodes: [...tripNodes, { op: 'Cast', inputs: ['t'], outputs: ['m'], name: 'to_int', attrs: { to: { i: INT64 } } }, { op: 'Loop', inputs: ['m', '', 'x'], outputs: ['y'], name: 'loop', attrs: { body: { g: body } } }],
      initializers: [{ name: 'half', dims: [], raw: new Uint8Array(Float32Array.of(0.5).buffer) }],
      inputs: [valueInfo('x', FLOAT, [1, 3, 8, 8])],
      outputs: [valueInfo('y', FLOAT, [1, 3, 8, 8])],
    }),
  });
}

test('a comparison feeding a Loop trip count is a trigger path (role "Loop trip count")', async () => {
  const paths = triggers(loopCountBackdoorCnn());
  assert.equal(paths.length, 1);
  assert.deepEqual([paths[0]!.role, paths[0]!.selector.label, paths[0]!.severity, paths[0]!.distance], ['Loop trip count', 'maybe_override', 'high', 0]);
  assert.deepEqual(paths[0]!.chain, ["input 'x'", "Slice 'corner'", "ReduceMean 'corner_mean'", "Greater 'armed' against threshold = 0.9", "Cast 'trips'", "Loop 'maybe_override' (Loop trip count)"]);

  const r = await scan(tripLoop([
    { op: 'ReduceMean', inputs: ['x'], outputs: ['mean'], name: 'mean', attrs: { keepdims: { i: 0 } } },
    { op: 'Less', inputs: ['mean', 'half'], outputs: ['t'], name: 'dark' },
  ]));
  assert.deepEqual(ids(r), ['MSL745:medium', 'MSL748:high']);
  assert.equal(r.findings.find((f) => f.ruleId === 'MSL748')!.evidence, "input 'x' → ReduceMean 'mean' → Less 'dark' against half = 0.5 → Cast 'to_int' → Loop 'loop' (Loop trip count)");
});

test('a trip count from the input without a comparison is MSL745 only', async () => {
  const r = await scan(tripLoop([{ op: 'ReduceMax', inputs: ['x'], outputs: ['t'], name: 'peak', attrs: { keepdims: { i: 0 } } }]));
  assert.deepEqual(ids(r), ['MSL745:medium']);
});
