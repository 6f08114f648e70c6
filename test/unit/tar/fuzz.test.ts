import { it } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzTar } from './fuzzCases';

// Hang guard only (not a speed assertion): a parser stuck on one input shows up here.
const HANG_MS = 5000;

it('tar reader: 2,500 generated and mutated inputs, no exception, well-formed results', () => {
  const s = fuzzTar(2500, 0x5eed);
  assert.deepEqual(s.failures, []);
  assert.equal(s.cases, 2500);
  assert.ok(s.maxMs < HANG_MS, `slowest input took ${s.maxMs} ms`);
});
