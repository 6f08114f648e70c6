// Tar archives (plain, or inside gz/bz2/xz through the decompression analyzer): structure checks,
// then every regular member routed by its bytes. Legacy PyTorch `.tar` checkpoints (members
// `sys_info`, `pickle`, `storages`, `tensors`) are tar archives of pickles and get their pickles analysed.
import type { AnalysisContext } from '../../context';
import { SliceByteSource, type ByteSource } from '../../io/byteSource';
import { ARCHIVE_MALFORMED, EXTRA_BYTES, MEMBER_NOT_ANALYSED } from '../../rules/archive';
import type { ArchiveMemberInfo } from '../../summary';
import { sniff } from '../archive/zipMembers';
import type { FormatId } from '../types';
import { checkTarMembers } from './checks';
import { looksLikeTar } from './header';
import { readTar, type TarMember, type TarProblem } from './reader';

const HEAD = 4096;
const TORCH_LEGACY = ['pickle', 'storages', 'tensors'];

export function hasTarMagic(head: Uint8Array): boolean {
  return looksLikeTar(head);
}

export async function analyzeTar(src: ByteSource, ctx: AnalysisContext): Promise<void> {
  const tar = readTar(src, ctx.limits.maxArchiveEntries);
  for (const p of tar.problems) reportProblem(p, ctx);
  if (tar.limitHit) ctx.limitHit('maxArchiveEntries', { kind: 'bytes', offset: tar.limitHit.offset }, tar.limitHit.detail);
  for (const issue of checkTarMembers(tar.members)) ctx.report(issue.rule, issue.init);
  const names = new Set(tar.members.map((m) => m.name));
  const torch = TORCH_LEGACY.every((n) => names.has(n));
  if (torch) ctx.refineFormat('pytorch-legacy');
  if (ctx.depth === 0) ctx.summary.facts = { ...ctx.summary.facts, tarMembers: tar.members.length, ...(torch ? { tarFlavour: 'pytorch-legacy' } : {}) };
  const infos = record(tar.members, ctx);
  for (let i = 0; i < tar.members.length; i++) {
    const m = tar.members[i]!;
    if (ctx.timeUp()) {
      ctx.limitHit('maxWallTimeMs', { kind: 'bytes', offset: m.headerOffset }, `before member ${m.name}`);
      return;
    }
    const format = await analyzeMember(src, m, torch, ctx);
    if (format) infos[i]!.format = format;
  }
}

function reportProblem(p: TarProblem, ctx: AnalysisContext): void {
  const location = { kind: 'bytes' as const, offset: p.offset };
  if (p.kind === 'trailing') ctx.report(EXTRA_BYTES, { message: `In the tar archive, ${p.message}.`, location, evidence: p.message });
  else if (p.kind === 'sparse') ctx.report(MEMBER_NOT_ANALYSED, { message: `In the tar archive, ${p.message}; its content was not analysed.`, location, evidence: p.message });
  else ctx.report(ARCHIVE_MALFORMED, { message: `The tar archive is ${p.kind === 'truncated' ? 'truncated' : 'malformed'}: ${p.message}.`, location, evidence: p.message });
}

function record(members: readonly TarMember[], ctx: AnalysisContext): ArchiveMemberInfo[] {
  const prefix = ctx.members.length > 0 ? `${ctx.members.join('!/')}!/` : '';
  const infos = members.map((m) => ({ name: prefix + m.name, size: m.size, compressedSize: m.size, method: 0, offset: m.headerOffset }));
  ctx.summary.members = [...(ctx.summary.members ?? []), ...infos];
  return infos;
}

async function analyzeMember(src: ByteSource, m: TarMember, torch: boolean, ctx: AnalysisContext): Promise<FormatId | undefined> {
  if ((m.type !== '0' && m.type !== '7') || m.present === 0) return undefined;
  const data = new SliceByteSource(src, m.dataOffset, m.present);
  // torch.load unpickles these members of a legacy tar checkpoint whatever their first bytes are.
  const format = torch && TORCH_LEGACY.concat('sys_info').includes(m.name) ? 'pickle' : sniff(data.read(0, HEAD), m.name);
  if (!format) return undefined;
  return ctx.analyzeNested(data, m.name, format);
}
