// A strict, bounded tar reader over a ByteSource: every member with its header offset, data
// range, effective name (pax / GNU long names applied) and link target. Pure: bytes in, records
// and problems out. Data is located, never read, except pax and GNU long-name records.
import type { ByteSource } from '../../io/byteSource';
import { BLOCK, checksumOk, isZeroBlock, parseHeader, parsePax } from './header';

export interface TarMember {
  name: string;
  /** Name in the 512-byte header when a pax or GNU record overrode it. */
  headerName?: string;
  type: string;
  size: number;
  headerOffset: number;
  dataOffset: number;
  /** Bytes of data present in the file (less than `size` when truncated). */
  present: number;
  linkname?: string;
}

export interface TarProblem {
  kind: 'malformed' | 'truncated' | 'trailing' | 'sparse';
  message: string;
  offset: number;
}

export interface TarArchive {
  members: TarMember[];
  problems: TarProblem[];
  /** Offset just after the end-of-archive marker (or where reading stopped). */
  end: number;
  limitHit?: { offset: number; detail: string };
}

/** pax and GNU long-name records larger than this are not believed. */
const MAX_META_RECORD = 1024 * 1024;

const pad = (n: number): number => Math.ceil(n / BLOCK) * BLOCK;

export function readTar(src: ByteSource, maxEntries: number): TarArchive {
  const out: TarArchive = { members: [], problems: [], end: 0 };
  let at = 0;
  let pax = new Map<string, string>();
  let longName: string | undefined;
  let longLink: string | undefined;
  let entries = 0;
  while (at + BLOCK <= src.size) {
    const block = src.read(at, BLOCK);
    if (isZeroBlock(block)) {
      out.end = at + BLOCK;
      checkTrailing(src, at + BLOCK, out);
      return out;
    }
    if (++entries > maxEntries) {
      out.limitHit = { offset: at, detail: `after ${maxEntries} tar headers` };
      out.end = at;
      return out;
    }
    if (!checksumOk(block)) {
      out.problems.push({ kind: 'malformed', message: `the header at offset ${at} has a wrong checksum; Python's tarfile stops reading here and the rest of the file was not analysed`, offset: at });
      out.end = at;
      return out;
    }
    const h = parseHeader(block);
    const size = h.type === '1' || h.type === '2' || h.type === '5' ? 0 : h.size;
    if (size === undefined) {
      out.problems.push({ kind: 'malformed', message: `the header at offset ${at} has an unreadable size field`, offset: at });
      out.end = at;
      return out;
    }
    const dataOffset = at + BLOCK;
    const present = Math.max(0, Math.min(size, src.size - dataOffset));
    if (h.type === 'x' || h.type === 'g' || h.type === 'L' || h.type === 'K') {
      if (size > MAX_META_RECORD || present < size) {
        out.problems.push({ kind: 'malformed', message: `the ${h.type === 'x' || h.type === 'g' ? 'pax' : 'GNU long-name'} record at offset ${at} declares ${size} bytes${present < size ? ` but only ${present} are present` : ''}`, offset: at });
        out.end = at;
        return out;
      }
      const data = src.read(dataOffset, size);
      if (h.type === 'x') pax = parsePax(data);
      else if (h.type === 'L') longName = nulTerminated(data);
      else if (h.type === 'K') longLink = nulTerminated(data);
      at = dataOffset + pad(size);
      continue;
    }
    const headerName = h.prefix ? `${h.prefix}/${h.name}` : h.name;
    const name = pax.get('path') ?? longName ?? headerName;
    const m: TarMember = { name, type: h.type === '\0' ? '0' : h.type, size, headerOffset: at, dataOffset, present };
    if (name !== headerName) m.headerName = headerName;
    const link = pax.get('linkpath') ?? longLink ?? h.linkname;
    if (h.type === '1' || h.type === '2') m.linkname = link;
    if (h.type === 'S') out.problems.push({ kind: 'sparse', message: `member ${name} is a GNU sparse file, whose data map the scanner does not decode`, offset: at });
    if (present < size) out.problems.push({ kind: 'truncated', message: `member ${name} declares ${size} bytes at offset ${dataOffset} but the file ends after ${present}`, offset: at });
    out.members.push(m);
    pax = new Map();
    longName = undefined;
    longLink = undefined;
    at = dataOffset + pad(size);
  }
  out.end = Math.min(at, src.size);
  if (at < src.size || out.members.length > 0) {
    out.problems.push({ kind: 'truncated', message: 'the archive has no end-of-archive marker (two zero blocks); it is truncated', offset: out.end });
  }
  return out;
}

function nulTerminated(b: Uint8Array): string {
  const end = b.indexOf(0);
  return Buffer.from(end >= 0 ? b.subarray(0, end) : b).toString('utf8');
}

/** Writers pad with zeros to a record size; anything else after the end marker is extra data. */
function checkTrailing(src: ByteSource, from: number, out: TarArchive): void {
  const window = src.read(from, Math.min(src.size - from, 1024 * 1024));
  const first = window.findIndex((b) => b !== 0);
  if (first >= 0) out.problems.push({ kind: 'trailing', message: `non-zero data follows the end-of-archive marker at offset ${from + first}`, offset: from + first });
}
