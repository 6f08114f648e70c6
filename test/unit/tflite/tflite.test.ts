import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { scanBytes } from '../../../server/src/core/scan';
import { parseTflite } from '../../../server/src/core/formats/tflite/model';
import { BufferByteSource } from '../../../server/src/core/io/byteSource';
import { benignTflite, buildTflite, flexTflite } from '../../fixtures/tflite/writer';

const rules = (r: { findings: { ruleId: string; severity: string }[] }): string[] => r.findings.map((f) => `${f.ruleId}:${f.severity}`).sort();

describe('TFLite', () => {
  it('parses a benign model: version, op histogram, metadata, no findings', async () => {
    const r = await scanBytes(benignTflite(), 'm.tflite');
    assert.equal(r.format, 'tflite');
    assert.deepEqual(rules(r), []);
    assert.deepEqual(r.summary.graph?.ops, { CONV_2D: 2, RELU: 2, FULLY_CONNECTED: 1, SOFTMAX: 1 });
    assert.deepEqual(r.summary.metadata, { min_runtime_version: '1.14.0' });
    assert.equal(r.summary.facts?.tfliteVersion, 3);
    assert.equal(r.summary.facts?.operators, 6);
  });

  it('grades Flex ops (critical for file I/O) and custom ops', async () => {
    const r = await scanBytes(flexTflite(), 'm.tflite');
    assert.deepEqual(rules(r), ['MSL781:high', 'MSL782:critical', 'MSL782:high']);
    const custom = r.findings.find((f) => f.ruleId === 'MSL781')!;
    assert.match(custom.message, /"MyNativeOp" \(used by 2 operators\)/);
    assert.deepEqual(custom.location, { kind: 'pointer', pointer: 'opcode:3' });
    assert.deepEqual(r.summary.graph?.ops, { MyNativeOp: 2, CONV_2D: 1, FlexReadFile: 1, FlexAddV2: 1 });
  });

  it('reports references outside the file and its tables, and odd versions', async () => {
    const bytes = buildTflite({
      version: 2,
      opcodes: [{ builtin: 0 }],
      operators: [0, 5],
      buffers: [{}, { offset: 10_000_000n, size: 100n }],
      tensors: [0, 9],
      metadata: [{ name: 'x', buffer: 7 }],
    });
    const r = await scanBytes(bytes, 'm.tflite');
    assert.deepEqual(rules(r), ['MSL783:high', 'MSL783:high', 'MSL783:high', 'MSL783:high']);
    assert.ok(r.findings.some((f) => /buffer 1 places 100 bytes at offset 10000000/.test(f.message)));
    const v = await scanBytes(buildTflite({ version: 2, opcodes: [], operators: [] }), 'm.tflite');
    assert.deepEqual(rules(v), ['MSL784:low']);
  });

  it('bounds-checks every offset: truncated and corrupted files give findings, never exceptions', () => {
    const good = flexTflite();
    const cut = parseTflite(new BufferByteSource(good.subarray(0, 40)), { maxItems: 1000, timeUp: () => false });
    assert.ok(cut.problems.length > 0 && cut.problems.every((p) => p.kind === 'malformed'));
    const bad = good.slice();
    new DataView(bad.buffer).setUint32(0, 0x7fffffff, true); // root offset past the end
    const m = parseTflite(new BufferByteSource(bad), { maxItems: 1000, timeUp: () => false });
    assert.match(m.problems[0]!.message, /root table offset at offset 0 points past the end/);
  });
});
