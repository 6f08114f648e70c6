import { it } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzH5, fuzzKerasConfig, fuzzMarshal } from './fuzzCases';

// Hang guard only (not a speed assertion): a parser stuck on one input shows up here.
const HANG_MS = 5000;

it('marshal reader: 2,500 generated and mutated inputs, no exception, value or error', () => {
  const s = fuzzMarshal(2500, 0x5eed);
  assert.deepEqual(s.failures, []);
  assert.equal(s.cases, 2500);
  assert.ok(s.maxMs < HANG_MS, `slowest input took ${s.maxMs} ms`);
});

it('Keras config checks: 2,500 generated and mutated configs, findings only from known rules', () => {
  const s = fuzzKerasConfig(2500, 0x5eed);
  assert.deepEqual(s.failures, []);
  assert.equal(s.cases, 2500);
  assert.ok(s.maxMs < HANG_MS, `slowest input took ${s.maxMs} ms`);
});

it('isolated HDF5 reader: 150 mutated genuine files always answer; aborts and hangs cost only the worker', async () => {
  const s = await fuzzH5(150, 0x5eed, 2000);
  assert.deepEqual(s.failures, []);
  assert.equal(s.opened + s.refused + s.hangs + s.aborts, 150);
  assert.ok(s.opened > 0, JSON.stringify(s));
});
