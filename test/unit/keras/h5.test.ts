import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scanBytes, scanFile } from '../../../server/src/core/scan';
import { loadH5 } from '../../../server/src/core/formats/keras/h5wasmHost';
import { readH5Structure } from '../../../server/src/core/formats/keras/h5Isolated';
import { BufferByteSource } from '../../../server/src/core/io/byteSource';
import { buildZip } from '../../fixtures/zip/writer';
import { OS_SYSTEM, b64, lambdaLayer, sequential } from '../../fixtures/keras/marshal';

const DIR = path.join(__dirname, '../../fixtures/genuine-keras');
const summary = async (file: string): Promise<string[]> => (await scanFile(path.join(DIR, file))).findings.map((f) => `${f.ruleId}:${f.severity}`).sort();

describe('Keras .h5 (genuine h5py files, README lists the verdicts)', () => {
  it('gives each generated file its expected findings', async () => {
    assert.deepEqual(await summary('benign_sequential.h5'), []);
    assert.deepEqual(await summary('lambda_benign.h5'), ['MSL770:high']);
    assert.deepEqual(await summary('lambda_os_system.h5'), ['MSL770:critical']);
    assert.deepEqual(await summary('custom_layer.h5'), ['MSL771:medium']);
    assert.deepEqual(await summary('external_link.h5'), ['MSL775:high']);
    assert.deepEqual(await summary('benign_v3.keras'), []);
    assert.deepEqual(await summary('malicious_v3.keras'), ['MSL770:critical', 'MSL772:critical', 'MSL773:critical', 'MSL774:high']);
    assert.deepEqual(await summary('model_config_custom.json'), ['MSL771:medium']);
  });

  it('records version, backend and layers, and reads only a few KiB of the file', async () => {
    const r = await scanFile(path.join(DIR, 'benign_sequential.h5'));
    assert.equal(r.format, 'keras-h5');
    assert.equal(r.summary.facts?.kerasVersion, '2.13.1');
    assert.equal(r.summary.facts?.kerasBackend, 'tensorflow');
    assert.deepEqual(r.summary.layers?.map((l) => l.className), ['Sequential', 'InputLayer', 'Dense', 'Dense']);
    const ext = await scanFile(path.join(DIR, 'external_link.h5'));
    assert.deepEqual(ext.findings[0]!.location, { kind: 'pointer', pointer: '/model_weights/leak' });
    assert.equal(ext.findings[0]!.evidence, '/etc/passwd:/data');
  });

  it('confines HDF5: no real file can be opened, only registered virtual ones', async () => {
    const h5 = await loadH5();
    const FS = h5.FS as { open(p: string, flags: number): unknown; stat(p: string): unknown };
    assert.throws(() => FS.open('/etc/passwd', 0));
    assert.throws(() => FS.stat(path.join(DIR, 'benign_sequential.h5')));
  });

  it('reports truncated and garbage HDF5 files as malformed, and keeps working afterwards', async () => {
    const bytes = fs.readFileSync(path.join(DIR, 'lambda_os_system.h5'));
    for (const cut of [8, 100, 600, 2000]) {
      const r = await scanBytes(bytes.subarray(0, cut), 'cut.h5');
      assert.ok(r.findings.some((f) => f.ruleId === 'MSL776'), `cut at ${cut}: ${r.findings.map((f) => f.ruleId).join(',')}`);
    }
    const ok = await readH5Structure(new BufferByteSource(bytes), { maxAttributeBytes: 1 << 20, maxObjects: 100, timeoutMs: 20_000 });
    assert.equal(ok.openError, undefined);
    assert.ok(ok.attributes.model_config?.includes('Lambda'));
  });

  it('does not read attributes over the size limit', async () => {
    const bytes = fs.readFileSync(path.join(DIR, 'benign_sequential.h5'));
    const s = await readH5Structure(new BufferByteSource(bytes), { maxAttributeBytes: 16, maxObjects: 100, timeoutMs: 20_000 });
    assert.equal(s.attributes.model_config, undefined);
    assert.ok(s.problems.some((p) => /model_config holds \d+ characters, over the limit of 16/.test(p)), s.problems.join('; '));
  });
});

describe('Keras JSON configs', () => {
  it('routes config.json of a .keras zip even when its head does not look like Keras', async () => {
    const cfg = { padding: 'x'.repeat(5000), ...sequential([lambdaLayer([b64(OS_SYSTEM), null, null])]) };
    const zip = buildZip([{ name: 'metadata.json', data: '{"keras_version": "3.8.0"}' }, { name: 'config.json', data: JSON.stringify(cfg) }]).bytes;
    const r = await scanBytes(zip, 'model.keras');
    assert.equal(r.format, 'keras-v3');
    const f = r.findings.find((x) => x.ruleId === 'MSL770');
    assert.equal(f?.severity, 'critical');
    assert.deepEqual(f?.location, { kind: 'pointer', pointer: '/config/layers/1/config/function', members: ['config.json'] });
  });

  it('claims standalone JSON narrowly (Keras model classes, keras_version, TF.js layers-model)', async () => {
    const tfjs = { format: 'layers-model', modelTopology: { model_config: sequential([{ class_name: 'Evil', config: { name: 'e' } }]) } };
    assert.equal((await scanBytes(Buffer.from(JSON.stringify(tfjs)), 'model.json')).format, 'keras-config');
    assert.deepEqual((await scanBytes(Buffer.from(JSON.stringify(tfjs)), 'model.json')).findings.map((f) => f.ruleId), ['MSL771']);
    assert.equal((await scanBytes(Buffer.from('{"architectures": ["BertModel"], "model_type": "bert"}'), 'config.json')).format, 'unknown');
    const bad = await scanBytes(Buffer.from('{"class_name": "Sequential", "config": {'), 'model.json');
    assert.deepEqual(bad.findings.map((f) => f.ruleId), ['MSL776']);
  });
});

describe('HDF5 isolation', () => {
  it('survives a file on which the HDF5 library hangs, then reads the next file normally', async () => {
    const hang = fs.readFileSync(path.join(__dirname, '../../fixtures/keras/hang_vlen_heap.h5'));
    const s = await readH5Structure(new BufferByteSource(hang), { maxAttributeBytes: 1 << 20, maxObjects: 100, timeoutMs: 1500 });
    assert.match(s.openError ?? '', /no answer within 1500 ms \(the HDF5 library hangs on this file\)/);
    const ok = await readH5Structure(new BufferByteSource(fs.readFileSync(path.join(DIR, 'custom_layer.h5'))), { maxAttributeBytes: 1 << 20, maxObjects: 100, timeoutMs: 20_000 });
    assert.equal(ok.openError, undefined);
    assert.equal(ok.attributes.keras_version, '2.13.1');
  });
});
