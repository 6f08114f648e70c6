import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanBytes } from '../../../server/src/core/scan';
import { parseJson } from '../../../server/src/core/formats/json/strictJson';
import { benignSafetensors, writeSafetensors } from '../../fixtures/safetensors/writer';
import { pickleOf } from './helpers';

const ids = (r: { findings: { ruleId: string }[] }): string[] => [...new Set(r.findings.map((f) => f.ruleId))].sort();

test('a benign file gives no findings and a tensor table', async () => {
  const r = await scanBytes(benignSafetensors(), 'model.safetensors');
  assert.equal(r.format, 'safetensors');
  assert.deepEqual(r.findings, []);
  assert.equal(r.summary.tensors?.length, 5);
  assert.deepEqual(r.summary.tensors?.[0], { name: 'embed.weight', dtype: 'F16', shape: [16, 8], bytes: 256, offset: r.summary.tensors![0]!.offset });
  assert.equal(r.summary.facts?.tensorCount, 5);
  assert.deepEqual(r.summary.metadata, { format: 'pt' });
});

test('duplicate keys are found at any depth', async () => {
  const raw = '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"__metadata__":{"k":"1","k":"2"}}';
  const r = await scanBytes(writeSafetensors([], { rawHeader: raw, dataLength: 4 }), 'm.safetensors');
  const dups = r.findings.filter((f) => f.ruleId === 'MSL721');
  assert.equal(dups.length, 2);
  assert.match(dups.map((f) => f.message).join('\n'), /"a" appears more than once in the header/);
  assert.match(dups.map((f) => f.message).join('\n'), /"k" appears more than once in \/__metadata__/);
  assert.equal(dups[0]!.severity, 'high');
});

test('header length beyond the file, invalid JSON and non-objects are malformed headers', async () => {
  const tooLong = writeSafetensors([{ name: 'x', dtype: 'F32', shape: [1] }], { headerLength: 1n << 40n });
  assert.deepEqual(ids(await scanBytes(tooLong, 'm.safetensors')), ['MSL720']);
  const invalid = writeSafetensors([], { rawHeader: '{"a": [1, 2,]}' });
  const r = await scanBytes(invalid, 'm.safetensors');
  assert.deepEqual(ids(r), ['MSL720']);
  assert.match(r.findings[0]!.message, /not valid JSON/);
  assert.deepEqual(ids(await scanBytes(writeSafetensors([], { rawHeader: '{"t": 5}' }), 'm.safetensors')), ['MSL720']);
});

test('a header over maxHeaderBytes hits the limit instead of being read', async () => {
  const r = await scanBytes(benignSafetensors(), 'm.safetensors', { limits: { maxHeaderBytes: 16 } });
  assert.deepEqual(ids(r), ['MSL001']);
  assert.deepEqual(r.limitsHit, ['maxHeaderBytes']);
});

test('unknown dtypes, size mismatches, out-of-bounds offsets', async () => {
  const f = writeSafetensors([
    { name: 'odd', dtype: 'Q4', shape: [4], offsets: [0, 2] },
    { name: 'short', dtype: 'F32', shape: [4], offsets: [2, 10] },
    { name: 'back', dtype: 'F32', shape: [1], offsets: [12, 8] },
    { name: 'far', dtype: 'U8', shape: [4], offsets: [100, 104] },
  ], { dataLength: 18 });
  const r = await scanBytes(f, 'm.safetensors');
  const by = (id: string) => r.findings.filter((x) => x.ruleId === id).map((x) => (x.location as { pointer: string }).pointer).sort();
  assert.deepEqual(by('MSL722'), ['tensor:odd']);
  assert.deepEqual(by('MSL723'), ['tensor:back', 'tensor:short']);
  assert.deepEqual(by('MSL724'), ['tensor:far']);
});

test('64-bit sizes are computed exactly', async () => {
  const big = 1n << 62n;
  const raw = `{"huge":{"dtype":"F64","shape":[${big}, 4],"data_offsets":[0,8]}}`;
  const r = await scanBytes(writeSafetensors([], { rawHeader: raw, dataLength: 8 }), 'm.safetensors');
  const f = r.findings.find((x) => x.ruleId === 'MSL723');
  assert.ok(f);
  assert.match(f.message, new RegExp(`needs ${(big * 4n * 8n).toString()} bytes`));
});

