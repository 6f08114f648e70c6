// Zip archives (PyTorch checkpoints, TorchScript, .npz, .keras, plain zips): structure checks,
// flavour, then every member that is a pickle or another analysable format, found by magic.
import type { AnalysisContext } from '../../context';
import { SliceByteSource, type ByteSource } from '../../io/byteSource';
import { ARCHIVE_MALFORMED, EXTRA_BYTES } from '../../rules/archive';
import type { ArchiveMemberInfo } from '../../summary';
import { analyzeMember, sniff } from './zipMembers';
import { looksLikeZip, readZip, type ZipArchive } from './zip';
import { checkMembers } from './zipChecks';
import { classifyZip } from './zipFlavour';
import { formatById } from '../registry';
import type { FormatId } from '../types';
import { pickleLoadImports } from '../pickle/analyzer';

export function hasZipMagic(head: Uint8Array, src: ByteSource): boolean {
  return looksLikeZip(head, src);
}

export async function analyzeZipFile(src: ByteSource, ctx: AnalysisContext): Promise<void> {
  const zip = readZip(src, ctx.limits);
  if (!zip) {
    ctx.report(ARCHIVE_MALFORMED, {
      message: 'The file starts like a zip archive but has no end-of-central-directory record; zip readers (and torch.load) cannot open it, and its members were not analysed.',
      location: { kind: 'bytes', offset: 0, length: 4 },
      evidence: 'no end of central directory record',
    });
    await analyseLeadingPickle(src, ctx);
    return;
  }
  for (const p of zip.problems) ctx.report(p.rule, p.init);
  for (const h of zip.limitHits) ctx.limitHit(h.limit, { kind: 'bytes', offset: h.offset }, h.detail);
  for (const p of checkMembers(zip.members, ctx.limits)) ctx.report(p.rule, p.init);
  const flavour = classifyZip(zip.entries.map((e) => e.name));
  // Refine only to formats the registry defines (keras-v3 belongs to the Keras work; the flavour
  // is still recorded in the facts).
  if (formatById(flavour.format)) ctx.refineFormat(flavour.format);
  ctx.summary.facts = { ...ctx.summary.facts, ...(ctx.depth === 0 ? { zipEntries: zip.entries.length, zipFlavour: flavour.format } : {}) };
  const infos = recordMembers(zip, ctx);
  const prefixFormat = zip.startDelta > 0 ? await analysePrefix(src, zip, ctx) : await analyseForeignStart(src, ctx);
  if (prefixFormat !== 'pickle') await analyseLeadingPickle(src, ctx);
  for (let i = 0; i < zip.members.length; i++) {
    if (ctx.timeUp()) {
      ctx.limitHit('maxWallTimeMs', { kind: 'bytes', offset: zip.members[i]!.entry.localHeaderOffset }, `before member ${zip.members[i]!.entry.name}`);
      return;
    }
    const format = await analyzeMember(src, zip.members[i]!, flavour, ctx);
    if (format) infos[i]!.format = format;
  }
}

/** Members go into the summary; a nested archive's names carry their chain (`outer!/inner`). */
function recordMembers(zip: ZipArchive, ctx: AnalysisContext): ArchiveMemberInfo[] {
  const prefix = ctx.members.length > 0 ? `${ctx.members.join('!/')}!/` : '';
  const infos = zip.entries.map((e) => ({
    name: prefix + e.name,
    size: e.uncompressedSize,
    compressedSize: e.compressedSize,
    method: e.method,
    offset: e.localHeaderOffset,
  }));
  ctx.summary.members = [...(ctx.summary.members ?? []), ...infos];
  return infos;
}

/**
 * Bytes before the archive. Zip readers skip them; `torch.load` looks at the first bytes and,
 * seeing no zip, unpickles them: a prefix that is itself a pickle is a second payload.
 */
async function analysePrefix(src: ByteSource, zip: ZipArchive, ctx: AnalysisContext): Promise<FormatId | undefined> {
  const prefix = new SliceByteSource(src, 0, zip.startDelta);
  const found = sniff(prefix.read(0, 4096), '');
  ctx.report(EXTRA_BYTES, {
    message: found
      ? `${zip.startDelta} bytes precede the zip archive and they are a ${found} stream: zip readers see the archive, readers that look at the first bytes (torch.load) see the ${found}. Both were analysed.`
      : `${zip.startDelta} bytes precede the zip archive; zip readers (PyTorch's included) skip them.`,
    location: { kind: 'bytes', offset: 0, length: zip.startDelta },
    evidence: `archive starts at offset ${zip.startDelta}`,
    ...(found ? { severity: 'high' as const } : {}),
  });
  if (found) await ctx.analyzeNested(prefix, '<prepended data>', found);
  return found;
}

/**
 * A file whose directory says the archive starts at 0 but whose first bytes are not a local
 * header: readers that sniff the start (pickle.load, torch.load's legacy path) read something
 * else there. If that is an analysable stream, it is analysed as such.
 */
async function analyseForeignStart(src: ByteSource, ctx: AnalysisContext): Promise<FormatId | undefined> {
  const head = src.read(0, 4096);
  if (startsWithLocalHeader(src)) return undefined;
  const found = sniff(head, '');
  if (found && found !== 'zip') await ctx.analyzeNested(src, '<leading data>', found);
  return found;
}

/**
 * pickle.load() and torch.load's legacy path run the pickle machine from offset 0 over the whole
 * file, whatever the sniffers say about a short or odd prefix. When that reading imports or
 * calls something, the whole file is analysed as a pickle; otherwise nothing is said (the bytes
 * are a zip after all).
 */
async function analyseLeadingPickle(src: ByteSource, ctx: AnalysisContext): Promise<void> {
  // `PK` is itself a pickle (PERSID swallows `K\x03\x04...` up to a newline), so even a regular
  // zip start is read; there only a bounded window, so tensor payloads stay unread.
  const view = startsWithLocalHeader(src) ? new SliceByteSource(src, 0, Math.min(src.size, LOCAL_HEADER_PICKLE_WINDOW)) : src;
  if (!pickleLoadImports(view, ctx)) return;
  await ctx.analyzeNested(src, '<leading data>', 'pickle');
}

/** How far into a zip that starts with a local header the leading pickle reading may go. */
const LOCAL_HEADER_PICKLE_WINDOW = 1024 * 1024;

function startsWithLocalHeader(src: ByteSource): boolean {
  const h = src.read(0, 4);
  return h.length >= 4 && h[0] === 0x50 && h[1] === 0x4b && h[2] === 3 && h[3] === 4;
}
