// Where a finding is, in SARIF terms. Scripts get line/column regions; binary files get their
// artifact plus a byte region, and archive members / structure pointers a logical location
// (code scanning shows the file; the logical location tells a reviewer which member).
// Notebook cells: the region is the line:column inside the cell (as Jupyter and VS Code number
// them), with a logical location `cell N` (counted from 1, markdown cells included) saying which
// cell, and `properties.cell` its 0-based index in the notebook's `cells` array.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, Location, Range } from '../../core/findings';

export const SRCROOT = '%SRCROOT%';
export const FINGERPRINT_KEY = 'mslFingerprint/v1';

export interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
  index?: number;
}

export interface SarifRegion {
  startLine?: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
  byteOffset?: number;
  byteLength?: number;
}

export interface SarifLogicalLocation {
  name: string;
  fullyQualifiedName: string;
  kind: string;
}

export interface SarifLocation {
  physicalLocation: { artifactLocation: ArtifactLocation; region?: SarifRegion };
  logicalLocations?: SarifLogicalLocation[];
  properties?: Record<string, unknown>;
}

/** A relative URI under %SRCROOT% (the working directory) when possible, else a file: URI. */
export function artifactLocation(filePath: string, cwd: string): ArtifactLocation {
  const absolute = path.resolve(cwd, filePath);
  const relative = path.relative(cwd, absolute);
  if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) {
    return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  }
  return { uri: pathToFileURL(absolute).href };
}

export function srcRootUri(cwd: string): string {
  const href = pathToFileURL(cwd).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** LSP-style 0-based range → SARIF 1-based region (end column exclusive in both). */
export function textRegion(r: Range): SarifRegion {
  return {
    startLine: r.start.line + 1,
    startColumn: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  };
}

export function sarifLocation(f: Finding, artifact: ArtifactLocation): SarifLocation {
  const l = f.location;
  const loc: SarifLocation = { physicalLocation: { artifactLocation: artifact } };
  const members = memberChain(l);
  switch (l.kind) {
    case 'text':
      loc.physicalLocation.region = textRegion(l.range);
      if (l.cell !== undefined) loc.properties = { cell: l.cell };
      break;
    case 'bytes':
      if (members.length === 0 || l.fileOffset !== undefined) {
        loc.physicalLocation.region = { byteOffset: l.fileOffset ?? l.offset };
        if (l.length !== undefined) loc.physicalLocation.region.byteLength = l.length;
      } else {
        // Inside a compressed member: no byte of the file corresponds; point at the file start
        // and say exactly where in the member.
        loc.physicalLocation.region = { byteOffset: 0 };
      }
      if (members.length > 0) loc.properties = { members, memberOffset: l.offset };
      break;
    case 'pointer':
    case 'file':
      if (members.length > 0) loc.properties = { members };
      break;
  }
  const logical = logicalLocation(l);
  if (logical) loc.logicalLocations = [logical];
  return loc;
}

/** The archive member (kind `resource`) or structure element (kind `object`) a finding is in. */
export function logicalLocation(l: Location): SarifLogicalLocation | undefined {
  const members = memberChain(l);
  const chain = members.join(' > ');
  if (l.kind === 'text' && l.cell !== undefined) return { name: `cell ${l.cell + 1}`, fullyQualifiedName: `cell ${l.cell + 1}`, kind: 'object' };
  if (l.kind === 'pointer') {
    return { name: l.pointer, fullyQualifiedName: chain ? `${chain} > ${l.pointer}` : l.pointer, kind: 'object' };
  }
  if (members.length === 0) return undefined;
  return { name: members[members.length - 1]!, fullyQualifiedName: chain, kind: 'resource' };
}

function memberChain(l: Location): string[] {
  return 'members' in l && l.members ? l.members : [];
}

/**
 * Identity of a finding across runs: rule, file, member chain, pointer and evidence; never byte
 * offsets or line numbers, which shift when unrelated content changes. `ordinal` separates
 * identical findings within one file.
 */
export function fingerprint(f: Finding, uri: string, ordinal: number): string {
  const l = f.location;
  const parts = [f.ruleId, uri, memberChain(l).join('\u0001'), l.kind === 'pointer' ? l.pointer : '', f.evidence ?? '', String(ordinal)];
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

/** Assigns ordinals so that identical (rule, member, evidence) findings in a file stay distinct. */
export function fingerprintsFor(findings: readonly Finding[], uri: string): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const base = fingerprint(f, uri, 0);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : fingerprint(f, uri, n);
  });
}
