import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { damerauLevenshtein, typosquatOf } from '../../../server/src/core/provenance/index';
import { licenseConflict } from '../../../server/src/core/provenance/licenses';

describe('typo-squatted Hub organisations', () => {
  it('computes optimal-string-alignment distances', () => {
    assert.equal(damerauLevenshtein('microsoft', 'microsoft'), 0);
    assert.equal(damerauLevenshtein('mircosoft', 'microsoft'), 1, 'transposition');
    assert.equal(damerauLevenshtein('microsft', 'microsoft'), 1);
    assert.equal(damerauLevenshtein('mikrosoftt', 'microsoft'), 2);
    assert.equal(damerauLevenshtein('abc', ''), 3);
  });

  it('flags one- and two-edit look-alikes and homoglyphs, not the real names or unrelated ones', () => {
    assert.deepEqual(typosquatOf('meta-llamma'), { org: 'meta-llamma', lookalike: 'meta-llama', how: 1 });
    assert.deepEqual(typosquatOf('mikrosoftt'), { org: 'mikrosoftt', lookalike: 'microsoft', how: 2 });
    assert.equal(typosquatOf('mistralia')?.lookalike, 'mistralai');
    assert.equal(typosquatOf('stabiltyai')?.lookalike, 'stabilityai');
    assert.equal(typosquatOf('goog1e')?.how, 'homoglyph');
    assert.equal(typosquatOf('gооgle')?.lookalike, 'google', 'Cyrillic o');
    assert.equal(typosquatOf('meta_llama')?.how, 'homoglyph');
    assert.equal(typosquatOf('rnicrosoft')?.how, 'homoglyph', 'rn for m');
    assert.equal(typosquatOf('EleutherAl')?.lookalike, 'EleutherAI');
    for (const ok of ['meta-llama', 'Qwen', 'qwen', 'BAAI', 'google', 'my-lab', 'acme', 'qwen2', 'bert', 'openbmb', 'facebookresearch']) {
      assert.equal(typosquatOf(ok), undefined, ok);
    }
  });
});

describe('licence restrictions', () => {
  it('flags a non-commercial licence for commercial use only', () => {
    assert.equal(licenseConflict('CC-BY-NC-4.0', 'commercial')?.note, 'non-commercial use only');
    assert.equal(licenseConflict('cc-by-nc-4.0', 'research'), undefined);
    assert.equal(licenseConflict('apache-2.0', 'commercial'), undefined);
    assert.equal(licenseConflict('mrl', 'production')?.note, 'research use only');
  });
});
