// What a manifest entry says about itself, without touching the file: its source (plain HTTP,
// unpinned Hub revision, typo-squatted organisation) and its licence against its recorded use.
import { createFinding, type Finding, type Location } from '../findings';
import { HUB_ORG_TYPOSQUAT, HUB_SOURCE_UNPINNED, LICENSE_FORBIDS_USE, SOURCE_PLAIN_HTTP } from '../rules/modelProvenance';
import { COMMIT_SHA, isUrlSource, MANIFEST_FILE_NAME, type ManifestEntry } from './manifest';
import { licenseConflict } from './licenses';
import { describeTyposquat, typosquatOf } from './typosquat';

export function entryFindings(entry: ManifestEntry, cardLicense?: string): Finding[] {
  const out: Finding[] = [];
  const at = (key: string): Location => ({ kind: 'pointer', pointer: `${MANIFEST_FILE_NAME}#${entry.path}/${key}` });
  const s = entry.source;
  if (isUrlSource(s)) {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(s.url)?.[1]?.toLowerCase();
    if (scheme === 'http' || scheme === 'ftp') {
      out.push(createFinding(SOURCE_PLAIN_HTTP, { message: `The recorded source of ${entry.path} is fetched over plain ${scheme.toUpperCase()}: ${s.url}`, location: at('source/url'), evidence: s.url }));
    }
    const hubOrg = /^https?:\/\/(?:www\.)?huggingface\.co\/([^/]+)\/[^/]+/i.exec(s.url)?.[1];
    if (hubOrg) pushTyposquat(out, hubOrg, entry, at('source/url'));
  } else {
    if (!COMMIT_SHA.test(s.revision)) {
      out.push(createFinding(HUB_SOURCE_UNPINNED, {
        message: `The recorded source of ${entry.path} is \`${s.hub}\` at \`${s.revision}\`, which is not a 40-hex commit id and can move.`,
        location: at('source/revision'),
        evidence: `${s.hub}@${s.revision}`,
      }));
    }
    pushTyposquat(out, s.hub.split('/')[0]!, entry, at('source/hub'));
  }
  const license = entry.license ?? cardLicense;
  if (license && entry.use) {
    const c = licenseConflict(license, entry.use);
    if (c) {
      out.push(createFinding(LICENSE_FORBIDS_USE, {
        message: `${entry.path} is licensed \`${c.license}\` (${c.note}) but the manifest records its use as \`${c.use}\`.`,
        location: at('use'),
        evidence: `license ${c.license}, use ${c.use}`,
      }));
    }
  }
  return out;
}

function pushTyposquat(out: Finding[], org: string, entry: ManifestEntry, location: Location): void {
  const hit = typosquatOf(org);
  if (!hit) return;
  out.push(createFinding(HUB_ORG_TYPOSQUAT, { message: `${describeTyposquat(hit)} (source of ${entry.path})`, location, evidence: org }));
}
