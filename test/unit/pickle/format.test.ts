// Opcode table facts, format detection, disassembly listing and its grammar.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OPCODES } from '../../../server/src/core/formats/pickle/opcodes';
import { hasPickleMagic, looksLikeHeaderlessPickle } from '../../../server/src/core/formats/pickle/analyzer';
import { disassemble, formatDisassembly } from '../../../server/src/core/formats/pickle/disassemble';
import { BufferByteSource } from '../../../server/src/core/io/byteSource';
import { scanBytes } from '../../../server/src/core/scan';
import { callPickle, discardedCall, protocol0Call, truncatedAfterCall } from '../../fixtures/pickle/builders';

test('68 opcodes with the code, name and protocol CPython\'s pickletools lists', () => {
  const out = execFileSync('python3', ['-c', 'import pickletools, json; print(json.dumps([[ord(o.code), o.name, o.proto] for o in pickletools.opcodes]))']).toString();
  const expected = (JSON.parse(out) as Array<[number, string, number]>).sort((a, b) => a[0] - b[0]);
  assert.equal(OPCODES.length, 68);
  assert.deepEqual(OPCODES.map((o) => [o.code, o.name, o.proto]).sort((a, b) => (a[0] as number) - (b[0] as number)), expected);
});

test('magic and content tests: pickles yes, text / JSON / CSV no', () => {
  assert.equal(hasPickleMagic(callPickle('os', 'system', ['x'])), true);
  assert.equal(hasPickleMagic(Buffer.from('PK\x03\x04')), false);
  assert.equal(looksLikeHeaderlessPickle(protocol0Call()), true);
  assert.equal(looksLikeHeaderlessPickle(Buffer.from('(dp0\nS\'a\'\np1\nI1\ns.', 'latin1')), true);
  for (const text of ['{"a": [1, 2]}', 'a,b,c\n1,2,3\n', 'Hello world\n', '# README\n\nSome text.', 'NaN\n', '0.5\n', '(foo)\n', 'cat file\n', '']) {
    assert.equal(looksLikeHeaderlessPickle(Buffer.from(text)), false, JSON.stringify(text));
  }
});

test('a pickle under a non-pickle extension is analysed; under .safetensors it is a mismatch', async () => {
  const bytes = callPickle('os', 'system', ['echo pwned']);
  const bin = await scanBytes(bytes, 'weights.bin');
  assert.equal(bin.format, 'pickle');
  assert.ok(bin.findings.some((f) => f.ruleId === 'MSL601' && f.evidence === "os.system('echo pwned')"));
  const st = await scanBytes(bytes, 'x.safetensors');
  assert.ok(st.findings.some((f) => f.ruleId === 'MSL701'));
  assert.ok(st.findings.some((f) => f.ruleId === 'MSL601'));
  const p0 = await scanBytes(protocol0Call(), 'model.dat');
  assert.equal(p0.format, 'pickle');
  assert.equal(p0.detectedBy, 'content');
});

test('disassembly: one line per opcode with stack depth and markers', () => {
  const d = disassemble(new BufferByteSource(discardedCall()));
  const text = formatDisassembly(d);
  assert.equal(d.truncated, false);
  assert.deepEqual(d.lines.map((l) => l.opcode).slice(0, 7), ['PROTO', 'GLOBAL', 'MARK', 'BINUNICODE', 'TUPLE', 'REDUCE', 'POP']);
  assert.equal(d.lines[1]!.arg, "'os' 'system'");
  assert.equal(d.lines[1]!.mark, 'dangerous');
  assert.equal(d.lines[1]!.stack, '1');
  assert.match(text, /^ {7}2: GLOBAL {11}'os' 'system' +\[1\] {2}!! DANGEROUS os\.system: /m);
  assert.match(text, /REDUCE +\[1\] {2}!! DANGEROUS calls os\.system\('touch \/tmp\/pwned'\)/);
  const unknown = formatDisassembly(disassemble(new BufferByteSource(callPickle('mypkg', 'Thing', []))));
  assert.match(unknown, /\?\? UNKNOWN mypkg\.Thing/);
  const broken = disassemble(new BufferByteSource(truncatedAfterCall()));
  assert.equal(broken.lines.at(-1)!.mark, 'malformed');
  assert.equal(broken.problems.length, 1);
  const short = disassemble(new BufferByteSource(discardedCall()), { maxLines: 3 });
  assert.equal(short.lines.length, 3);
  assert.equal(short.truncated, true);
});

test('the disassembly grammar is valid JSON with the agreed scope and matches the markers', () => {
  const file = path.join(__dirname, '../../../syntaxes/pickle-disassembly.tmLanguage.json');
  const g = JSON.parse(fs.readFileSync(file, 'utf8')) as { scopeName: string; repository: Record<string, { patterns?: Array<{ match?: string }> ; begin?: string }> };
  assert.equal(g.scopeName, 'source.pickle-disassembly');
  const line = new RegExp(g.repository.line!.begin!);
  assert.ok(line.test('      12: GLOBAL           \'os\' \'system\''));
  const dangerous = new RegExp(g.repository.marker!.patterns![0]!.match!);
  assert.ok(dangerous.test('[1]  !! DANGEROUS os.system: runs'));
});
