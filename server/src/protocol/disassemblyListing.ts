// The pickle disassembly laid out as one listing (a header line per stream, then one line per
// opcode), shared by the "Show Disassembly" document and the report view so both number lines
// the same way. Pure: no engine code, no Node APIs (the webview bundles it).
import type { ModelDisassembly } from '../core/disasm';

export type LineMark = 'dangerous' | 'unknown' | 'malformed';

export interface ListingLine {
  text: string;
  kind: 'header' | 'op' | 'note' | 'blank';
  mark?: LineMark;
  /** Byte offset of the opcode within its stream's source (member or file). */
  offset?: number;
  /** Index into `Listing.streams`. */
  stream: number;
}

export interface ListingStream {
  members: string[];
  offset: number;
  /** Index of the stream's header line in `Listing.lines`. */
  headerLine: number;
}

export interface Listing {
  lines: ListingLine[];
  streams: ListingStream[];
}

const OFFSET = /^\s*(\d+):/;

export function buildListing(d: ModelDisassembly, fileName: string): Listing {
  const lines: ListingLine[] = [];
  const streams: ListingStream[] = [];
  d.streams.forEach((s, stream) => {
    if (stream > 0) lines.push({ text: '', kind: 'blank', stream });
    streams.push({ members: [...s.members], offset: s.offset, headerLine: lines.length });
    const where = s.members.length > 0 ? s.members.join(' > ') : fileName;
    lines.push({ text: `# ${where} @ 0x${s.offset.toString(16)}`, kind: 'header', stream });
    const dangerous = new Set(s.dangerousLines);
    const body = s.text.endsWith('\n') ? s.text.slice(0, -1) : s.text;
    body.split('\n').forEach((text, i) => {
      const m = OFFSET.exec(text);
      const line: ListingLine = { text, kind: m ? 'op' : 'note', stream };
      if (m) line.offset = Number(m[1]);
      const mark = dangerous.has(i) ? 'dangerous' : markOf(text);
      if (mark) line.mark = mark;
      lines.push(line);
    });
  });
  return { lines, streams };
}

function markOf(text: string): LineMark | undefined {
  if (text.includes('!! DANGEROUS')) return 'dangerous';
  if (text.includes('XX MALFORMED')) return 'malformed';
  if (text.includes('?? UNKNOWN')) return 'unknown';
  return undefined;
}

export function listingText(l: Listing): string {
  return `${l.lines.map((x) => x.text).join('\n')}\n`;
}

/** The text after the marker of a marked line ("os.system: runs a shell command"), for diagnostics. */
export function markNote(line: ListingLine): string {
  const m = /(?:!! DANGEROUS|\?\? UNKNOWN|XX MALFORMED)\s*(.*)$/.exec(line.text);
  const note = m?.[1]?.trim();
  const label = line.mark === 'dangerous' ? 'Dangerous operation' : line.mark === 'unknown' ? 'Import not on the allowlist' : 'Malformed stream';
  return note ? `${label}: ${note}` : label;
}

/**
 * The listing line of a byte location: the opcode at `offset` (or the last one before it) in the
 * stream of the same archive member that starts at or before `offset`.
 */
export function lineForLocation(l: Listing, members: readonly string[] | undefined, offset: number): number | undefined {
  const chain = members ?? [];
  let best: number | undefined;
  let bestOffset = -1;
  l.lines.forEach((line, i) => {
    if (line.offset === undefined || line.offset > offset || line.offset < bestOffset) return;
    const s = l.streams[line.stream]!;
    if (s.members.length !== chain.length || s.members.some((m, k) => m !== chain[k])) return;
    best = i;
    bestOffset = line.offset;
  });
  return best;
}
