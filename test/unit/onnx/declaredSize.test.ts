// MSL752: tensors whose dims declare far more bytes than the data they carry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as M from '../../fixtures/onnx/models';
import { FLOAT, INT64, graph, model, valueInfo, type TensorSpec } from '../../fixtures/onnx/writer';
import { ids, scan } from './helpers';

const f32 = (n: number): Uint8Array => new Uint8Array(n * 4);

function withInits(initializers: TensorSpec[]): Uint8Array {
  return model({
    graph: graph({
      name: 'g',
      nodes: [{ op: 'Identity', inputs: ['x'], outputs: ['y'], name: 'id' }],
      initializers,
      inputs: [valueInfo('x', FLOAT, [1])],
      outputs: [valueInfo('y', FLOAT, [1])],
    }),
  });
}

test('a 1,000,000 x 1,000,000 float32 initializer carrying 4 bytes is high, with dims and sizes as evidence', async () => {
  const r = await scan(withInits([{ name: 'W', dims: [1_000_000, 1_000_000], raw: f32(1) }]));
  assert.deepEqual(ids(r), ['MSL752:high']);
  const f = r.findings[0]!;
  assert.deepEqual(f.location, { kind: 'pointer', pointer: 'tensor:W' });
  assert.equal(f.evidence, 'dims=[1000000, 1000000] float32 declared=4000000000000 bytes payload=4 bytes');
});

test('mid sizes are judged against the data: 128 MiB with no data is medium; an overflow is high', async () => {
  const r = await scan(withInits([
    { name: 'A', dims: [8192, 4096] },
    { name: 'B', dims: [2 ** 40, 2 ** 40, 2 ** 40], raw: f32(1) },
    { name: 'C', dims: [4096, 2048] }, // 32 MiB declared: under the floor
  ]));
  assert.deepEqual(ids(r), ['MSL752:high', 'MSL752:medium']);
  const b = r.findings.find((x) => x.severity === 'high')!;
  assert.match(b.evidence ?? '', /\(overflows 64 bits\) payload=4 bytes$/);
  assert.match(r.findings.find((x) => x.severity === 'medium')!.evidence ?? '', /^dims=\[8192, 4096\] float32 declared=134217728 bytes payload=0 bytes$/);
});

test('consistent tensors, varint-packed int64 values and external data are not flagged', async () => {
  assert.deepEqual(ids(await scan(M.cleanMlp())), []);
  const r = await scan(withInits([
    { name: 'I', dataType: INT64, dims: [4], int64s: [0, 1, 2, 3] },
    { name: 'E', dims: [1_000_000, 1_000_000], external: { location: 'weights.bin', offset: '0', length: '4000000000000' } },
  ]));
  assert.deepEqual(ids(r).filter((x) => x.startsWith('MSL752')), []);
});
