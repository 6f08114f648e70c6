import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { probeGate } from '../../../server/src/core/probes/gate';
import { synthesizeInputs, imageLayout } from '../../../server/src/core/probes/inputs';
import { parseOnnx } from '../../../server/src/core/formats/onnx/parse';
import { BufferByteSource } from '../../../server/src/core/io/byteSource';
import { scanBytes } from '../../../server/src/core/scan';
import { externalData, customDomainOp, infiniteLoop } from '../../fixtures/onnx/models';
import { cleanCnn, normalisedMlp } from '../../fixtures/probes/models';

const parse = (b: Uint8Array) => parseOnnx(new BufferByteSource(b, 0), { maxStructureBytes: 1 << 24, maxGraphDepth: 8 }).model;

describe('probe gate', () => {
  it('never runs in an untrusted workspace, and only ONNX', async () => {
    const scan = await scanBytes(cleanCnn(), 'm.onnx');
    assert.equal(scan.format, 'onnx');
    const untrusted = probeGate({ format: scan.format, findings: scan.findings, trusted: false, size: 10 });
    assert.equal(untrusted.allowed, false);
    assert.match(!untrusted.allowed ? untrusted.reason : '', /not trusted/);
    assert.deepEqual(probeGate({ format: scan.format, findings: scan.findings, trusted: true, size: 10 }), { allowed: true });
    assert.equal(probeGate({ format: 'pickle', findings: [], trusted: true, size: 10 }).allowed, false);
  });

  it('refuses models with external data, custom-domain operators or runaway loops', async () => {
    for (const [bytes, rule] of [[externalData('w.bin'), 'MSL743'], [customDomainOp(), 'MSL741'], [infiniteLoop(), 'MSL745']] as const) {
      const scan = await scanBytes(bytes, 'm.onnx');
      const v = probeGate({ format: scan.format, findings: scan.findings, trusted: true, size: bytes.length });
      assert.equal(v.allowed, false, rule);
      assert.ok(!v.allowed && v.blockedBy.includes(rule), `${rule}: ${JSON.stringify(v)}`);
    }
  });

  it('automatic runs respect the size cap', () => {
    const v = probeGate({ format: 'onnx', findings: [], trusted: true, size: 30 * 1048576, autoMaxBytes: 20 * 1048576 });
    assert.equal(v.allowed, false);
    assert.match(!v.allowed ? v.reason : '', /autoMaxSizeMB/);
  });
});

describe('input synthesis', () => {
  it('fixes symbolic dims (batch 1, images 32×32), recognises NHWC and reads the range from normalisation', () => {
    const s = synthesizeInputs([{ name: 'img', isTensor: true, type: 'float32', shape: ['batch', 'height', 'width', 3] }], parse(normalisedMlp()));
    const i = s.inputs[0]!;
    assert.deepEqual(i.shape, [1, 32, 32, 3]);
    assert.equal(i.layout, 'NHWC');
    assert.deepEqual(s.freeDimensionOverrides, { batch: 1, height: 32, width: 32 });
    assert.deepEqual([i.range.lo, i.range.hi, i.range.source], [0, 255, 'normalisation']);
    assert.match(i.range.detail, /Sub 'centre' by \[127\.5\]/);
  });

  it('falls back to [0, 1] and says so; uint8 means [0, 255]; strings are unsupported', () => {
    const s = synthesizeInputs([
      { name: 'x', isTensor: true, type: 'float32', shape: ['N', 3, 16, 16] },
      { name: 'u', isTensor: true, type: 'uint8', shape: [1, 8] },
      { name: 's', isTensor: true, type: 'string', shape: [1] },
    ], parse(cleanCnn()));
    assert.deepEqual(s.inputs.map((i) => [i.name, i.range.lo, i.range.hi, i.range.source]), [['x', 0, 1, 'assumed'], ['u', 0, 255, 'dtype']]);
    assert.equal(s.inputs[0]!.layout, 'NCHW');
    assert.deepEqual(s.unsupported, ['s (string)']);
  });

  it('layouts', () => {
    assert.equal(imageLayout(['N', 3, 224, 224]), 'NCHW');
    assert.equal(imageLayout([1, 224, 224, 3]), 'NHWC');
    assert.equal(imageLayout([1, 4, 2, 2]), undefined);
    assert.equal(imageLayout([1, 128]), undefined);
  });
});
