// Finding keys and the `#msl-finding=` fragment that links a Problems entry to its finding in the report.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding, Location } from '../../../server/src/core/findings';
import {
  findingFragment,
  findingKeys,
  findingUri,
  indexOfFindingKey,
  isFindingKey,
  parseFindingFragment,
  ruleIdOfKey,
  sectionOfUnlistedFinding,
} from '../../../server/src/protocol/findingLinks';

function finding(ruleId: string, location: Location, message: string, evidence?: string): Finding {
  const f: Finding = { ruleId, severity: 'critical', confidence: 'high', title: 't', message, why: 'w', location };
  if (evidence !== undefined) f.evidence = evidence;
  return f;
}

const system = finding('MSL601', { kind: 'bytes', offset: 2 }, 'os.system is imported', "os.system('id')");
const popen = finding('MSL601', { kind: 'bytes', offset: 97 }, 'subprocess.Popen is imported', "subprocess.Popen('id')");
const tensor = finding('MSL702', { kind: 'pointer', pointer: '/tensors/w', members: ['a.zip', 'b'] }, 'odd tensor');

describe('finding keys', () => {
  it('are the rule id and 8 hex digits, computed from the finding alone', () => {
    const keys = findingKeys([system, popen, tensor]);
    assert.equal(keys.length, 3);
    for (const k of keys) assert.ok(isFindingKey(k), k);
    assert.deepEqual(keys.map(ruleIdOfKey), ['MSL601', 'MSL601', 'MSL702']);
    assert.notEqual(keys[0], keys[1]);
    // The same finding keeps its key whatever else the list holds and in whatever order.
    assert.deepEqual(findingKeys([tensor, popen]), [keys[2], keys[1]]);
    // FNV-1a of `["MSL601",{"kind":"file"},"m",null]` (checked with Python): stable across releases and processes.
    assert.equal(findingKeys([finding('MSL601', { kind: 'file' }, 'm')])[0], 'MSL601.f0b179cc');
  });

  it('ignore key order in locations and the severity (a project override), but not the place', () => {
    const reordered = finding('MSL702', { members: ['a.zip', 'b'], pointer: '/tensors/w', kind: 'pointer' }, 'odd tensor');
    assert.equal(findingKeys([reordered])[0], findingKeys([tensor])[0]);
    assert.equal(findingKeys([{ ...system, severity: 'low' }])[0], findingKeys([system])[0]);
    assert.notEqual(findingKeys([{ ...system, location: { kind: 'bytes', offset: 3 } }])[0], findingKeys([system])[0]);
    assert.notEqual(findingKeys([{ ...system, evidence: 'other' }])[0], findingKeys([system])[0]);
  });

  it('number identical findings in order, so the nth copy in one list is the nth in the other', () => {
    const keys = findingKeys([system, popen, system, system]);
    assert.equal(keys[2], `${keys[0]}.2`);
    assert.equal(keys[3], `${keys[0]}.3`);
    assert.equal(indexOfFindingKey([popen, system, system], keys[2]!), 2);
    assert.equal(indexOfFindingKey([popen, system], keys[2]!), -1);
    assert.equal(indexOfFindingKey([tensor, popen, system], keys[1]!), 1);
  });
});

describe('the #msl-finding= fragment', () => {
  const key = findingKeys([popen])[0]!;

  it('round-trips through a file URI', () => {
    assert.equal(findingFragment(key), `msl-finding=${key}`);
    const uri = findingUri('file:///w/models/evil.pkl', key);
    assert.equal(uri, `file:///w/models/evil.pkl#msl-finding=${key}`);
    assert.equal(findingUri(`${uri}`, key), uri, 'an existing fragment is replaced');
    assert.equal(parseFindingFragment(new URL(uri).hash.slice(1)), key);
  });

  it('rejects anything that is not exactly one key', () => {
    for (const bad of ['', key, 'msl-finding=', `msl-finding=${key}x`, 'msl-finding=MSL601.1234567', 'msl-finding=MSL601.1234567g', `other=${key}`,
      'msl-finding=MSL601.12345678.0', 'msl-finding=../../etc', 'msl-finding=msl601.12345678']) {
      assert.equal(parseFindingFragment(bad), undefined, bad);
    }
    assert.equal(parseFindingFragment('msl-finding=MSL601.0123abcd.12'), 'MSL601.0123abcd.12');
  });

  it('names the report section of findings the list does not hold (probes, provenance)', () => {
    assert.equal(sectionOfUnlistedFinding('MSL901')?.section, 'probes');
    assert.match(sectionOfUnlistedFinding('MSL901')!.notice, /run them here/);
    assert.match(sectionOfUnlistedFinding('MSL901', true)!.notice, /listed with their results/);
    assert.equal(sectionOfUnlistedFinding('MSL804')?.section, 'provenance');
    assert.equal(sectionOfUnlistedFinding('MSL601'), undefined);
  });
});
