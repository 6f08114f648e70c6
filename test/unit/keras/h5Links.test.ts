// MSL775 beyond external links: virtual datasets (VDS) mapping data from other files, and datasets
// whose raw values live in external files (H5Pset_external). Fixtures are written by
// test/fixtures/genuine-keras/generate_links.py (Debian's h5py); h5py is not needed here.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scanFile } from '../../../server/src/core/scan';
import type { AnalysisContext } from '../../../server/src/core/context';
import type { FindingInit } from '../../../server/src/core/findings';
import type { RuleMeta } from '../../../server/src/core/rules/types';
import { readH5Structure } from '../../../server/src/core/formats/keras/h5Isolated';
import { outsideReach, reportLinks } from '../../../server/src/core/formats/keras/h5LinkReport';
import type { H5Link } from '../../../server/src/core/formats/keras/h5Types';
import { BufferByteSource } from '../../../server/src/core/io/byteSource';

const DIR = path.join(__dirname, '../../fixtures/genuine-keras');
const LINK_FIXTURES = new Set(['vds_weights.h5', 'external_storage.h5', 'vds_v3.keras', 'external_link.h5']);

async function links(file: string): Promise<[string, string, string, string][]> {
  const r = await scanFile(path.join(DIR, file));
  return r.findings
    .filter((f) => f.ruleId === 'MSL775')
    .map((f) => [f.severity, f.location.kind === 'pointer' ? f.location.pointer : '', f.evidence ?? '', f.message] as [string, string, string, string])
    .sort((a, b) => (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
}

describe('MSL775: virtual datasets mapping other files', () => {
  it('reports each source file of each VDS with dataset and file in the evidence; "." (the same file) is not reported', async () => {
    const found = await links('vds_weights.h5');
    assert.deepEqual(found.map(([sev, at, ev]) => [sev, at, ev]), [
      ['high', '/dense/dense/bias:0', '/dense/dense/bias:0 <- ../secret.h5:/bias'],
      ['high', '/dense/dense/kernel:0', '/dense/dense/kernel:0 <- /etc/hostname:data'],
      ['medium', '/dense_1/dense_1/kernel:0', '/dense_1/dense_1/kernel:0 <- weights_part2.h5:/kernel'],
    ]);
    assert.equal(found[1]![3], 'Dataset /dense/dense/kernel:0 is a virtual dataset that maps data from "data" in the file "/etc/hostname" (an absolute path); ' +
      'reading it (Keras loading the weights) makes HDF5 open that file. A weights file has no reason to take data from another file.');
    assert.match(found[0]![3], /"\.\.\/secret\.h5" \(a path that leaves the model's directory through \.\.\)/);
    const r = await scanFile(path.join(DIR, 'vds_weights.h5'));
    assert.deepEqual(r.findings.filter((f) => f.ruleId !== 'MSL775'), [], 'nothing else: a VDS is not an oversized dataset');
  });

  it('finds a VDS inside the model.weights.h5 of a .keras zip', async () => {
    const r = await scanFile(path.join(DIR, 'vds_v3.keras'));
    const f = r.findings.find((x) => x.ruleId === 'MSL775');
    assert.equal(f?.severity, 'high');
    assert.equal(f?.evidence, '/layers/dense/vars/0 <- /etc/passwd:/data');
    assert.deepEqual(f?.location, { kind: 'pointer', pointer: '/layers/dense/vars/0', members: ['model.weights.h5'] });
  });
});

describe('MSL775: external raw-data storage (H5Pset_external)', () => {
  it('names the first and last raw-data file of a dataset, found by a refused one-element read', async () => {
    const found = await links('external_storage.h5');
    assert.deepEqual(found.map(([sev, at, ev]) => [sev, at, ev]), [
      ['medium', '/dense/dense/bias:0', '/dense/dense/bias:0 <- bias.bin'],
      ['high', '/dense/dense/kernel:0', '/dense/dense/kernel:0 <- /etc/hostname'],
      ['high', '/dense/dense/kernel:0', '/dense/dense/kernel:0 <- ~/.ssh/id_rsa'],
    ]);
    assert.match(found[2]![3], /^Dataset \/dense\/dense\/kernel:0 keeps its raw values in the external file "~\/\.ssh\/id_rsa" \(a home-directory path\); reading it \(Keras loading the weights\) reads that file's bytes as weight values\./);
  });

  it('the worker records the links by kind and reads only a few KiB of the file', async () => {
    const bytes = fs.readFileSync(path.join(DIR, 'external_storage.h5'));
    const s = await readH5Structure(new BufferByteSource(bytes), { maxAttributeBytes: 1 << 20, maxObjects: 100, timeoutMs: 20_000 });
    assert.deepEqual(s.links.map((l) => [l.kind, l.path, l.file, l.target]), [
      ['storage', '/dense/dense/bias:0', 'bias.bin', ''],
      ['storage', '/dense/dense/kernel:0', '/etc/hostname', ''],
      ['storage', '/dense/dense/kernel:0', '~/.ssh/id_rsa', ''],
    ]);
    assert.equal(s.datasets, 4);
    assert.ok(s.io.bytes < bytes.length * 2, `${s.io.bytes} bytes read`);
  });
});

describe('MSL775 across the genuine Keras fixtures', () => {
  it('no other genuine Keras file has a link, VDS source or external storage', async () => {
    const files = fs.readdirSync(DIR).filter((n) => /\.(h5|keras)$/.test(n) && !LINK_FIXTURES.has(n));
    assert.ok(files.length >= 9, files.join(', '));
    for (const file of files) assert.deepEqual(await links(file), [], file);
  });

  it('external links keep their evidence and get the same severity logic', async () => {
    const [ext] = await links('external_link.h5');
    assert.deepEqual(ext!.slice(0, 3), ['high', '/model_weights/leak', '/etc/passwd:/data']);
  });
});

describe('outsideReach and reportLinks (pure)', () => {
  it('grades names that leave the model directory', () => {
    const cases: [string, string | undefined][] = [
      ['/etc/passwd', 'an absolute path'],
      ['C:\\Users\\me\\secret.h5', 'an absolute Windows path'],
      ['\\\\server\\share\\w.h5', 'an absolute Windows path'],
      ['~/.ssh/id_rsa', 'a home-directory path'],
      ['~root/x.h5', 'a home-directory path'],
      ['https://evil.example/w.h5', 'a URL'],
      ['../secret.h5', "a path that leaves the model's directory through .."],
      ['sub/../../x.h5', "a path that leaves the model's directory through .."],
      ['weights_part2.h5', undefined],
      ['sub/dir/w.h5', undefined],
      ['a..b.h5', undefined],
      ['%b.h5', undefined],
    ];
    for (const [name, reach] of cases) assert.equal(outsideReach(name), reach, name);
  });

  it('reports at most 50 links and says how many more there were', () => {
    const got: { id: string; init: FindingInit }[] = [];
    const ctx = { report: (rule: RuleMeta, init: FindingInit) => got.push({ id: rule.id, init }) } as unknown as AnalysisContext;
    const many: H5Link[] = Array.from({ length: 53 }, (_, i) => ({ path: `/w/${i}`, kind: 'external', file: `part${i}.h5`, target: '/x' }));
    reportLinks(many, ctx);
    assert.equal(got.length, 51);
    assert.deepEqual([got[0]!.init.severity, got[0]!.init.evidence], ['medium', 'part0.h5:/x']);
    assert.deepEqual([got[50]!.init.message, got[50]!.init.evidence], ['3 more links to other files; only the first 50 are listed.', '53 links']);
  });
});
