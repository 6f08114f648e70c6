// The patch backdoor behind If, inside a bounded Loop and inside a model-local function: static
// analysis reports each (MSL748), the probe gate admits each, and the trigger-patch scan flags
// the white bottom-right patch (MSL901). A fourth form, the gate as a Loop's trip count, is kept
// from the runtime by the gate (MSL745) and left to static analysis.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { probeGate } from '../../../server/src/core/probes/gate';
import { scanBytes, type ScanResult } from '../../../server/src/core/scan';
import { probeBytes, runAdmitted } from '../../../server/src/probes/run';
import { functionPatchBackdoorCnn, ifPatchBackdoorCnn, loopCountBackdoorCnn, loopPatchBackdoorCnn } from '../../fixtures/probes/variants';
import { probeWorkerBundle } from '../../fixtures/probes/workerBundle';

const opts = { trusted: true, workerScript: probeWorkerBundle() };
const ids = (r: ScanResult) => r.findings.map((f) => `${f.ruleId}:${f.severity}`).sort();
const pointer = (r: ScanResult, id: string) => {
  const loc = r.findings.find((f) => f.ruleId === id)?.location;
  return loc?.kind === 'pointer' ? loc.pointer : undefined;
};

interface Variant {
  name: string;
  build: () => Uint8Array;
  staticIds: string[];
  selector: string;
  role: string;
}

const variants: Variant[] = [
  { name: 'If', build: ifPatchBackdoorCnn, staticIds: ['MSL748:high'], selector: 'node:branch', role: 'If condition' },
  { name: 'bounded Loop', build: loopPatchBackdoorCnn, staticIds: ['MSL748:high'], selector: 'node:refine/body/b_select', role: 'Where condition' },
  { name: 'model-local function', build: functionPatchBackdoorCnn, staticIds: ['MSL748:high', 'MSL749:info'], selector: 'node:calibrate@Calibrate/select', role: 'Where condition' },
];

describe('patch-backdoor variants with control flow', () => {
  for (const v of variants) {
    it(`${v.name}: MSL748 statically, admitted by the gate, white@bottom-right → class 3 at runtime (MSL901)`, async () => {
      const bytes = v.build();
      const scan = await scanBytes(bytes, 'variant.onnx');
      assert.deepEqual(ids(scan), v.staticIds);
      assert.equal(pointer(scan, 'MSL748'), v.selector);
      const trigger = scan.findings.find((f) => f.ruleId === 'MSL748')!;
      assert.match(trigger.message, new RegExp(`input 'x' of rank 4 is compared with a constant \\(Greater '[^']*armed', threshold = 0\\.9\\) and the result is the ${v.role} of .*directly produces a graph output`));
      assert.deepEqual(probeGate({ format: scan.format, findings: scan.findings, trusted: true, size: bytes.length }), { allowed: true });

      const r = await probeBytes(bytes, 'variant.onnx', { ...opts, scan });
      assert.equal(r.status, 'completed', r.reason);
      const flagged = r.findings.filter((f) => f.ruleId === 'MSL901');
      assert.equal(flagged.length, 1);
      assert.equal(flagged[0]!.severity, 'high');
      assert.equal(r.probes.trigger!.flagged.length, 1);
      const t = r.probes.trigger!.flagged[0]!;
      assert.deepEqual([t.label, t.targetClass, t.patch.y, t.patch.x, t.patch.size], ['white@bottom-right', 3, 13, 13, 3]);
      assert.ok(t.flipRate >= 0.9, `flip rate ${t.flipRate}`);
      assert.equal(t.flipRate, 1);
      assert.ok(t.z >= 3, `z ${t.z}`);
      assert.equal(r.probes.trigger!.median, 0);
    });
  }

  it('trip-count Loop: MSL748 (trip count) and MSL745 statically; the gate refuses it; ungated, the probe flags it too', async () => {
    const bytes = loopCountBackdoorCnn();
    const scan = await scanBytes(bytes, 'trips.onnx');
    assert.deepEqual(ids(scan), ['MSL745:medium', 'MSL748:high']);
    assert.match(scan.findings.find((f) => f.ruleId === 'MSL748')!.message, /the result is the Loop trip count of 'maybe_override'/);
    const refused = await probeBytes(bytes, 'trips.onnx', { ...opts, scan });
    assert.equal(refused.status, 'refused');
    assert.match(refused.reason!, /MSL745/);
    const r = await runAdmitted(bytes, undefined, { ...opts, threads: 0 });
    assert.equal(r.status, 'completed', r.reason);
    const t = r.probes.trigger!.flagged[0]!;
    assert.deepEqual([t.label, t.targetClass, t.flipRate], ['white@bottom-right', 3, 1]);
  });
});
