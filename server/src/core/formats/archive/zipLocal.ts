// Local headers: where a member's data really starts. Readers (miniz, Python's zipfile) skip
// the local header using the LOCAL name and extra lengths, which may differ from the central
// directory's; so do we, and the difference is reported.
import type { ByteSource } from '../../io/byteSource';
import { decodeName, u16, u32 } from './bytes';
import { LOCAL_HEADER_SIZE, SIG_LOCAL, type ZipDataRange, type ZipEntry } from './zipTypes';

export type LocalResult =
  | { ok: true; range: ZipDataRange; localFlags: number; localMethod: number; truncatedFrom?: number }
  | { ok: false; reason: string };

export function readLocalHeader(src: ByteSource, entry: ZipEntry): LocalResult {
  const at = entry.localHeaderOffset;
  if (!Number.isFinite(at) || at < 0 || at + LOCAL_HEADER_SIZE > src.size) {
    return { ok: false, reason: `its local header offset ${at} lies outside the file (${src.size} bytes)` };
  }
  const h = src.read(at, LOCAL_HEADER_SIZE);
  if (u32(h, 0) !== SIG_LOCAL) return { ok: false, reason: `no local header signature at offset ${at}` };
  const nameLength = u16(h, 26);
  const extraLength = u16(h, 28);
  const start = at + LOCAL_HEADER_SIZE + nameLength + extraLength;
  const range: ZipDataRange = { start, length: entry.compressedSize };
  const localName = decodeName(src.read(at + LOCAL_HEADER_SIZE, nameLength));
  if (localName !== entry.name) range.localName = localName;
  const result: LocalResult = { ok: true, range, localFlags: u16(h, 6), localMethod: u16(h, 8) };
  // Truncated data: keep what exists, so a pickle cut short is still analysed up to the cut.
  if (start + entry.compressedSize > src.size) {
    result.truncatedFrom = entry.compressedSize;
    range.length = Math.max(0, src.size - start);
  }
  return result;
}
