import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrigger } from '../../../server/src/core/probes/trigger';
import { candidatePatches, patchSide } from '../../../server/src/core/probes/patches';
import { mad, median, robustZ, softmax, histogram, isDistribution } from '../../../server/src/core/probes/stats';

const patches = candidatePatches(3, 16, 16);

describe('trigger-patch statistics', () => {
  it('flags a lone candidate that sends every eligible input to one class', () => {
    const base = [0, 1, 2, 0, 1, 2];
    const rows = patches.map((_, c) => (c === 7 ? [3, 3, 3, 3, 3, 3] : [...base]));
    const scan = analyzeTrigger(base, rows, patches, 4, patches.length);
    assert.equal(scan.flagged.length, 1);
    const f = scan.flagged[0]!;
    assert.equal(f.label, patches[7]!.label);
    assert.equal(f.targetClass, 3);
    assert.equal(f.eligible, 6);
    assert.equal(f.flipRate, 1);
    assert.equal(scan.median, 0);
    // MAD 0 is floored at 1/6: z = 1 / (1.4826 / 6).
    assert.ok(Math.abs(f.z - 6 / 1.4826) < 1e-9);
  });

  it('ignores classes for which fewer than half the inputs are eligible', () => {
    // Four of six bases are already class 3: only two are eligible for it.
    const base = [3, 3, 3, 3, 0, 1];
    const rows = patches.map((_, c) => (c === 0 ? [3, 3, 3, 3, 3, 3] : [...base]));
    const scan = analyzeTrigger(base, rows, patches, 4, patches.length);
    assert.equal(scan.flagged.length, 0);
    assert.notEqual(scan.candidates.find((r) => r.label === patches[0]!.label)!.targetClass, 3);
  });

  it('does not flag when many candidates flip as much (brightness sensitivity, not a trigger)', () => {
    const base = [0, 1, 2, 0, 1, 2];
    const rows = patches.map((_, c) => (c % 2 === 0 ? [3, 3, 3, 3, 3, 3] : [...base]));
    const scan = analyzeTrigger(base, rows, patches, 4, patches.length);
    assert.equal(scan.flagged.length, 0);
  });

  it('requires a flip rate of at least 90%', () => {
    const base = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0];
    const rows = patches.map((_, c) => (c === 3 ? [3, 3, 3, 3, 3, 3, 3, 3, 1, 0] : [...base]));
    const scan = analyzeTrigger(base, rows, patches, 4, patches.length);
    assert.equal(scan.candidates[0]!.flipRate, 0.8);
    assert.equal(scan.flagged.length, 0);
  });
});

describe('probe statistics', () => {
  it('median, MAD and robust z', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(mad([1, 2, 3, 4, 100]), 1);
    assert.equal(robustZ(10, 0, 2, 0.1), 10 / (1.4826 * 2));
    assert.equal(robustZ(1, 0, 0, 0.5), 1 / (1.4826 * 0.5));
  });
  it('softmax, distributions and histograms', () => {
    const p = softmax([0, Math.log(3)]);
    assert.ok(Math.abs(p[1]! - 0.75) < 1e-12);
    assert.equal(isDistribution([0.25, 0.75]), true);
    assert.equal(isDistribution([2, -1]), false);
    assert.deepEqual(histogram([0, 0.05, 0.95, 1, 0.5], 10), [2, 0, 0, 0, 0, 1, 0, 0, 0, 2]);
  });
  it('candidate patches: 13 colour patterns × 5 positions, a fifth of the side', () => {
    assert.equal(patches.length, 65);
    assert.equal(patchSide(16, 16), 3);
    assert.equal(patchSide(224, 224), 45);
    assert.deepEqual(patches.slice(0, 5).map((p) => p.label), ['white@top-left', 'white@top-right', 'white@bottom-left', 'white@bottom-right', 'white@centre']);
    assert.deepEqual([patches[3]!.y, patches[3]!.x], [13, 13]);
    assert.equal(candidatePatches(1, 28, 28).length, 35);
  });
});
