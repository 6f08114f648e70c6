// The built server over JSON-RPC with the full script rule set: the fixture scripts' caret
// comments against the published diagnostics, source.fixAll.msl applied round after round until
// the text equals the fixture's `.fixed.py` twin, incremental re-analysis after edits giving the
// same answer as a fresh analysis, hovers of the newer rules, and msl.config.json overrides,
// ignore globs and suppression comments.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity, type CodeAction, type Diagnostic, type Hover, type MarkupContent } from 'vscode-languageserver-protocol';
import { analyzePythonSource } from '../../server/src/core/python/analyze';
import { ruleById } from '../../server/src/core/rules/index';
import { ruleDocsUrl } from '../../server/src/core/rules/docs';
import { parseExpectations } from '../unit/python/expectations';
import { TestClient } from './helpers/lspClient';
import { applyEdits } from './helpers/text';
import { makeWorkspace, removeWorkspace, writeFile } from './helpers/workspace';

const SCRIPTS = path.join(__dirname, '..', 'fixtures', 'scripts');
const script = (name: string) => fs.readFileSync(path.join(SCRIPTS, name), 'utf8');
const at = (d: Diagnostic) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)}`;

/** Fixtures whose fixes span several rule families. */
const FIX_FIXTURES = ['deserialization.py', 'yaml_loads.py', 'transport.py', 'execution.py', 'remove_keyword.py', 'loaders.py', 'provenance.py', 'environment.py', 'suppressions.py'];

async function fixAll(client: TestClient, uri: string): Promise<CodeAction | undefined> {
  const actions = (await client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ['source.fixAll.msl'] },
  })) as CodeAction[];
  return actions[0];
}

async function hover(client: TestClient, uri: string, d: Diagnostic): Promise<string> {
  const h = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: d.range.start })) as Hover;
  return (h.contents as MarkupContent).value;
}

describe('language server: the script rule set, fixes, incremental re-analysis, hovers', () => {
  let root: string;
  let client: TestClient;

  before(async () => {
    root = makeWorkspace({ 'README.md': 'scripts are opened from the fixtures, not on disk\n' });
    client = await TestClient.start({ root });
    await client.waitForProgressEnd();
  });

  after(() => {
    client?.kill();
    if (root) removeWorkspace(root);
  });

  for (const name of ['deserialization.py', 'transport.py', 'execution.py', 'suppressions.py', 'provenance.py']) {
    it(`${name}: diagnostics match the caret comments`, async () => {
      const uri = client.uri(`fixtures/${name}`);
      const text = script(name);
      await client.open(uri, text);
      const expected = parseExpectations(text).map((e) => `${e.line}:${e.character} ${e.ruleId}`).sort();
      const e = await client.waitForDiagnostics(uri, (ds) => ds.length > 0);
      assert.deepEqual(e.diagnostics.map(at).sort(), expected);
      await client.close(uri);
    });
  }

  for (const name of FIX_FIXTURES) {
    it(`${name}: source.fixAll.msl, applied until nothing is left, gives the .fixed.py text`, async () => {
      const uri = client.uri(`fixall/${name}`);
      let text = script(name);
      let version = 1;
      await client.open(uri, text, 'python', version);
      await client.waitForDiagnostics(uri, () => true);
      for (let round = 0; round < 5; round++) {
        const action = await fixAll(client, uri);
        if (!action) break;
        assert.equal(action.kind, 'source.fixAll.msl');
        text = applyEdits(text, action.edit!.changes![uri]!);
        const seq = client.seq;
        await client.replaceText(uri, ++version, text);
        await client.waitForDiagnostics(uri, () => true, seq);
      }
      assert.equal(text, script(name.replace(/\.py$/, '.fixed.py')));
      assert.equal(await fixAll(client, uri), undefined, 'nothing left to fix');
      await client.close(uri);
    });
  }

  it('re-analyses incrementally after edits inside and outside functions, matching a fresh analysis', async () => {
    const uri = client.uri('scratch/incremental.py');
    const lines = [
      'import torch, yaml, pickle', '',
      'def load_a(p):', '    return torch.load(p)', '',
      'def load_b(s):', '    return yaml.safe_load(s)', '',
      'class Loader:', '    def run(self, b):', '        return pickle.loads(b)', '',
      'x = torch.load("m.pt", weights_only=True)', '',
    ];
    let text = lines.join('\n');
    let version = 1;
    await client.open(uri, text, 'python', version);
    await client.waitForDiagnostics(uri, () => true);
    const edits: [string, string][] = [
      ['    return yaml.safe_load(s)', '    return yaml.load(s)'], // inside a body: MSL1xx appears
      ['    return torch.load(p)', '    # comment\n    return torch.load(p, weights_only=True)'], // inside a body, adds a line
      ['x = torch.load("m.pt", weights_only=True)', 'x = torch.load("m.pt")'], // module level
      ['class Loader:', 'class Loader:  # msl: ignore[MSL104] reviewed'], // a directive line outside the body it covers
    ];
    for (const [from, to] of edits) {
      assert.ok(text.includes(from), from);
      text = text.replace(from, to);
      const seq = client.seq;
      await client.replaceText(uri, ++version, text);
      const e = await client.waitForDiagnostics(uri, () => true, seq);
      assert.equal(e.version, version);
      const fresh = (await analyzePythonSource(text)).map((f) => `${f.location.kind === 'text' ? `${f.location.range.start.line}:${f.location.range.start.character}` : ''} ${f.ruleId} ${f.severity}`);
      const got = e.diagnostics.map((d) => `${at(d)} ${(d.data as { severity: string }).severity}`);
      assert.deepEqual(got, fresh, `after "${to}"`);
      assert.ok(got.length > 0);
    }
    assert.ok(text.includes('torch.load("m.pt")'));
    await client.close(uri);
  });

  it('hovers explain the newer rules (MSL201, MSL403, MSL009) with their safe alternative and docs link', async () => {
    const uri = client.uri('scratch/hover.py');
    const text = [
      'from transformers import AutoModel', 'import requests', '',
      'm = AutoModel.from_pretrained("acme/model", trust_remote_code=True)',
      'r = requests.get("https://example.com/w.bin", verify=False)',
      'n = 1  # msl: ignore[MSL101]', '',
    ].join('\n');
    await client.open(uri, text);
    const e = await client.waitForDiagnostics(uri, (ds) => ['MSL201', 'MSL403', 'MSL009'].every((id) => ds.some((d) => d.code === id)));
    for (const id of ['MSL201', 'MSL403', 'MSL009']) {
      const rule = ruleById(id)!;
      const d = e.diagnostics.find((x) => x.code === id)!;
      const value = await hover(client, uri, d);
      assert.ok(value.startsWith(`**${id}: ${rule.title}**`), value);
      assert.ok(value.includes(rule.why), `${id} hover gives the why`);
      if (rule.safeAlternative) assert.ok(value.includes(`**Safe alternative:** ${rule.safeAlternative}`), `${id} hover gives the safe alternative`);
      assert.ok(value.includes(`(${ruleDocsUrl(id)})`));
    }
    await client.close(uri);
  });

  it('shuts down cleanly', async () => {
    assert.equal(await client.shutdown(), 0);
  });
});

describe('language server: msl.config.json overrides and ignore globs, suppression comments', () => {
  let root: string;
  let client: TestClient;

  before(async () => {
    root = makeWorkspace({
      'msl.config.json': JSON.stringify({ severityOverrides: { MSL101: 'low', 'yaml-unsafe-load': 'off' }, ignore: ['vendor/**'] }),
      'vendor/lib.py': 'import torch\nm = torch.load("x.pt")\n',
      'ok.py': 'import yaml\nc = yaml.load(s)\nimport torch\nm = torch.load(p)\n',
    });
    client = await TestClient.start({ root });
    await client.waitForProgressEnd();
  });

  after(() => {
    client?.kill();
    if (root) removeWorkspace(root);
  });

  it('msl.config.json severity overrides re-grade (MSL101 -> low) and switch rules off, on open documents and disk scans alike', async () => {
    const disk = await client.waitForDiagnostics(client.uri('ok.py'), (ds) => ds.length > 0);
    assert.deepEqual(disk.diagnostics.map((d) => `${String(d.code)} ${d.severity}`), [`MSL101 ${DiagnosticSeverity.Information}`]);
    const uri = client.uri('ok.py');
    const seq = client.seq;
    await client.open(uri, `${script('yaml_loads.py')}\n${script('deserialization.py')}\nimport torch\nm = torch.load(p)\n`);
    const e = await client.waitForDiagnostics(uri, (ds) => ds.some((d) => d.code === 'MSL101'), seq);
    assert.ok(e.diagnostics.some((d) => d.code === 'MSL104'), 'the other rules are still reported');
    assert.equal(e.diagnostics.filter((d) => ruleById(String(d.code))?.name === 'yaml-unsafe-load').length, 0, 'yaml-unsafe-load is off');
    const msl101 = e.diagnostics.find((d) => d.code === 'MSL101')!;
    assert.equal(msl101.severity, DiagnosticSeverity.Information);
    assert.equal((msl101.data as { severity: string }).severity, 'low');
    await client.close(uri);
  });

  it('ignore globs: an ignored script has no diagnostics from the disk scan, when opened, or when scanned explicitly', async () => {
    const uri = client.uri('vendor/lib.py');
    assert.equal(client.latest(uri)?.diagnostics.length ?? 0, 0);
    await client.open(uri, 'import torch\nm = torch.load("x.pt")\nn = torch.load("y.pt")\n');
    const e = await client.waitForDiagnostics(uri, () => true);
    assert.deepEqual(e.diagnostics, []);
    const report = (await client.connection.sendRequest('msl/scanFile', { uri })) as { counts: Record<string, number> };
    assert.equal(report.counts.high + report.counts.low, 0);
    await client.close(uri);
  });

  it('a suppression comment silences its line; one without a reason is reported (MSL009)', async () => {
    const uri = client.uri('scratch/suppress.py');
    await client.open(uri, 'import pickle\na = pickle.loads(b)  # msl: ignore[MSL104] our own cache\nc = pickle.loads(d)  # msl: ignore[MSL104]\ne = pickle.loads(f)\n');
    const e = await client.waitForDiagnostics(uri, (ds) => ds.length > 0);
    assert.deepEqual(e.diagnostics.map(at), ['2:21 MSL009', '3:4 MSL104']);
    await client.close(uri);
  });

  it('a changed msl.config.json re-analyses open scripts with the new overrides', async () => {
    const uri = client.uri('scratch/config_change.py');
    await client.open(uri, 'import torch\nm = torch.load(p)\n');
    await client.waitForDiagnostics(uri, (ds) => ds[0]?.severity === DiagnosticSeverity.Information);
    writeFile(root, 'msl.config.json', JSON.stringify({ severityOverrides: { MSL101: 'critical' } }));
    const seq = client.seq;
    await client.fileEvents([{ uri: client.uri('msl.config.json'), type: 2 }]);
    const e = await client.waitForDiagnostics(uri, (ds) => ds.length === 1, seq);
    assert.equal((e.diagnostics[0]!.data as { severity: string }).severity, 'critical');
    await client.close(uri);
  });

  it('shuts down cleanly', async () => {
    assert.equal(await client.shutdown(), 0);
  });
});
