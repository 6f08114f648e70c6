// The ML-BOM: a CycloneDX document (built with @cyclonedx/cyclonedx-library) listing each scanned
// model file as a `machine-learning-model` component and each script or other file as a `file`
// component, with its SHA-256, format, provenance (from msl.lock.json when the file is recorded)
// and a findings summary as properties. Deterministic: no timestamp, no random serial number,
// components sorted, so the same files give the same bytes.
import * as CDX from '@cyclonedx/cyclonedx-library';
import { SEVERITIES, worstSeverity } from '../core/findings';
import { formatById } from '../core/formats/registry';
import { describeSource, isUrlSource, type ManifestEntry } from '../core/provenance/manifest';
import { isModelFormat } from '../core/provenance/project';
import { verdictFor } from '../protocol/webview';
import { displayPath } from './report';
import type { CliScanResult } from './resultExtras';
import { INFORMATION_URI } from './version';

export type BomSpecVersion = '1.5' | '1.6';

export interface BomInput {
  result: CliScanResult;
  /** The manifest entry recording where the file came from (looked up under its old path when renamed). */
  manifest?: ManifestEntry;
}

export interface BomOptions {
  specVersion: BomSpecVersion;
  tool: { name: string; version: string };
}

export function buildBom(inputs: readonly BomInput[], o: BomOptions): string {
  const bom = new CDX.Models.Bom();
  bom.metadata.tools.components.add(new CDX.Models.Component(CDX.Enums.ComponentType.Application, o.tool.name, {
    version: o.tool.version,
    externalReferences: new CDX.Models.ExternalReferenceRepository([new CDX.Models.ExternalReference(INFORMATION_URI, CDX.Enums.ExternalReferenceType.Website)]),
  }));
  for (const input of inputs) bom.components.add(componentFor(input));
  const spec = o.specVersion === '1.5' ? CDX.Spec.Spec1dot5 : CDX.Spec.Spec1dot6;
  const serializer = new CDX.Serialize.JsonSerializer(new CDX.Serialize.JSON.Normalize.Factory(spec));
  return `${serializer.serialize(bom, { sortLists: true, space: 2 })}\n`;
}

function componentFor({ result: r, manifest }: BomInput): CDX.Models.Component {
  const shown = displayPath(r.path);
  const model = isModelFormat(r.format) && r.format !== 'git-lfs-pointer';
  const type = model ? CDX.Enums.ComponentType.MachineLearningModel : CDX.Enums.ComponentType.File;
  const c = new CDX.Models.Component(type, shown, { bomRef: `msl:file:${shown}` });
  if (r.sha256) c.hashes.set(CDX.Enums.HashAlgorithm['SHA-256'], r.sha256);
  const prop = (name: string, value: string | number) => c.properties.add(new CDX.Models.Property(`msl:${name}`, String(value)));
  prop('format', r.format);
  const label = formatById(r.format)?.label;
  if (label) prop('formatLabel', label);
  prop('size', r.size);
  const worst = worstSeverity(r.findings);
  prop('verdict', verdictFor(worst).title);
  prop('findings:total', r.findings.length);
  for (const s of SEVERITIES) {
    const n = r.findings.filter((f) => f.severity === s).length;
    if (n > 0) prop(`findings:${s}`, n);
  }
  const rules = [...new Set(r.findings.map((f) => f.ruleId))].sort();
  if (rules.length > 0) prop('rules', rules.join(','));
  if (r.renamedFrom !== undefined) prop('renamedFrom', displayPath(r.renamedFrom));
  if (r.lfsOid !== undefined) prop('gitLfsOid', r.lfsOid);
  if (r.limitsHit.length > 0) prop('limitsHit', r.limitsHit.join(','));
  if (manifest) addProvenance(c, manifest, prop);
  else prop('provenance', 'unknown');
  return c;
}

function addProvenance(c: CDX.Models.Component, e: ManifestEntry, prop: (name: string, value: string) => void): void {
  prop('provenance', 'msl.lock.json');
  prop('source', describeSource(e.source));
  const url = isUrlSource(e.source) ? e.source.url : `https://huggingface.co/${e.source.hub}/tree/${e.source.revision}`;
  c.externalReferences.add(new CDX.Models.ExternalReference(url, CDX.Enums.ExternalReferenceType.Distribution, { comment: 'source recorded in msl.lock.json' }));
  if (!isUrlSource(e.source)) c.version = e.source.revision;
  if (e.sha256 && e.sha256 !== c.hashes.get(CDX.Enums.HashAlgorithm['SHA-256'])) prop('manifestSha256', e.sha256);
  if (e.license) {
    const id = CDX.SPDX.fixupSpdxId(e.license);
    c.licenses.add(id ? new CDX.Models.SpdxLicense(id) : new CDX.Models.NamedLicense(e.license));
  }
}
