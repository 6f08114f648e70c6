// A tiny Python tokenizer for TorchScript sources: dotted names and call sites outside
// strings and comments, with their byte offsets. TorchScript code is generated, regular
// Python; nothing here needs a full grammar.

export interface NameRef {
  /** Dotted chain as written, e.g. `torch.ops.myops.run`. */
  chain: string;
  /** Byte offset of the chain's first character (text is decoded as Latin-1: 1 char = 1 byte). */
  offset: number;
  /** The chain is immediately called: `name(`. */
  called: boolean;
  /** The chain follows `import` or `from` on its line. */
  imported: boolean;
}

const IDENT_START = /[A-Za-z_]/;
const IDENT = /[A-Za-z0-9_]/;
/** Keywords that can sit where a module name is expected. */
const KEYWORDS = new Set(['import', 'from', 'as']);

export function scanNames(text: string): NameRef[] {
  const out: NameRef[] = [];
  let i = 0;
  let lineStart = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      lineStart = i + 1;
      i++;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      i = skipString(text, i);
    } else if (IDENT_START.test(c)) {
      const start = i;
      if (/^[rRbBuUfF]{1,2}['"]/.test(text.slice(i, i + 3))) {
        while (text[i] !== '"' && text[i] !== "'") i++;
        i = skipString(text, i);
        continue;
      }
      while (i < text.length && (IDENT.test(text[i]!) || (text[i] === '.' && IDENT_START.test(text[i + 1] ?? '')))) i++;
      const prev = text.slice(lineStart, start).trim();
      if (KEYWORDS.has(text.slice(start, i))) continue;
      let j = i;
      while (text[j] === ' ' || text[j] === '\t') j++;
      out.push({ chain: text.slice(start, i), offset: start, called: text[j] === '(', imported: isModulePosition(prev) });
    } else {
      i++;
    }
  }
  return out;
}

/** `import a, b` and `from a import ...` name modules; `from a import b` and `as b` do not. */
function isModulePosition(before: string): boolean {
  if (/\bas$/.test(before)) return false;
  return before === 'from' || /^import\b/.test(before);
}

/** Index just past the string literal that opens at `i` (handles triple quotes and escapes). */
function skipString(text: string, i: number): number {
  const q = text[i]!;
  const triple = text.startsWith(q.repeat(3), i);
  const close = triple ? q.repeat(3) : q;
  i += close.length;
  while (i < text.length) {
    if (text[i] === '\\') {
      i += 2;
      continue;
    }
    if (!triple && text[i] === '\n') return i;
    if (text.startsWith(close, i)) return i + close.length;
    i++;
  }
  return i;
}

/** The source line around a byte offset, trimmed, for evidence. */
export function lineAt(text: string, offset: number): { line: number; text: string } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const endAt = text.indexOf('\n', offset);
  const end = endAt < 0 ? text.length : endAt;
  let line = 1;
  for (let k = 0; k < start; k++) if (text.charCodeAt(k) === 10) line++;
  return { line, text: text.slice(start, end).trim().slice(0, 200) };
}
