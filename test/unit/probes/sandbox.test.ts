// The probes end to end: the bundled worker in the sandbox, on models built by our ONNX writer.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { atLeast } from '../../../server/src/core/findings';
import { probeBytes, probeFile, runAdmitted } from '../../../server/src/probes/run';
import { Sandbox } from '../../../server/src/probes/sandbox';
import { infiniteLoop, whereTrigger } from '../../fixtures/onnx/models';
import { cleanCnn, nanModel, patchBackdoorCnn, rateSwitchModel } from '../../fixtures/probes/models';
import { probeWorkerBundle } from '../../fixtures/probes/workerBundle';

const workerScript = probeWorkerBundle();
const opts = { trusted: true, workerScript };
const aboveInfo = (r: { findings: { severity: 'critical' | 'high' | 'medium' | 'low' | 'info' }[] }) => r.findings.filter((f) => atLeast(f.severity, 'low'));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('runtime probes in the sandbox', () => {
  it('the clean CNN: every probe runs, nothing above info', async () => {
    const r = await probeBytes(cleanCnn(), 'clean.onnx', opts);
    assert.equal(r.status, 'completed', r.reason);
    assert.deepEqual(aboveInfo(r), []);
    assert.deepEqual(r.classifier, { output: 'probs', classes: 4, image: true });
    assert.deepEqual(r.inputs[0]!.shape, [1, 3, 16, 16]);
    assert.equal(r.probes.trigger!.candidatesRun, 65);
    assert.equal(r.probes.trigger!.flagged.length, 0);
    assert.equal(r.probes.confidence!.inputs, 24);
    assert.equal(r.probes.confidence!.histogram.reduce((a, b) => a + b, 0), 24);
    assert.equal(r.probes.determinism!.sameSessionMaxDiff, 0);
    assert.equal(r.probes.exposure!.kind, 'probabilities');
    assert.deepEqual(r.findings.map((f) => f.ruleId), ['MSL902']);
    assert.ok(r.budget!.ranInferences <= 500 && r.budget!.ranInferences === r.budget!.plannedInferences);
  });

  it('the patch backdoor: the white bottom-right patch is flagged as trigger-like (MSL901)', async () => {
    const r = await probeBytes(patchBackdoorCnn(), 'backdoor.onnx', opts);
    assert.equal(r.status, 'completed', r.reason);
    const f = r.findings.filter((x) => x.ruleId === 'MSL901');
    assert.equal(f.length, 1);
    assert.equal(f[0]!.severity, 'high');
    assert.match(f[0]!.message, /white@bottom-right patch sent \d of \d eligible synthetic images \(100%\) to class 3/);
    const t = r.probes.trigger!.flagged[0]!;
    assert.deepEqual([t.targetClass, t.flipRate, t.patch.y, t.patch.x, t.patch.size], [3, 1, 13, 13, 3]);
    assert.ok(t.z >= 3);
  });

  it('an exact-pattern backdoor runs (static analysis is its detector; the probe need not flag it)', async () => {
    const r = await probeBytes(whereTrigger(), 'exact.onnx', opts);
    assert.equal(r.status, 'completed', r.reason);
    assert.equal(r.findings.some((f) => f.ruleId === 'MSL901'), false);
  });

  it('NaN on in-range boundary inputs is MSL904 (medium)', async () => {
    const r = await probeBytes(nanModel(), 'nan.onnx', opts);
    const f = r.findings.find((x) => x.ruleId === 'MSL904');
    assert.ok(f);
    assert.equal(f.severity, 'medium');
    assert.match(f.message, /low end \(0\) \(4 NaN, 0 Inf\)/);
  });

  it('a shape error on the warm-up climbs the free-dimension ladder; the sample rate is the compared constant', async () => {
    const r = await probeBytes(rateSwitchModel(), 'rate.onnx', opts);
    assert.equal(r.status, 'completed', r.reason);
    assert.deepEqual(r.inputs.map((i) => [i.name, i.shape, i.range.lo]), [['audio', [1, 64], 0], ['sr', [], 16000]]);
    assert.deepEqual(r.freeDimensions!.sizes, { samples: 64 });
    assert.deepEqual(r.freeDimensions!.retries.map((t) => t.sizes), [{ samples: 8 }]);
    assert.match(r.freeDimensions!.retries[0]!.error, /Pad reflect/);
    // The retry is one more inference, counted and planned.
    assert.equal(r.budget!.ranInferences, r.budget!.plannedInferences);
    assert.equal(r.budget!.ranInferences, 1 + 3 + 5 + (r.probes.determinism!.threads > 0 ? 1 : 0));
    assert.deepEqual(r.findings, []);
  });

  it('when no size on the ladder works, the runtime error says which sizes were tried (MSL912)', async () => {
    const r = await probeBytes(rateSwitchModel(5000), 'rate.onnx', opts);
    assert.equal(r.status, 'runtime-error');
    assert.match(r.reason!, /free dimensions tried: samples=8, 64, 512, 4096; the size ladder ends there\): .*Pad reflect/);
    assert.deepEqual(r.findings.map((f) => [f.ruleId, f.severity]), [['MSL912', 'info']]);
  });

  it('an endless Loop is never handed to the runtime (gate, MSL910)', async () => {
    const r = await probeBytes(infiniteLoop(), 'loop.onnx', opts);
    assert.equal(r.status, 'refused');
    assert.match(r.reason!, /MSL745/);
    assert.equal(r.sandbox, undefined);
  });

  it('ungated, the endless Loop is killed at the deadline with its process group (MSL911)', async () => {
    const r = await runAdmitted(infiniteLoop(), undefined, { ...opts, deadlineMs: 1500, threads: 0 });
    assert.equal(r.status, 'deadline');
    assert.deepEqual(r.findings.map((f) => f.ruleId), ['MSL911']);
    assert.ok(r.sandbox?.killLatencyMs !== undefined);
    assert.equal(alive(r.sandbox!.pid!), false);
  });

  it('untrusted: refused without starting a process', async () => {
    const r = await probeBytes(cleanCnn(), 'clean.onnx', { ...opts, trusted: false });
    assert.equal(r.status, 'refused');
    assert.deepEqual(r.findings.map((f) => f.ruleId), ['MSL910']);
    assert.equal(r.sandbox, undefined);
  });

  it('the child runs in an empty temporary folder that is removed afterwards, with a minimal environment', async () => {
    const before = new Set(fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('msl-probe-')));
    const s = Sandbox.start({ deadlineMs: 5000, memoryLimitMB: 1600, workerScript });
    const hello = await s.next();
    assert.equal(hello.type, 'hello');
    const cwd = fs.readlinkSync(`/proc/${s.pid}/cwd`);
    assert.match(path.basename(cwd), /^msl-probe-/);
    assert.deepEqual(fs.readdirSync(cwd), []);
    const env = fs.readFileSync(`/proc/${s.pid}/environ`, 'utf8').split('\0').filter(Boolean).map((e) => e.split('=')[0]).sort();
    // PWD is set by /bin/sh to the (empty) working directory.
    assert.deepEqual(env.filter((k) => !k.startsWith('NODE_CHANNEL') && k !== 'PWD'), ['ELECTRON_RUN_AS_NODE']);
    const limits = fs.readFileSync(`/proc/${s.pid}/limits`, 'utf8');
    assert.match(limits, new RegExp(`Max address space\\s+${1600 * 1024 * 1024}`));
    const exit = await s.close();
    assert.equal(exit.end, 'completed');
    assert.equal(fs.existsSync(cwd), false);
    const after = fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('msl-probe-') && !before.has(n));
    assert.deepEqual(after, []);
  });

  it('real ONNX files on this machine are false-positive controls (npm-shipped ones: controls.test.ts)', async (t) => {
    const dir = '/usr/lib/python3/dist-packages/onnx/examples/resources';
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.onnx')) : [];
    if (files.length === 0) return t.skip('no ONNX files from python3-onnx on this machine');
    for (const f of files) {
      const r = await probeFile(path.join(dir, f), opts);
      assert.ok(r.status === 'completed' || r.status === 'runtime-error', `${f}: ${r.status} ${r.reason}`);
      assert.deepEqual(aboveInfo(r), [], f);
    }
  });
});
