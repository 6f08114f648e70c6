// Files written by the real libraries (test/fixtures/genuine/generate.py): benign ones must
// scan with nothing above `low`; object arrays and the dill function are reported.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { atLeast } from '../../../server/src/core/findings';
import { scanFile } from '../../../server/src/core/scan';

const ROOT = path.join(__dirname, '../../fixtures/genuine');
const list = (dir: string) => fs.readdirSync(path.join(ROOT, dir)).sort().map((f) => path.join(ROOT, dir, f));

/** Recognised but not decodable: the only finding allowed above low on a benign file (none left since the LZMA-alone decoder). */
const EXPECTED_UNSUPPORTED: Record<string, string> = {};

const FORMATS: Record<string, string> = {
  'state_dict.pt': 'pytorch-zip',
  'checkpoint_with_optimizer.pth': 'pytorch-zip',
  'torchscript_scripted.pt': 'torchscript',
  'torchscript_traced.pt': 'torchscript',
  'arrays.npz': 'numpy-npz',
  'arrays_compressed.npz': 'numpy-npz',
  'array_float32.npy': 'numpy',
  'sklearn_pipeline.joblib.z': 'zlib',
  'sklearn_pipeline.joblib.gz': 'gzip',
  'sklearn_pipeline.joblib.bz2': 'bzip2',
  'sklearn_pipeline.joblib.xz': 'xz',
  'sklearn_pipeline.joblib.lzma': 'lzma',
};

describe('genuine benign files', () => {
  for (const file of list('benign')) {
    const name = path.basename(file);
    it(`${name}: nothing above low`, async () => {
      const r = await scanFile(file);
      if (FORMATS[name]) assert.equal(r.format, FORMATS[name]);
      const serious = r.findings.filter((f) => atLeast(f.severity, 'medium') && f.ruleId !== EXPECTED_UNSUPPORTED[name]);
      assert.deepEqual(serious.map((f) => `${f.ruleId} ${f.severity} ${f.evidence ?? f.message}`), []);
      if (EXPECTED_UNSUPPORTED[name]) assert.equal(r.findings.filter((f) => f.ruleId === EXPECTED_UNSUPPORTED[name]).length, 1);
    });
  }
});

describe('genuine object arrays: their pickle payload is analysed', () => {
  // Inert contents (dicts, lists, strings, numpy reconstruction) give no finding of their own.
  for (const file of list('object-arrays')) {
    it(`${path.basename(file)}: payload analysed as a pickle`, async () => {
      const r = await scanFile(file);
      assert.equal(r.summary.pickles?.length, 1);
      assert.equal(r.summary.pickles![0]!.complete, true);
      assert.deepEqual(r.findings.filter((f) => atLeast(f.severity, 'medium')).map((f) => f.ruleId), []);
    });
  }
});

describe('genuine files that execute code when loaded', () => {
  for (const file of list('malicious')) {
    it(`${path.basename(file)}: critical`, async () => {
      const r = await scanFile(file);
      assert.ok(r.findings.some((f) => f.severity === 'critical'), JSON.stringify(r.findings.map((f) => f.ruleId)));
    });
  }
});
