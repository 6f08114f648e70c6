// Wording shared by the report's sections.
import type { Location, Severity } from '../../server/src/core/findings';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[u]} (${n.toLocaleString('en-US')} bytes)`;
}

/** `archive/data.pkl @ 0x2a`, `line 3:5`, a pointer, or `whole file`. */
export function placeLabel(l: Location): string {
  const chain = 'members' in l && l.members && l.members.length > 0 ? l.members.join(' › ') : '';
  switch (l.kind) {
    case 'bytes': {
      const at = `@ ${hex(l.offset)}${l.length !== undefined ? ` (${l.length} B)` : ''}`;
      const abs = l.fileOffset !== undefined && chain ? `, file ${hex(l.fileOffset)}` : '';
      return chain ? `${chain} ${at}${abs}` : `offset ${hex(l.offset)}${l.length !== undefined ? ` (${l.length} B)` : ''}`;
    }
    case 'text':
      return `line ${l.range.start.line + 1}:${l.range.start.character + 1}`;
    case 'pointer':
      return chain ? `${chain} ${l.pointer}` : l.pointer;
    case 'file':
      return chain || 'whole file';
  }
}

export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}
