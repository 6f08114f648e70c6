import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseFrontMatter, fieldText } from '../../../server/src/core/provenance/frontMatter';
import { autoMapModules, modelFolderFindings, readModelFolder } from '../../../server/src/core/provenance/modelFolder';
import { tempProject } from './helpers';

describe('model card front matter (safe subset)', () => {
  it('reads scalars, flow lists and block lists; ignores anchors, tags and nested maps', () => {
    const fm = parseFrontMatter([
      '---', 'license: apache-2.0', "base_model: 'meta-llama/Llama-3.1-8B'", 'tags: [a, "b", c]', 'datasets:', '  - squad', '  - glue # comment',
      'model-index:', '  - name: x', '    results: []', 'evil: !!python/object:os.system "rm"', 'alias: *ref', '---', '# Title', 'license: mit',
    ].join('\n'));
    assert.equal(fm.present, true);
    assert.equal(fieldText(fm, 'license'), 'apache-2.0');
    assert.equal(fieldText(fm, 'base_model'), 'meta-llama/Llama-3.1-8B');
    assert.deepEqual(fm.fields.get('tags'), ['a', 'b', 'c']);
    assert.deepEqual(fm.fields.get('datasets'), ['squad', 'glue']);
    assert.equal(fm.fields.has('evil'), false);
    assert.equal(fm.fields.has('alias'), false);
  });

  it('treats an unclosed or absent block as no front matter', () => {
    assert.equal(parseFrontMatter('---\nlicense: mit\n').present, false);
    assert.equal(parseFrontMatter('# Model\nlicense: mit').present, false);
    assert.equal(parseFrontMatter('\uFEFF---\r\nlicense: mit\r\n---\r\n').fields.get('license'), 'mit');
  });
});

describe('model folders', () => {
  it('auto_map modules, including repo-qualified references', () => {
    assert.deepEqual(autoMapModules('{"auto_map": {"AutoConfig": "configuration_x.XConfig", "AutoTokenizer": ["tok_x.T", null], "AutoModel": "org/repo--modeling_x.M"}}').sort(), ['configuration_x', 'modeling_x', 'tok_x']);
    assert.deepEqual(autoMapModules('{"architectures": ["BertModel"]}'), []);
    assert.deepEqual(autoMapModules('not json'), []);
  });

  it('reports missing licence and base model, auto_map (high) and shipped .py (high when imported)', () => {
    const p = tempProject();
    try {
      p.write('m/README.md', '---\ntags: [x]\n---\n');
      p.write('m/config.json', '{"auto_map": {"AutoModel": "modeling_x.M"}}');
      p.write('m/modeling_x.py', 'import os');
      p.write('m/utils.py', '');
      const findings = modelFolderFindings(`${p.root}/m`, readModelFolder(`${p.root}/m`));
      assert.deepEqual(findings.map((f) => [f.ruleId, f.severity]), [['MSL820', 'low'], ['MSL821', 'info'], ['MSL822', 'high'], ['MSL823', 'high']]);
      assert.match(findings[3]!.message, /imports modeling_x\.py/);
      p.write('m/README.md', '---\nlicense: mit\nbase_model: org/base\n---\n');
      p.write('m/config.json', '{}');
      const clean = modelFolderFindings(`${p.root}/m`, readModelFolder(`${p.root}/m`));
      assert.deepEqual(clean.map((f) => [f.ruleId, f.severity]), [['MSL823', 'medium']]);
    } finally {
      p.cleanup();
    }
  });
});
