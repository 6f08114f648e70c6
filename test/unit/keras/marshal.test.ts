import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { codeReferences, readMarshal } from '../../../server/src/core/formats/keras/marshal';
import { decodeLambda } from '../../../server/src/core/formats/keras/lambda';
import { HARMLESS, OS_SYSTEM, b64, marshalCode } from '../../fixtures/keras/marshal';

function refs(bytes: Uint8Array): { names: string[]; strings: string[] } {
  const r = readMarshal(bytes);
  assert.equal(r.error, undefined);
  const v = r.value;
  assert.ok(v && typeof v === 'object' && 'kind' in v && v.kind === 'code');
  return codeReferences(v.code);
}

describe('marshal reader', () => {
  it('reads code objects written by CPython itself (oracle: /usr/bin/python3)', () => {
    const src = 'import base64,marshal\nc=eval(compile("lambda x: __import__(\'subprocess\').Popen([\'sh\',\'-c\',\'id\']) if x else [y for y in x]","<l>","eval")).__code__\nprint(base64.b64encode(marshal.dumps(c)).decode())';
    const out = execFileSync('/usr/bin/python3', ['-c', src]).toString().trim();
    const r = refs(Buffer.from(out, 'base64'));
    assert.deepEqual(r.names, ['__import__', 'Popen']);
    assert.ok(r.strings.includes('subprocess') && r.strings.includes('sh') && r.strings.includes('id'), r.strings.join(','));
  });

  it('reads the 3.11+, 3.8-3.10 and 3.0-3.7 layouts including nested code objects', () => {
    for (const layout of ['3.11', '3.8', '3.7'] as const) {
      const r = refs(marshalCode({ names: ['a'], consts: [{ names: ['eval'], consts: ['inner'] }, 'outer'] }, layout));
      assert.deepEqual([r.names, r.strings], [['a', 'eval'], ['outer', 'inner']], layout);
    }
  });

  it('resolves FLAG_REF back-references', () => {
    // ('os', ref 0) as a tuple whose first item is stored with FLAG_REF.
    const bytes = Uint8Array.from([0x29, 2, 0x7a | 0x80, 2, 0x6f, 0x73, 0x72, 0, 0, 0, 0]);
    assert.deepEqual(readMarshal(bytes).value, ['os', 'os']);
  });

  it('fails cleanly on truncation, bad refs, unknown codes and huge counts', () => {
    const code = marshalCode(OS_SYSTEM);
    assert.match(readMarshal(code.subarray(0, code.length - 3)).error ?? '', /truncated|trailing|implausible/);
    assert.match(readMarshal(Uint8Array.from([0x72, 5, 0, 0, 0])).error ?? '', /bad reference 5/);
    assert.match(readMarshal(Uint8Array.from([0x01])).error ?? '', /unknown type code 0x1/);
    assert.match(readMarshal(Uint8Array.from([0x28, 0xff, 0xff, 0xff, 0x7f])).error ?? '', /implausible count/);
    const deep = new Uint8Array(200).fill(0x29).map((b, i) => (i % 2 ? 1 : b));
    assert.match(readMarshal(deep).error ?? '', /nesting too deep|truncated/);
  });
});

describe('Lambda payload decoding', () => {
  it('lists dangerous names from base64 and from raw latin-1 payloads', () => {
    const d = decodeLambda(b64(OS_SYSTEM), 1 << 20);
    assert.deepEqual(d.dangerous.sort(), ['__import__', 'os', 'system']);
    const raw = decodeLambda(Buffer.from(marshalCode(OS_SYSTEM)).toString('latin1'), 1 << 20);
    assert.deepEqual(raw.names, ['__import__', 'system']);
    assert.deepEqual(decodeLambda(b64(HARMLESS), 1 << 20).dangerous, []);
    assert.match(decodeLambda('bm90IG1hcnNoYWw=', 1 << 20).error ?? '', /./);
    assert.match(decodeLambda('A'.repeat(100), 10).error ?? '', /over the header limit/);
  });
});
