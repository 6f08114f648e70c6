// Each diagnostic of a model file links to its finding in the report: related information on the
// file's URI with `#msl-finding=KEY`, and the key finds the same finding in `msl/report`'s list by
// content, not position (the published list and the report's are built and ordered apart).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { indexOfFindingKey, parseFindingFragment, sectionOfUnlistedFinding, SHOW_IN_REPORT } from '../../server/src/protocol/findingLinks';
import { ReportRequest } from '../../server/src/protocol/report';
import { TestClient } from './helpers/lspClient';
import { threeCallsPickle } from './helpers/pickles';
import { makeWorkspace, removeWorkspace } from './helpers/workspace';

const text = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);

describe('language server: links from model-file diagnostics to the report', () => {
  let root: string;
  let client: TestClient;

  before(async () => {
    root = makeWorkspace({
      'models/multi.pkl': threeCallsPickle(),
      // An empty manifest: every model file is unlisted (MSL802), a finding the report's list does not hold.
      'msl.lock.json': JSON.stringify({ version: 1, models: [] }),
      'train.py': 'import torch\nmodel = torch.load("models/multi.pkl")\n',
    });
    client = await TestClient.start({ root });
  });

  after(() => {
    client?.kill();
    if (root) removeWorkspace(root);
  });

  it('gives every finding of a binary file one "show in the report" location on its own URI with a finding fragment', async () => {
    const uri = client.uri('models/multi.pkl');
    const e = await client.waitForDiagnostics(uri, (ds) => ds.filter((d) => d.code === 'MSL601').length === 3 && ds.some((d) => d.code === 'MSL802'));
    const keys = new Set<string>();
    for (const d of e.diagnostics) {
      assert.equal(d.relatedInformation?.length, 1, `${d.code}: ${text(d)}`);
      const link = d.relatedInformation[0]!;
      assert.equal(link.message, SHOW_IN_REPORT);
      assert.deepEqual(link.location.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
      const [base, fragment] = link.location.uri.split('#');
      assert.equal(base, uri);
      assert.match(fragment!, new RegExp(`^msl-finding=${String(d.code)}\\.[0-9a-f]{8}$`));
      keys.add(parseFindingFragment(fragment!)!);
    }
    assert.equal(keys.size, e.diagnostics.length, 'one key per finding');
  });

  it('names, by key, the same finding in the report (not by position: the lists may differ)', async () => {
    const uri = client.uri('models/multi.pkl');
    const diagnostics = client.latest(uri)!.diagnostics;
    const keyOf = (d: Diagnostic) => parseFindingFragment(d.relatedInformation![0]!.location.uri.split('#')[1]!)!;
    const report = await client.connection.sendRequest(ReportRequest, { uri });
    assert.deepEqual(report.findings.filter((f) => f.ruleId === 'MSL601').map((f) => f.message.split(' ')[0]), ['os.system', 'builtins.eval', 'subprocess.Popen']);
    const popen = diagnostics.find((d) => /subprocess\.Popen/.test(text(d)))!;
    assert.equal(indexOfFindingKey(report.findings, keyOf(popen)), report.findings.findIndex((f) => f.message.startsWith('subprocess.Popen')));
    for (const d of diagnostics) {
      const index = indexOfFindingKey(report.findings, keyOf(d));
      if (d.code === 'MSL802' && index < 0) {
        // A report that lists provenance apart: the link still names the section that shows it.
        assert.equal(sectionOfUnlistedFinding('MSL802')?.section, 'provenance');
        continue;
      }
      assert.ok(index >= 0 && text(d).includes(report.findings[index]!.message), text(d));
      assert.equal(report.findings[index]!.ruleId, d.code);
    }
  });

  it('gives findings with a line in a script no such link', async () => {
    const e = await client.waitForDiagnostics(client.uri('train.py'), (ds) => ds.some((d) => d.code === 'MSL101'));
    assert.deepEqual(e.diagnostics.map((d) => d.relatedInformation), e.diagnostics.map(() => undefined));
  });
});