test('overlaps, gaps and trailing bytes', async () => {
  const f = writeSafetensors([
    { name: 'a', dtype: 'U8', shape: [8], offsets: [0, 8] },
    { name: 'b', dtype: 'U8', shape: [8], offsets: [4, 12] },
    { name: 'c', dtype: 'U8', shape: [4], offsets: [20, 24] },
  ], { dataLength: 30 });
  const r = await scanBytes(f, 'm.safetensors');
  assert.deepEqual(r.findings.filter((x) => x.ruleId === 'MSL725').map((x) => x.message), ['Tensor "b" [4, 12) overlaps "a" [0, 8).']);
  const regions = r.findings.filter((x) => x.ruleId === 'MSL726').map((x) => x.evidence).sort();
  assert.deepEqual(regions, ['[12, 20)', '[24, 30)']);
});

test('a pickle hidden in trailing bytes is analysed as a nested file', async () => {
  const f = writeSafetensors([{ name: 'a', dtype: 'U8', shape: [4] }], { trailing: pickleOf('os', 'system') });
  const r = await scanBytes(f, 'm.safetensors');
  assert.ok(r.findings.some((x) => x.ruleId === 'MSL726'));
  const nested = r.findings.filter((x) => x.location.kind !== 'text' && 'members' in x.location && x.location.members?.[0]?.startsWith('safetensors trailing'));
  assert.ok(nested.some((x) => x.severity === 'critical'), JSON.stringify(r.findings.map((x) => [x.ruleId, x.severity])));
});

test('__metadata__: non-strings, code, URLs and base64 pickles', async () => {
  const b64 = Buffer.from(pickleOf('os', 'system')).toString('base64');
  const f = writeSafetensors([{ name: 'a', dtype: 'U8', shape: [1] }], {
    metadata: { n: 3, code: 'import os; os.system("id")', url: 'see https://evil.example/x.sh', blob: b64, ok: 'pt' },
  });
  const r = await scanBytes(f, 'm.safetensors');
  const at = (id: string) => r.findings.filter((x) => x.ruleId === id).map((x) => `${(x.location as { pointer: string }).pointer}:${x.severity}`).sort();
  assert.deepEqual(at('MSL727'), ['/__metadata__/n:medium']);
  assert.deepEqual(at('MSL728'), ['/__metadata__/code:high', '/__metadata__/url:low']);
  assert.deepEqual(at('MSL729'), ['/__metadata__/blob:high']);
  assert.ok(r.findings.some((x) => x.location.kind === 'bytes' && x.location.members?.[0] === '__metadata__/blob (base64)' && x.severity === 'critical'));
  assert.equal(r.summary.metadata?.n, '3');
});

test('the tensor list is capped while every tensor is checked', async () => {
  const tensors = Array.from({ length: 10_050 }, (_, i) => ({ name: `t${i}`, dtype: 'U8', shape: [1] }));
  tensors.push({ name: 'bad', dtype: 'U8', shape: [2], offsets: [0, 1] } as never);
  const r = await scanBytes(writeSafetensors(tensors), 'm.safetensors');
  assert.equal(r.summary.tensors?.length, 10_000);
  assert.equal(r.summary.facts?.tensorCount, 10_051);
  assert.match(String(r.summary.facts?.tensorListNote), /first 10000 of 10051/);
  assert.ok(r.findings.some((x) => x.ruleId === 'MSL723'));
});

test('the JSON reader: strictness, big integers, __proto__ keys, depth', () => {
  assert.equal(parseJson('{"a":1,}').error?.message, 'expected a string key');
  assert.equal(parseJson('01').error?.message, 'unexpected data after the JSON value');
  const v = parseJson('{"__proto__":{"x":"y"},"n":18446744073709551615}').value as Map<string, unknown>;
  assert.ok(v instanceof Map && v.has('__proto__'));
  assert.equal((v.get('n') as { toBigInt(): bigint }).toBigInt(), 18446744073709551615n);
  assert.match(parseJson('['.repeat(200) + ']'.repeat(200)).error?.message ?? '', /nesting deeper than 128/);
  assert.equal(parseJson('"a\\u00e9\\n"').value, 'aé\n');
});
