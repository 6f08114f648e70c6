// Checks over tar members: names that escape, links (and where they point), duplicates, device
// nodes, pax names that differ from the header. Pure: members in, problems out.
import type { FindingInit } from '../../findings';
import { DUPLICATE_MEMBER, LENIENT_ANOMALY, LINK_MEMBER, UNEXPECTED_MEMBER, UNSAFE_MEMBER_NAME } from '../../rules/archive';
import type { RuleMeta } from '../../rules/types';
import { unsafeNameReason } from '../archive/zipChecks';
import type { TarMember } from './reader';

export interface TarIssue { rule: RuleMeta; init: FindingInit }

const MAX_PER_KIND = 20;
const DEVICE_TYPES: Record<string, string> = { '3': 'character device', '4': 'block device', '6': 'FIFO' };

/** True when `target`, resolved from the directory of `member`, leaves the archive root. */
export function linkEscapes(member: string, target: string, hard: boolean): boolean {
  if (target.startsWith('/') || /^[A-Za-z]:/.test(target) || target.includes('\\')) return true;
  // Hard link targets are archive paths; symlink targets are relative to the link's folder.
  const parts = hard ? [] : member.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') {
      if (parts.length === 0) return true;
      parts.pop();
    } else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return false;
}

export function checkTarMembers(members: readonly TarMember[]): TarIssue[] {
  const out: TarIssue[] = [];
  const counts = new Map<string, number>();
  const lastOfKind = new Map<string, TarIssue>();
  const add = (kind: string, rule: RuleMeta, init: FindingInit): void => {
    const n = (counts.get(kind) ?? 0) + 1;
    counts.set(kind, n);
    if (n > MAX_PER_KIND) return;
    const issue = { rule, init };
    out.push(issue);
    lastOfKind.set(kind, issue);
  };
  const byName = new Map<string, TarMember[]>();
  for (const m of members) {
    const at = { kind: 'bytes' as const, offset: m.headerOffset, length: 512 };
    const reason = unsafeNameReason(m.name.replace(/\/$/, '') || m.name);
    if (reason) add('name', UNSAFE_MEMBER_NAME, { message: `Member name ${JSON.stringify(m.name)} contains ${reason}.`, location: at, evidence: m.name });
    if (m.headerName !== undefined && m.headerName !== m.name) {
      add('pax', LENIENT_ANOMALY, {
        message: `Member ${JSON.stringify(m.name)} is named ${JSON.stringify(m.headerName)} in its 512-byte header; readers that ignore pax or GNU long-name records see a different file.`,
        location: at,
        evidence: `${m.headerName} -> ${m.name}`,
        severity: 'medium',
      });
    }
    if (m.linkname !== undefined) {
      const hard = m.type === '1';
      const escapes = linkEscapes(m.name, m.linkname, hard);
      add('link', LINK_MEMBER, {
        message: `Member ${JSON.stringify(m.name)} is a ${hard ? 'hard' : 'symbolic'} link to ${JSON.stringify(m.linkname)}${escapes ? ', outside the extraction folder' : ''}.`,
        location: at,
        evidence: `${m.name} -> ${m.linkname}`,
        ...(escapes ? { severity: 'high' as const } : {}),
      });
    }
    const device = DEVICE_TYPES[m.type];
    if (device) add('device', UNEXPECTED_MEMBER, { message: `Member ${JSON.stringify(m.name)} is a ${device}; model archives hold regular files only.`, location: at, evidence: `type ${m.type}` });
    if (m.type !== '5') byName.set(m.name, [...(byName.get(m.name) ?? []), m]);
  }
  for (const [name, list] of byName) {
    if (list.length < 2) continue;
    add('dup', DUPLICATE_MEMBER, {
      message: `${list.length} members are named ${JSON.stringify(name)}; extraction keeps the last one, other readers may use another. Every copy was analysed.`,
      location: { kind: 'bytes', offset: list[1]!.headerOffset, length: 512 },
      evidence: `${name} at header offsets ${list.map((m) => m.headerOffset).join(', ')}`,
    });
  }
  for (const [kind, n] of counts) {
    if (n <= MAX_PER_KIND) continue;
    const last = lastOfKind.get(kind)!;
    last.init = { ...last.init, message: `${last.init.message} (${n - MAX_PER_KIND} more of this kind not listed)` };
  }
  return out;
}
