import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanBytes } from '../../../server/src/core/scan';
import { benignGguf, str, u32, writeGguf, type GgufSpec } from '../../fixtures/gguf/writer';

const ids = (r: { findings: { ruleId: string }[] }): string[] => [...new Set(r.findings.map((f) => f.ruleId))].sort();
const scan = (spec: GgufSpec | Uint8Array, options = {}) => scanBytes(spec instanceof Uint8Array ? spec : writeGguf(spec), 'model.gguf', options);

test('a benign v3 file: no findings, metadata summary and tensor table', async () => {
  const r = await scan(benignGguf());
  assert.equal(r.format, 'gguf');
  assert.deepEqual(r.findings, []);
  assert.equal(r.summary.facts?.architecture, 'llama');
  assert.equal(r.summary.facts?.quantization, 'MOSTLY_Q4_K_M');
  assert.equal(r.summary.facts?.contextLength, 4096);
  assert.equal(r.summary.facts?.ggufVersion, 3);
  assert.equal(r.summary.facts?.chatTemplates, 1);
  assert.equal(r.summary.metadata?.['tokenizer.ggml.tokens'], '[string × 4] "<s>", "</s>", "hello", "world"');
  assert.deepEqual(r.summary.tensors?.map((t) => [t.name, t.dtype, t.shape.join('x'), t.bytes]), [
    ['token_embd.weight', 'Q4_K', '256x4', 576],
    ['blk.0.attn_q.weight', 'Q8_0', '64x64', 4352],
    ['output_norm.weight', 'F32', '64', 256],
  ]);
});

test('v1 (32-bit counts) and v2 files parse; other versions do not', async () => {
  const kvs: GgufSpec['kvs'] = [['general.architecture', str('gpt2')], ['nested', { type: 'array', of: 'array', values: [{ type: 'array', of: 'u8', values: [1, 2] }, { type: 'array', of: 'u8', values: [] }] }]];
  const tensors = [{ name: 'w', dims: [32, 2], type: 0 }];
  for (const version of [1, 2]) {
    const r = await scan({ version, kvs, tensors });
    assert.deepEqual(r.findings, [], `v${version}`);
    assert.equal(r.summary.tensors?.[0]?.bytes, 256);
    assert.equal(r.summary.metadata?.nested, '[array × 2]');
  }
  const r = await scan({ version: 4, kvs, tensors });
  assert.deepEqual(ids(r), ['MSL730']);
  assert.match(r.findings[0]!.message, /Unsupported GGUF version 4/);
});

test('every scalar value type is read', async () => {
  const r = await scan({ kvs: [
    ['a.u8', { type: 'u8', value: 200 }], ['a.i8', { type: 'i8', value: -5 }], ['a.u16', { type: 'u16', value: 60000 }],
    ['a.i16', { type: 'i16', value: -300 }], ['a.i32', { type: 'i32', value: -7 }], ['a.u64', { type: 'u64', value: 1n << 60n }],
    ['a.i64', { type: 'i64', value: -9n }], ['a.f64', { type: 'f64', value: 0.5 }], ['a.bool', { type: 'bool', value: false }],
  ] });
  assert.deepEqual(r.findings, []);
  assert.deepEqual(r.summary.metadata, { 'a.u8': '200', 'a.i8': '-5', 'a.u16': '60000', 'a.i16': '-300', 'a.i32': '-7', 'a.u64': String(1n << 60n), 'a.i64': '-9', 'a.f64': '0.5', 'a.bool': 'false' });
});

test('counts and lengths that cannot fit are reported before anything is allocated', async () => {
  const huge = (1n << 62n);
  for (const spec of [
    { tensorCountOverride: huge },
    { kvCountOverride: huge },
    { kvs: [['k', { type: 'raw', id: 8, bytes: Uint8Array.from(Buffer.from('ffffffffffffff0f', 'hex')) }]] },
    { kvs: [['k', { type: 'raw', id: 9, bytes: Uint8Array.from(Buffer.from('00000000' + 'ffffffffffffff00', 'hex')) }]] },
  ] as GgufSpec[]) {
    const r = await scan(spec);
    assert.deepEqual(ids(r), ['MSL731'], JSON.stringify(r.findings.map((f) => f.message)));
    assert.equal(r.findings[0]!.severity, 'high');
  }
});

test('unknown value types, bad booleans, bad alignment and truncation are malformed', async () => {
  assert.deepEqual(ids(await scan({ kvs: [['k', { type: 'raw', id: 13, bytes: new Uint8Array(8) }]] })), ['MSL730']);
  assert.deepEqual(ids(await scan({ kvs: [['k', { type: 'bool', value: 7 }]] })), ['MSL730']);
  const align = await scan({ kvs: [['general.alignment', u32(24)]] });
  assert.match(align.findings[0]!.message, /power-of-two/);
  const trunc = await scan({ kvs: [['a', u32(1)]], truncateAt: 24 + 9 + 4 + 2 });
  assert.deepEqual(ids(trunc), ['MSL730']);
  assert.match(trunc.findings[0]!.message, /ends early/);
});

test('tensor infos: dims, types, block sizes, bounds, alignment, overlap, duplicates', async () => {
  const r = await scan({
    tensors: [
      { name: 'five', dims: [1, 1, 1, 1, 1], type: 0, offset: 512n },
      { name: 'unknown', dims: [4], type: 99 },
      { name: 'block', dims: [33], type: 2 },
      { name: 'overflow', dims: [1n << 40n, 1n << 40n], type: 0 },
      { name: 'ok', dims: [8], type: 0, offset: 0n },
      { name: 'overlap', dims: [8], type: 0, offset: 0n },
      { name: 'misaligned', dims: [8], type: 0, offset: 36n },
      { name: 'far', dims: [8], type: 0, offset: 1n << 40n },
      { name: 'ok', dims: [8], type: 0, offset: 64n },
    ],
    dataBytes: 1024,
  });
  const by = (id: string) => r.findings.filter((f) => f.ruleId === id).map((f) => f.evidence ?? f.message).sort();
  assert.equal(by('MSL732').length, 4);
  assert.deepEqual(by('MSL721'), ['ok']);
  assert.deepEqual(r.findings.filter((f) => f.ruleId === 'MSL733').map((f) => `${(f.location as { pointer: string }).pointer}:${f.severity}`).sort(), ['tensor:far:high', 'tensor:misaligned:medium']);
  assert.deepEqual(by('MSL734'), ['ok ∩ misaligned', 'overlap ∩ ok']);
});

test('a malicious chat template in the metadata is found at its key', async () => {
  const r = await scan(benignGguf("{{ cycler.__init__.__globals__.os.popen('id').read() }}"));
  const f = r.findings.find((x) => x.ruleId === 'MSL736');
  assert.ok(f);
  assert.equal(f.severity, 'critical');
  assert.deepEqual(f.location, { kind: 'pointer', pointer: 'kv:tokenizer.chat_template' });
  const named = await scan({ kvs: [['tokenizer.chat_template.tool_use', str("{% include 'x' %}")]] });
  assert.deepEqual(named.findings.map((x) => [x.ruleId, (x.location as { pointer: string }).pointer]), [['MSL738', 'kv:tokenizer.chat_template.tool_use']]);
});

test('duplicate metadata keys and the header limit', async () => {
  const r = await scan({ kvs: [['general.name', str('a')], ['general.name', str('b')]] });
  assert.deepEqual(ids(r), ['MSL721']);
  const limited = await scan(benignGguf(), { limits: { maxHeaderBytes: 64 } });
  assert.deepEqual(limited.limitsHit, ['maxHeaderBytes']);
});
