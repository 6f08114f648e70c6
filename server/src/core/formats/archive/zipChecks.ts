// Checks over an archive's records: names, duplicates, overlaps, flags, encryption, methods,
// declared ratios. Pure: records in, problems out.
import type { FindingInit } from '../../findings';
import type { ScanLimits } from '../../limits';
import type { RuleMeta } from '../../rules/types';
import {
  COMPRESSION_BOMB, DUPLICATE_MEMBER, LENIENT_ANOMALY, MEMBER_NOT_ANALYSED, OVERLAPPING_MEMBERS, UNSAFE_MEMBER_NAME,
} from '../../rules/archive';
import type { ZipMember } from './zip';
import {
  DECODED_METHODS, FLAG_ENCRYPTED, FLAG_STRONG_ENCRYPTION, ORDINARY_FLAGS, type ZipProblem,
} from './zipTypes';

/** Findings per kind stop here; the last one says how many more there were. */
const MAX_PER_KIND = 20;

export function unsafeNameReason(name: string): string | undefined {
  if (name.length === 0) return 'an empty name';
  if (name.includes('\\')) return 'a backslash (a path separator on Windows)';
  if (name.startsWith('/')) return 'an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'a drive letter';
  if (name.split('/').includes('..')) return 'a `..` path component';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'control characters';
  return undefined;
}

export function checkMembers(members: readonly ZipMember[], limits: ScanLimits): ZipProblem[] {
  const out = new ProblemList();
  for (const m of members) {
    const e = m.entry;
    const at = { kind: 'bytes' as const, offset: e.centralOffset };
    const reason = unsafeNameReason(e.name);
    if (reason) out.add('name', UNSAFE_MEMBER_NAME, { message: `Member name ${JSON.stringify(e.name)} contains ${reason}.`, location: at, evidence: e.name });
    if (e.flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) {
      out.add('enc', MEMBER_NOT_ANALYSED, { message: `Member ${e.name} is encrypted; its content was not analysed.`, location: at, evidence: `flags 0x${e.flags.toString(16)}` });
    } else if (!DECODED_METHODS.has(e.method) && !e.isDirectory) {
      out.add('method', MEMBER_NOT_ANALYSED, {
        message: `Member ${e.name} uses compression method ${e.method}, which the scanner does not decode; its content was not analysed.`,
        location: at,
        evidence: `method ${e.method}`,
      });
    }
    const odd = (e.flags | (m.localFlags ?? 0)) & ~ORDINARY_FLAGS & 0xffff;
    if (odd) {
      out.add('flags', LENIENT_ANOMALY, {
        message: `Member ${e.name} sets unusual general-purpose flag bits 0x${odd.toString(16)}; loaders ignore them, strict readers reject the archive.`,
        location: at,
        evidence: `flags 0x${e.flags.toString(16)} (local 0x${(m.localFlags ?? 0).toString(16)})`,
      });
    }
    if (m.data?.localName !== undefined) {
      out.add('lname', LENIENT_ANOMALY, {
        message: `Member ${JSON.stringify(e.name)} is named ${JSON.stringify(m.data.localName)} in its local header; tools that read local headers see a different file.`,
        location: at,
        evidence: m.data.localName,
        severity: 'medium',
      });
    }
    if (m.localMethod !== undefined && m.localMethod !== e.method) {
      out.add('lmethod', LENIENT_ANOMALY, {
        message: `Member ${e.name} declares method ${e.method} in the central directory and ${m.localMethod} in its local header.`,
        location: at,
        evidence: e.name,
      });
    }
    const ratio = e.compressedSize > 0 ? e.uncompressedSize / e.compressedSize : 0;
    if (ratio > limits.maxCompressionRatio) {
      out.add('bomb', COMPRESSION_BOMB, {
        message: `Member ${e.name} declares ${e.uncompressedSize} bytes from ${e.compressedSize} compressed (ratio ${Math.round(ratio)}, limit ${limits.maxCompressionRatio}).`,
        location: at,
        evidence: `${e.name}: ${e.compressedSize} -> ${e.uncompressedSize} bytes`,
      });
    }
  }
  duplicates(members, out);
  overlaps(members, out);
  return out.items;
}

function duplicates(members: readonly ZipMember[], out: ProblemList): void {
  const byName = new Map<string, ZipMember[]>();
  for (const m of members) {
    const list = byName.get(m.entry.name);
    if (list) list.push(m);
    else byName.set(m.entry.name, [m]);
  }
  for (const [name, list] of byName) {
    if (list.length < 2) continue;
    out.add('dup', DUPLICATE_MEMBER, {
      message:
        `${list.length} members are named ${JSON.stringify(name)} (central directory records ${list.map((m) => m.entry.index).join(', ')}). ` +
        "Python's zipfile reads the last one, other readers may read another; every copy was analysed.",
      location: { kind: 'bytes', offset: list[1]!.entry.centralOffset },
      evidence: `${name} at local offsets ${list.map((m) => m.entry.localHeaderOffset).join(', ')}`,
    });
  }
}

/** Sweep over [local header, end of data) ranges sorted by start. */
function overlaps(members: readonly ZipMember[], out: ProblemList): void {
  const ranges = members
    .filter((m) => m.data)
    .map((m) => ({ m, start: m.entry.localHeaderOffset, end: m.data!.start + m.data!.length }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  let reach = ranges[0];
  for (let i = 1; i < ranges.length; i++) {
    const r = ranges[i]!;
    if (reach && r.start < reach.end) {
      out.add('overlap', OVERLAPPING_MEMBERS, {
        message: `Member ${r.m.entry.name} (bytes ${r.start}..${r.end}) overlaps member ${reach.m.entry.name} (bytes ${reach.start}..${reach.end}).`,
        location: { kind: 'bytes', offset: r.start, length: Math.min(r.end, reach.end) - r.start },
        evidence: `${reach.m.entry.name} and ${r.m.entry.name} share bytes ${r.start}..${Math.min(r.end, reach.end)}`,
      });
    }
    if (!reach || r.end > reach.end) reach = r;
  }
}

/** Findings per kind stop at a cap; the last listed one says that more exist. */
class ProblemList {
  readonly items: ZipProblem[] = [];
  private readonly counts = new Map<string, number>();
  add(kind: string, rule: RuleMeta, init: FindingInit): void {
    const n = this.counts.get(kind) ?? 0;
    this.counts.set(kind, n + 1);
    if (n < MAX_PER_KIND) this.items.push({ rule, init });
    else if (n === MAX_PER_KIND) this.items.push({ rule, init: { ...init, message: `${init.message} Further findings of this kind are not listed.` } });
  }
}
