// `msl probe` and `msl scan --probe`, driven in-process.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../server/src/cli/main';
import { parseProbeArgs } from '../../../server/src/cli/probeCommand';
import type { CliIO } from '../../../server/src/cli/io';
import { infiniteLoop } from '../../fixtures/onnx/models';
import { cleanCnn, patchBackdoorCnn } from '../../fixtures/probes/models';

function io(cwd: string): CliIO & { out: () => string } {
  let out = '';
  return { stdout: { write: (c: string) => (out += c) }, stderr: { write: () => true }, env: {}, cwd, out: () => out };
}

describe('msl probe', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msl-probe-cli-'));
  fs.writeFileSync(path.join(dir, 'clean.onnx'), cleanCnn());
  fs.writeFileSync(path.join(dir, 'backdoor.onnx'), patchBackdoorCnn());
  fs.writeFileSync(path.join(dir, 'loop.onnx'), infiniteLoop());

  it('parses its options', () => {
    assert.deepEqual(parseProbeArgs(['--budget-ms', '800', '-f', 'json', 'a.onnx']), { files: ['a.onnx'], format: 'json', failOn: 'high', budgetMs: 800 });
    assert.equal(parseProbeArgs(['-h']), 'help');
    assert.throws(() => parseProbeArgs([]), /no FILE given/);
    assert.throws(() => parseProbeArgs(['--deadline-ms', '-3', 'a']), /needs a value|positive/);
  });

  it('exits 1 on the backdoor and prints the trigger finding; the loop is refused', async () => {
    const c = io(dir);
    const code = await main(['probe', 'backdoor.onnx', 'loop.onnx'], c);
    assert.equal(code, 1);
    assert.match(c.out(), /HIGH {5}MSL901 {2}A 3×3 white@bottom-right patch/);
    assert.match(c.out(), /loop\.onnx {2}\(probes: refused — static analysis found that it contains a Loop/);
  });

  it('json output carries the report; the clean model exits 0', async () => {
    const c = io(dir);
    assert.equal(await main(['probe', '--format', 'json', 'clean.onnx'], c), 0);
    const doc = JSON.parse(c.out()) as { reports: { file: string; report: { status: string; findings: { ruleId: string }[] } }[] };
    assert.equal(doc.reports[0]!.report.status, 'completed');
    assert.deepEqual(doc.reports[0]!.report.findings.map((f) => f.ruleId), ['MSL902']);
  });

  it('msl scan --probe adds probe findings to ONNX results', async () => {
    const c = io(dir);
    const code = await main(['scan', '--probe', '--format', 'json', 'backdoor.onnx'], c);
    assert.equal(code, 1);
    assert.match(c.out(), /"ruleId": "MSL901"/);
  });
});
