import { it } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzLzma } from './lzmaFuzzCases';

// Hang guard only (not a speed assertion): a decoder stuck on one input shows up here.
const HANG_MS = 5000;

it('LZMA-alone decoder: 2,500 mutated streams, no exception, bounded output, statuses only', async () => {
  const s = await fuzzLzma(2500, 0x1a2a);
  assert.deepEqual(s.failures.slice(0, 5), []);
  assert.equal(s.cases, 2500);
  assert.ok(s.errors > 1000, `mutations reach the error paths (${s.errors} broken streams)`);
  assert.ok(s.maxMs < HANG_MS, `slowest input took ${s.maxMs} ms`);
});
