import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scanBytes } from '../../../server/src/core/scan';
import { readTar } from '../../../server/src/core/formats/tar/reader';
import { linkEscapes } from '../../../server/src/core/formats/tar/checks';
import { BufferByteSource } from '../../../server/src/core/io/byteSource';
import { buildTar } from '../../fixtures/tar/writer';
import { benignPickle, osSystemPickle } from '../../fixtures/zip/pickles';

const rules = (r: { findings: { ruleId: string; severity: string }[] }): string[] => r.findings.map((f) => `${f.ruleId}:${f.severity}`).sort();

describe('tar reader', () => {
  it('reads archives written by GNU tar, including pax long names (oracle)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msl-tar-'));
    try {
      const long = `${'d'.repeat(120)}/weights.bin`;
      fs.mkdirSync(path.join(dir, 'd'.repeat(120)));
      fs.writeFileSync(path.join(dir, long), 'abc');
      fs.writeFileSync(path.join(dir, 'a.pkl'), benignPickle());
      for (const format of ['gnu', 'pax', 'ustar']) {
        if (format === 'ustar') fs.rmSync(path.join(dir, 'd'.repeat(120)), { recursive: true });
        const bytes = execFileSync('tar', ['-c', `--format=${format}`, '-C', dir, '.'].concat(format === 'ustar' ? [] : []));
        const t = readTar(new BufferByteSource(bytes), 1000);
        const names = t.members.map((m) => m.name).sort();
        assert.ok(names.includes('./a.pkl'), `${format}: ${names.join(',')}`);
        if (format !== 'ustar') assert.ok(names.includes(`./${long}`), `${format}: ${names.join(',')}`);
        assert.deepEqual(t.problems, [], format);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('resolves link targets against the link folder', () => {
    assert.equal(linkEscapes('a/b/link', '../c', false), false);
    assert.equal(linkEscapes('a/link', '../../etc/passwd', false), true);
    assert.equal(linkEscapes('link', '/etc/passwd', false), true);
    assert.equal(linkEscapes('a/b/link', '../c', true), true);
  });
});

describe('tar archives through the scanner', () => {
  it('analyses pickles inside (plain and gz/bz2/xz) with the member chain', async () => {
    const tar = buildTar([{ name: 'model/config.txt', data: 'x' }, { name: 'model/evil.pkl', data: osSystemPickle() }]);
    const plain = await scanBytes(tar, 'model.tar');
    assert.equal(plain.format, 'tar');
    const f = plain.findings.find((x) => x.severity === 'critical')!;
    assert.ok(f, rules(plain).join(','));
    assert.deepEqual('members' in f.location && f.location.members, ['model/evil.pkl']);
    assert.deepEqual(plain.summary.members?.map((m) => m.name), ['model/config.txt', 'model/evil.pkl']);
    for (const [name, bytes] of [['m.tar.gz', zlib.gzipSync(tar)], ['m.tar.bz2', execFileSync('bzip2', ['-c'], { input: tar })], ['m.tar.xz', execFileSync('xz', ['-c'], { input: tar })]] as const) {
      const r = await scanBytes(bytes, name);
      const c = r.findings.find((x) => x.severity === 'critical');
      assert.deepEqual(c && 'members' in c.location && c.location.members, ['<decompressed>', 'model/evil.pkl'], name);
    }
  });

  it('recognises a legacy PyTorch tar checkpoint and unpickles its pickle members', async () => {
    const tar = buildTar([{ name: 'sys_info', data: benignPickle() }, { name: 'pickle', data: osSystemPickle() }, { name: 'storages', data: benignPickle() }, { name: 'tensors', data: benignPickle() }]);
    const r = await scanBytes(tar, 'checkpoint.pth.tar');
    assert.equal(r.format, 'pytorch-legacy');
    assert.ok(!r.findings.some((f) => f.ruleId === 'MSL701'));
    const c = r.findings.find((x) => x.severity === 'critical');
    assert.deepEqual(c && 'members' in c.location && c.location.members, ['pickle']);
  });

  it('reports traversal, absolute names, links, duplicates, devices, pax renames', async () => {
    const r = await scanBytes(buildTar([
      { name: '../escape.txt', data: 'x' },
      { name: '/etc/cron.d/x', data: 'x' },
      { name: 'lnk', type: '2', linkname: '/etc/passwd' },
      { name: 'a/inner', type: '2', linkname: '../b' },
      { name: 'hard', type: '1', linkname: '../../x' },
      { name: 'dup', data: 'aa' },
      { name: 'dup', data: 'bb' },
      { name: 'dev', type: '3' },
      { name: 'shown.txt', paxPath: 'real/hidden.pkl', data: benignPickle() },
    ]), 'x.tar');
    assert.deepEqual(rules(r), ['MSL709:high', 'MSL709:high', 'MSL709:medium', 'MSL711:high', 'MSL711:high', 'MSL712:high', 'MSL716:medium', 'MSL718:medium']);
    assert.ok(r.summary.members?.some((m) => m.name === 'real/hidden.pkl'));
  });

  it('reports bad checksums, truncation, huge declared sizes and trailing data', async () => {
    const bad = await scanBytes(buildTar([{ name: 'a', data: 'x' }, { name: 'b', data: 'y', badChecksum: true }]), 'x.tar');
    assert.deepEqual(rules(bad), ['MSL710:medium']);
    assert.match(bad.findings[0]!.message, /wrong checksum/);
    const huge = await scanBytes(buildTar([{ name: 'big.pkl', data: osSystemPickle(), declaredSize: 2 ** 40 }]), 'x.tar');
    assert.ok(rules(huge).includes('MSL710:medium'));
    assert.ok(huge.findings.some((f) => /declares 1099511627776 bytes/.test(f.message)));
    assert.ok(huge.findings.some((f) => f.severity === 'critical'), 'the present part is still analysed');
    const trailing = await scanBytes(buildTar([{ name: 'a', data: 'x' }], Buffer.from('PAYLOAD')), 'x.tar');
    assert.deepEqual(rules(trailing), ['MSL717:low']);
  });
});
