// Input synthesis on real-model shapes: control values read from the graph's comparisons, and the
// free-dimension ladder with its stop conditions.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BufferByteSource } from '../../../server/src/core/io/byteSource';
import { parseOnnx } from '../../../server/src/core/formats/onnx/parse';
import { batchDimNames, DIM_LADDER, dimRole, dimSize, IMAGE_LADDER, isShapeError, MAX_INPUT_ELEMENTS } from '../../../server/src/core/probes/dims';
import { synthesizeInputs } from '../../../server/src/core/probes/inputs';
import type { SessionValue } from '../../../server/src/core/probes/types';
import { retryRefusal, sizesOf } from '../../../server/src/probes/warmup';
import { comparedFlagModel, rateSwitchModel } from '../../fixtures/probes/models';

const parse = (b: Uint8Array) => parseOnnx(new BufferByteSource(b, 0), { maxStructureBytes: 1 << 24, maxGraphDepth: 8 }).model;
const RATE_SESSION: SessionValue[] = [
  { name: 'audio', isTensor: true, type: 'float32', shape: ['batch', 'samples'] },
  { name: 'sr', isTensor: true, type: 'int64', shape: [] },
];
const PAD_ERROR = "Non-zero status code returned while running Pad node. Name:'reflect' Status Message: Pad reflect: pre-pad (40) exceeds maximum allowed (7) for axis 1. Input shape:{1,8}";

describe('control inputs compared with constants', () => {
  it('a scalar sample rate compared with 16000 gets 16000, and says where it came from', () => {
    const s = synthesizeInputs(RATE_SESSION, parse(rateSwitchModel()));
    const sr = s.inputs.find((i) => i.name === 'sr')!;
    assert.deepEqual([sr.shape, sr.range.lo, sr.range.hi, sr.range.source], [[], 16000, 16000, 'comparison']);
    assert.match(sr.range.detail, /compares it with a constant \(Equal 'is_16k' with 16000\): 16000 is fed/);
    // The float input keeps its assumed range.
    assert.equal(s.inputs[0]!.range.source, 'assumed');
  });

  it('the value satisfies the comparison from either side (through a Cast)', () => {
    const cases: [Parameters<typeof comparedFlagModel>[0], boolean, number][] = [
      ['Equal', false, 7], ['Greater', false, 8], ['Greater', true, 6], ['Less', false, 6], ['Less', true, 8],
      ['GreaterOrEqual', false, 7], ['LessOrEqual', true, 7],
    ];
    for (const [op, right, want] of cases) {
      const s = synthesizeInputs([{ name: 'flag', isTensor: true, type: 'int64', shape: [1] }], parse(comparedFlagModel(op, right)));
      assert.equal(s.inputs[0]!.range.lo, want, `${op}${right ? ' (flag on the right)' : ''}`);
      assert.equal(s.inputs[0]!.range.hi, want);
    }
  });

  it('token-like inputs (symbolic or more than four elements) keep the 0/1 default', () => {
    for (const shape of [['batch', 'seq'], [1, 16]]) {
      const s = synthesizeInputs([{ name: 'flag', isTensor: true, type: 'int64', shape }], parse(comparedFlagModel('Equal', false, shape)));
      assert.deepEqual([s.inputs[0]!.range.lo, s.inputs[0]!.range.hi, s.inputs[0]!.range.source], [0, 1, 'assumed'], JSON.stringify(shape));
    }
  });
});

describe('free-dimension ladder', () => {
  it('batch is 1 wherever its name appears; other free dims climb 8 → 64 → 512 → 4096', () => {
    const session: SessionValue[] = [...RATE_SESSION, { name: 'h', isTensor: true, type: 'float32', shape: [2, 'batch', 64] }];
    const model = parse(rateSwitchModel());
    const shapes = [0, 1, 2, 3, 4].map((rung) => synthesizeInputs(session, model, rung).inputs.map((i) => i.shape));
    assert.deepEqual(shapes.map((s) => s[0]), [[1, 8], [1, 64], [1, 512], [1, 4096], [1, 4096]]);
    assert.deepEqual(shapes[2]![2], [2, 1, 64]);
    const s = synthesizeInputs(session, model, 1);
    assert.deepEqual(s.freeDims, ['samples']);
    assert.deepEqual(s.freeDimensionOverrides, { batch: 1, samples: 64 });
    assert.deepEqual(sizesOf(s), { samples: 64 });
  });

  it('roles and sizes', () => {
    assert.deepEqual([...batchDimNames([[2, 'b', 64], ['batch', 'seq'], ['?', 3]])], ['batch']);
    assert.equal(dimRole('batch_size', 2, 3, undefined, new Set()), 'batch');
    assert.equal(dimRole('seq', 1, 2, undefined, new Set()), 'free');
    assert.equal(dimRole('h', 2, 4, 'NCHW', new Set()), 'image');
    assert.equal(dimRole('c', 3, 4, 'NHWC', new Set()), 'channels');
    assert.deepEqual([0, 1, 2, 3].map((r) => dimSize('image', r)), [...IMAGE_LADDER, IMAGE_LADDER.at(-1)]);
    assert.deepEqual([0, 1, 2, 3].map((r) => dimSize('free', r)), DIM_LADDER);
    assert.equal(dimSize('batch', 3), 1);
  });

  it('only shape errors are retried', () => {
    assert.equal(isShapeError(PAD_ERROR), true);
    assert.equal(isShapeError('Got invalid dimensions for input: x for the following indices index: 1 Got: 8 Expected: 16'), true);
    assert.equal(isShapeError("Unexpected input data type. Actual: (tensor(int32)) , expected: (tensor(int64))"), false);
    assert.equal(isShapeError('Division by zero'), false);
  });

  it('a retry stops at the ladder end, at the element cap, when the budget is spent, or near the deadline', () => {
    const model = parse(rateSwitchModel());
    const at = (rung: number) => synthesizeInputs(RATE_SESSION, model, rung);
    const limits = { started: 0, budgetMs: 1500, deadlineMs: 10_000 };
    assert.equal(retryRefusal(at(0), at(1), 0.1, limits, 200), undefined);
    assert.match(retryRefusal(at(3), at(4), 0.1, limits, 200) ?? '', /ladder ends/);
    assert.match(retryRefusal(at(1), at(2), 0.1, limits, 1600) ?? '', /1500 ms budget is spent/);
    // A failed attempt of 400 ms at 512 samples projects 4 × 400 × 8 ms for 4096: past half the deadline.
    assert.match(retryRefusal(at(2), at(3), 400, limits, 200) ?? '', /might not finish well within the 10000 ms deadline/);
    const wide: SessionValue[] = [{ name: 'x', isTensor: true, type: 'float32', shape: ['batch', 'a', 'b'] }];
    const w = (rung: number) => synthesizeInputs(wide, undefined, rung);
    assert.ok(4096 * 4096 > MAX_INPUT_ELEMENTS);
    assert.match(retryRefusal(w(2), w(3), 0.1, limits, 200) ?? '', /would exceed 4194304 elements/);
  });
});
