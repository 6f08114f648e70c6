// Central directory records, bounded by the entry and header-size limits.
import type { ByteSource } from '../../io/byteSource';
import type { ScanLimits } from '../../limits';
import { ARCHIVE_MALFORMED } from '../../rules/archive';
import { decodeName, u16, u32, u64 } from './bytes';
import type { EndRecord } from './zipEnd';
import { CENTRAL_HEADER_SIZE, SIG_CENTRAL, type ZipEntry, type ZipLimitHit, type ZipProblem } from './zipTypes';

export interface CentralResult {
  entries: ZipEntry[];
  problems: ZipProblem[];
  limitHits: ZipLimitHit[];
}

/**
 * Walks the records from `start` for `rec.cdSize` bytes. Records beyond the end record's
 * count are still read (strict where attacks live: a reader that trusts the size sees them).
 */
export function readCentralDirectory(src: ByteSource, rec: EndRecord, start: number, delta: number, limits: ScanLimits): CentralResult {
  const out: CentralResult = { entries: [], problems: [], limitHits: [] };
  let size = Math.min(rec.cdSize, Math.max(0, src.size - start));
  if (size < rec.cdSize) {
    out.problems.push(malformed(`the central directory claims ${rec.cdSize} bytes at offset ${start} but the file ends after ${size}`, start));
  }
  if (size > limits.maxHeaderBytes) {
    out.limitHits.push({ limit: 'maxHeaderBytes', offset: start, detail: `central directory of ${size} bytes` });
    size = limits.maxHeaderBytes;
  }
  const cd = src.read(start, size);
  let at = 0;
  while (at + CENTRAL_HEADER_SIZE <= cd.length) {
    if (u32(cd, at) !== SIG_CENTRAL) {
      out.problems.push(malformed(`a central directory record is expected at offset ${start + at} but its signature is missing`, start + at));
      break;
    }
    if (out.entries.length >= limits.maxArchiveEntries) {
      out.limitHits.push({ limit: 'maxArchiveEntries', offset: start + at, detail: `after ${out.entries.length} entries` });
      break;
    }
    const nameLength = u16(cd, at + 28);
    const extraLength = u16(cd, at + 30);
    const commentLength = u16(cd, at + 32);
    const recordEnd = at + CENTRAL_HEADER_SIZE + nameLength + extraLength + commentLength;
    if (recordEnd > cd.length) {
      out.problems.push(malformed(`the central directory record at offset ${start + at} runs past the directory's end`, start + at));
      break;
    }
    out.entries.push(parseRecord(cd, at, start + at, out.entries.length, delta, nameLength, extraLength));
    at = recordEnd;
  }
  if (out.limitHits.length === 0 && out.entries.length !== rec.totalEntries) {
    out.problems.push(
      malformed(`the end record counts ${rec.totalEntries} entries but the central directory holds ${out.entries.length} readable records`, start),
    );
  }
  return out;
}

function parseRecord(cd: Uint8Array, at: number, absolute: number, index: number, delta: number, nameLength: number, extraLength: number): ZipEntry {
  const nameStart = at + CENTRAL_HEADER_SIZE;
  const name = decodeName(cd.subarray(nameStart, nameStart + nameLength));
  const entry: ZipEntry = {
    index,
    name,
    flags: u16(cd, at + 8),
    method: u16(cd, at + 10),
    crc32: u32(cd, at + 16),
    compressedSize: u32(cd, at + 20),
    uncompressedSize: u32(cd, at + 24),
    localHeaderOffset: u32(cd, at + 42),
    centralOffset: absolute,
    isDirectory: name.endsWith('/') && u32(cd, at + 24) === 0,
  };
  applyZip64Extra(entry, cd.subarray(nameStart + nameLength, nameStart + nameLength + extraLength));
  entry.localHeaderOffset += delta;
  return entry;
}

/** The zip64 extra field (id 1) carries, in order, only the values whose 32-bit field is saturated. */
function applyZip64Extra(entry: ZipEntry, extra: Uint8Array): void {
  let at = 0;
  while (at + 4 <= extra.length) {
    const id = u16(extra, at);
    const len = u16(extra, at + 2);
    if (id === 0x0001) {
      const body = extra.subarray(at + 4, at + 4 + len);
      let p = 0;
      const next = (): number | undefined => (p + 8 <= body.length ? u64(body, (p += 8) - 8) : undefined);
      if (entry.uncompressedSize === 0xffffffff) entry.uncompressedSize = next() ?? entry.uncompressedSize;
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next() ?? entry.compressedSize;
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next() ?? entry.localHeaderOffset;
      return;
    }
    at += 4 + len;
  }
}

function malformed(message: string, offset: number): ZipProblem {
  return { rule: ARCHIVE_MALFORMED, init: { message: `Zip structure: ${message}.`, location: { kind: 'bytes', offset } } };
}
