// SARIF 2.1.0 report: one run, every rule described in `tool.driver.rules`, one result per
// finding with level, security severity (on the rule), locations, a stable fingerprint and fixes;
// `invocations` carries I/O errors and limits hit as tool execution notifications.
import type { Finding } from '../../core/findings';
import type { ScanResult } from '../../core/scan';
import { ALL_RULES } from '../../core/rules/index';
import type { RuleMeta } from '../../core/rules/types';
import { exitCodeFor } from '../exitCode';
import type { Reporter, RunInfo } from '../report';
import { INFORMATION_URI, TOOL_NAME } from '../version';
import {
  FINGERPRINT_KEY, SRCROOT, artifactLocation, fingerprintsFor, sarifLocation, srcRootUri, textRegion,
  type ArtifactLocation, type SarifLocation,
} from './sarifLocations';
import { SARIF_LEVEL, sarifRule, sentence, type SarifLevel, type SarifRule } from './sarifRules';
import { invocation } from './sarifInvocation';
import type { CliScanResult } from '../resultExtras';
import { absentResult, artifactHashes, stateOf, suppressionFor, type SarifSuppression } from './sarifBaseline';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

interface SarifArtifact {
  location: ArtifactLocation;
  length: number;
  roles: string[];
  sourceLanguage?: string;
  hashes?: Record<string, string>;
  properties: { format: string };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string; markdown?: string };
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  properties: { severity: string; confidence: string; evidence?: string };
  fixes?: unknown[];
  baselineState?: 'new' | 'unchanged' | 'absent';
  suppressions?: SarifSuppression[];
}

export function createSarifReporter(info: RunInfo, version: string, emit: (doc: string) => void): Reporter {
  const rules: RuleMeta[] = [...ALL_RULES];
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const artifacts: SarifArtifact[] = [];
  const results: SarifResult[] = [];

  const indexOfRule = (f: Finding): number => {
    let i = ruleIndex.get(f.ruleId);
    if (i === undefined) {
      // Unknown to the table (should not happen): describe it from the finding rather than drop it.
      i = rules.length;
      rules.push({ id: f.ruleId, name: f.ruleId, title: f.title, family: 'scanner', severity: f.severity, confidence: f.confidence, why: f.why, description: f.why });
      ruleIndex.set(f.ruleId, i);
    }
    return i;
  };

  return {
    result(r) {
      const bare = artifactLocation(r.path, info.cwd);
      const location = { ...bare, index: artifacts.length };
      artifacts.push(artifactFor(r, bare));
      const x = r as CliScanResult;
      const prints = x.fingerprints ?? fingerprintsFor(r.findings, location.uri);
      r.findings.forEach((f, k) => {
        const res = resultFor(f, indexOfRule(f), location, prints[k]!);
        const state = stateOf(x, k, info.comparison);
        if (state) res.baselineState = state;
        results.push(res);
      });
      for (const a of x.accepted ?? []) {
        const res = resultFor(a.finding, indexOfRule(a.finding), location, a.fingerprint);
        res.baselineState = 'unchanged';
        res.suppressions = suppressionFor(a.justification);
        results.push(res);
      }
    },
    error() {
      // Reported through the summary as tool execution notifications.
    },
    end(summary) {
      for (const p of info.comparison?.absent() ?? []) {
        const i = ruleIndex.get(p.ruleId);
        if (i !== undefined) results.push(absentResult(p, i, rules[i]!.severity, info.cwd, FINGERPRINT_KEY));
      }
      const run = {
        tool: {
          driver: {
            name: TOOL_NAME,
            fullName: `${TOOL_NAME} (msl) ${version}`,
            version,
            semanticVersion: version,
            informationUri: INFORMATION_URI,
            rules: rules.map(sarifRule) satisfies SarifRule[],
          },
        },
        ...(info.automationId ? { automationDetails: { id: info.automationId } } : {}),
        invocations: [invocation(info, summary, exitCodeFor(summary, info.failOn), ruleIndex)],
        originalUriBaseIds: { [SRCROOT]: { uri: srcRootUri(info.cwd) } },
        artifacts,
        results,
        columnKind: 'utf16CodeUnits',
      };
      emit(`${JSON.stringify({ $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] }, null, 2)}\n`);
    },
  };
}

function artifactFor(r: ScanResult, location: ArtifactLocation): SarifArtifact {
  const a: SarifArtifact = { location, length: r.size, roles: ['analysisTarget'], ...artifactHashes(r as CliScanResult), properties: { format: r.format } };
  if (r.format === 'python') a.sourceLanguage = 'python';
  return a;
}

function resultFor(f: Finding, ruleIndex: number, artifact: ArtifactLocation, print: string): SarifResult {
  const text = sentence(f.message) + (f.evidence ? ` Evidence: ${f.evidence}` : '');
  const markdown = sentence(f.message) + (f.evidence ? `\n\nEvidence: \`${f.evidence.replace(/`/g, "'")}\`` : '');
  const result: SarifResult = {
    ruleId: f.ruleId,
    ruleIndex,
    level: SARIF_LEVEL[f.severity],
    message: { text, markdown },
    locations: [sarifLocation(f, artifact)],
    partialFingerprints: { [FINGERPRINT_KEY]: print },
    properties: { severity: f.severity, confidence: f.confidence },
  };
  if (f.evidence) result.properties.evidence = f.evidence;
  // A cell's fix is in cell coordinates, which are not the .ipynb file's: no SARIF fix for it.
  if (f.fix && f.location.kind === 'text' && f.location.cell === undefined) {
    result.fixes = [{
      description: { text: sentence(f.fix.title) },
      artifactChanges: [{
        artifactLocation: artifact,
        replacements: f.fix.edits.map((e) => ({ deletedRegion: textRegion(e.range), insertedContent: { text: e.newText } })),
      }],
    }];
  }
  return result;
}
