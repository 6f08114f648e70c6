// Offsets <-> LSP positions. web-tree-sitter parses JS strings as UTF-16, so node indices are
// already UTF-16 code-unit offsets into the text; lines are split the way LSP splits them
// (\n, \r\n and a lone \r), which tree-sitter's own rows do not do for a lone \r.
import type { Position, Range } from '../findings';

export class LineIndex {
  /** Offset of the first character of every line. */
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) this.starts.push(i + 1);
      else if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  lineStart(line: number): number {
    return this.starts[line];
  }

  position(offset: number): Position {
    const line = this.lineOf(offset);
    return { line, character: offset - this.starts[line] };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  /** The line break used at the end of `line` (the text's first one, or \n, when it has none). */
  lineBreak(line: number): string {
    const next = line + 1 < this.starts.length ? this.starts[line + 1] : -1;
    if (next > 0) return this.text.charCodeAt(next - 2) === 13 && this.text.charCodeAt(next - 1) === 10 ? '\r\n' : this.text[next - 1];
    const m = /\r\n|\n|\r/.exec(this.text);
    return m ? m[0] : '\n';
  }
}

/** Source text for messages and evidence: one line, at most `max` characters. */
export function oneLine(text: string, max = 200): string {
  const flat = text.replace(/\s*(?:\r\n|\n|\r)\s*/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
