// A zip reader over ByteSource that reads only the directory and the local headers.
// Lenient where PyTorch's reader is (prepended bytes, flag bits, CRCs are not verified here),
// and it keeps every record, including duplicates and overlapping ones, for the checks.
import type { ByteSource } from '../../io/byteSource';
import type { ScanLimits } from '../../limits';
import { ARCHIVE_MALFORMED, EXTRA_BYTES } from '../../rules/archive';
import { u32 } from './bytes';
import { readCentralDirectory } from './zipCentral';
import { findEndRecord, startDelta } from './zipEnd';
import { readLocalHeader } from './zipLocal';
import { SIG_CENTRAL, SIG_EOCD, SIG_LOCAL, type ZipDataRange, type ZipDirectory, type ZipEntry, type ZipProblem } from './zipTypes';

export * from './zipTypes';

export interface ZipMember {
  entry: ZipEntry;
  /** Located data; absent when the local header is unreadable (a problem says why). */
  data?: ZipDataRange;
  localFlags?: number;
  localMethod?: number;
  /** The declared compressed size when the file ends before the member's data does. */
  truncatedFrom?: number;
}

export interface ZipArchive extends ZipDirectory {
  members: ZipMember[];
}

/**
 * Signature test: a local header or an empty archive's end record at the start, or else an
 * end record that closes the file exactly and a central directory where it says (an archive
 * with bytes prepended). Exactness keeps pickles that merely embed zip bytes out.
 */
export function looksLikeZip(head: Uint8Array, src: ByteSource): boolean {
  const sig = u32(head, 0);
  if (sig === SIG_LOCAL || sig === SIG_EOCD) return true;
  if (src.size < 22) return false;
  const rec = findEndRecord(src);
  if (!rec || rec.end !== src.size || rec.totalEntries === 0) return false;
  return u32(src.read(rec.cdOffset + startDelta(src, rec), 4), 0) === SIG_CENTRAL;
}

/** Reads the archive's structure. Undefined when no end record exists (not a readable zip). */
export function readZip(src: ByteSource, limits: ScanLimits): ZipArchive | undefined {
  const rec = findEndRecord(src);
  if (!rec) return undefined;
  const problems: ZipProblem[] = rec.notes.map((n) => ({
    rule: ARCHIVE_MALFORMED,
    init: { message: `Zip structure: ${n}.`, location: { kind: 'bytes', offset: rec.eocdOffset } },
  }));
  const delta = startDelta(src, rec);
  const centralOffset = rec.cdOffset + delta;
  const cd = readCentralDirectory(src, rec, centralOffset, delta, limits);
  problems.push(...cd.problems);
  if (rec.end < src.size) {
    problems.push({
      rule: EXTRA_BYTES,
      init: {
        message: `${src.size - rec.end} bytes follow the zip's end record; zip readers ignore them.`,
        location: { kind: 'bytes', offset: rec.end, length: src.size - rec.end },
        evidence: `trailing bytes at ${rec.end}..${src.size}`,
      },
    });
  }
  const members = cd.entries.map((entry) => locate(src, entry, problems));
  return {
    entries: cd.entries,
    members,
    startDelta: delta,
    eocdOffset: rec.eocdOffset,
    end: rec.end,
    centralOffset,
    zip64: rec.zip64,
    problems,
    limitHits: cd.limitHits,
  };
}

function locate(src: ByteSource, entry: ZipEntry, problems: ZipProblem[]): ZipMember {
  const local = readLocalHeader(src, entry);
  if (!local.ok) {
    problems.push({
      rule: ARCHIVE_MALFORMED,
      init: { message: `Zip member ${entry.name} cannot be read: ${local.reason}.`, location: { kind: 'bytes', offset: entry.centralOffset }, evidence: entry.name },
    });
    return { entry };
  }
  const m: ZipMember = { entry, data: local.range, localFlags: local.localFlags, localMethod: local.localMethod };
  if (local.truncatedFrom !== undefined) {
    m.truncatedFrom = local.truncatedFrom;
    problems.push({
      rule: ARCHIVE_MALFORMED,
      init: {
        message: `Zip member ${entry.name} is truncated: ${local.truncatedFrom} bytes declared at offset ${local.range.start}, ${local.range.length} present. The present part was analysed.`,
        location: { kind: 'bytes', offset: local.range.start, length: local.range.length },
        evidence: entry.name,
      },
    });
  }
  return m;
}
