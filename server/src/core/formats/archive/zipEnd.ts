// Locating a zip's central directory from the end of the source: the end record (EOCD),
// optionally the zip64 locator and record, and the start delta of an archive that has
// bytes prepended to it (offsets in the directory then point `delta` bytes too early).
import type { ByteSource } from '../../io/byteSource';
import { u16, u32, u64 } from './bytes';
import {
  EOCD_SIZE, MAX_COMMENT, SIG_CENTRAL, SIG_EOCD, SIG_ZIP64_EOCD, SIG_ZIP64_LOCATOR, ZIP64_EOCD_SIZE, ZIP64_LOCATOR_SIZE,
} from './zipTypes';

export interface EndRecord {
  /** Absolute offset of the classic end record. */
  eocdOffset: number;
  /** First byte after the end record's comment. */
  end: number;
  totalEntries: number;
  cdSize: number;
  /** Central directory offset as written (before the start delta). */
  cdOffset: number;
  zip64: boolean;
  /** Where the directory's end should be: the zip64 record when there is one, else the EOCD. */
  directoryEnd: number;
  /** Problems seen while locating (a zip64 locator that points nowhere, ...). */
  notes: string[];
}

/**
 * The last end record whose comment fits in the source, as Python's zipfile and miniz
 * search for it (backwards over at most 64 KiB of comment). Undefined when there is none.
 */
export function findEndRecord(src: ByteSource): EndRecord | undefined {
  const windowStart = Math.max(0, src.size - EOCD_SIZE - MAX_COMMENT);
  const tail = src.read(windowStart, src.size - windowStart);
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail[i] !== 0x50 || u32(tail, i) !== SIG_EOCD) continue;
    const commentLength = u16(tail, i + 20);
    if (i + EOCD_SIZE + commentLength > tail.length) continue;
    return parseEnd(src, tail, i, windowStart);
  }
  return undefined;
}

function parseEnd(src: ByteSource, tail: Uint8Array, i: number, windowStart: number): EndRecord {
  const eocdOffset = windowStart + i;
  const rec: EndRecord = {
    eocdOffset,
    end: eocdOffset + EOCD_SIZE + u16(tail, i + 20),
    totalEntries: u16(tail, i + 10),
    cdSize: u32(tail, i + 12),
    cdOffset: u32(tail, i + 16),
    zip64: false,
    directoryEnd: eocdOffset,
    notes: [],
  };
  const needs64 = rec.totalEntries === 0xffff || rec.cdSize === 0xffffffff || rec.cdOffset === 0xffffffff;
  const locatorAt = eocdOffset - ZIP64_LOCATOR_SIZE;
  const locator = locatorAt >= 0 ? src.read(locatorAt, ZIP64_LOCATOR_SIZE) : new Uint8Array(0);
  if (u32(locator, 0) !== SIG_ZIP64_LOCATOR) {
    if (needs64) rec.notes.push('the end record needs zip64 values but no zip64 locator precedes it');
    return rec;
  }
  // The zip64 record normally sits right before its locator; a prepended archive moves it,
  // so look there first and at the written offset second.
  const written = u64(locator, 8);
  for (const at of [locatorAt - ZIP64_EOCD_SIZE, written]) {
    if (!Number.isFinite(at) || at < 0) continue;
    const r = src.read(at, ZIP64_EOCD_SIZE);
    if (r.length < ZIP64_EOCD_SIZE || u32(r, 0) !== SIG_ZIP64_EOCD) continue;
    rec.zip64 = true;
    rec.directoryEnd = at;
    rec.totalEntries = u64(r, 32);
    rec.cdSize = u64(r, 40);
    rec.cdOffset = u64(r, 48);
    return rec;
  }
  rec.notes.push(`the zip64 locator points at offset ${written}, where there is no zip64 end record`);
  return rec;
}

/**
 * Start delta: how many bytes precede the archive. The directory ends where the end record
 * begins, so a directory that claims an earlier offset is shifted by the prepended bytes.
 * Falls back to the written offset when nothing sits at the shifted one (data inserted
 * between the directory and the end record instead).
 */
export function startDelta(src: ByteSource, rec: EndRecord): number {
  const delta = rec.directoryEnd - rec.cdSize - rec.cdOffset;
  if (delta === 0 || !Number.isFinite(delta)) return 0;
  const isCentral = (at: number): boolean => at >= 0 && u32(src.read(at, 4), 0) === SIG_CENTRAL;
  if (delta > 0 && isCentral(rec.cdOffset + delta)) return delta;
  if (isCentral(rec.cdOffset)) return 0;
  return delta > 0 ? delta : 0;
}
