// Annotated disassembly: one line per executed opcode (offset, name, argument, stack depth) with
// dangerous imports, unknown imports and the break of a malformed stream marked. The machine
// decides what runs (stacked pickles, joblib skips); this module only renders it.
import type { ByteSource } from '../../io/byteSource';
import { resolveLimits, type ScanLimits } from '../../limits';
import { compilePolicy } from '../../policy/grade';
import type { PolicyOptions } from '../../policy/types';
import { bytesRepr, describe, numberRepr, strRepr } from './describe';
import { runPickle } from './machine';
import { OPCODE_BY_CODE, opcodeName } from './opcodes';
import * as text from './text';

export interface DisassemblyLine {
  offset: number;
  opcode: string;
  arg?: string;
  /** Stack depth after the opcode (`depth` or `depth/marks`). */
  stack?: string;
  mark?: 'dangerous' | 'unknown' | 'malformed';
  note?: string;
}

export interface DisassemblyResult {
  lines: DisassemblyLine[];
  truncated: boolean;
  problems: string[];
}

export interface DisassembleOptions {
  maxLines?: number;
  limits?: Partial<ScanLimits>;
  policy?: PolicyOptions;
}

interface Step { offset: number; code: number; depth: number; marks: number }

export function disassemble(src: ByteSource, options: DisassembleOptions = {}): DisassemblyResult {
  const limits = resolveLimits(options.limits);
  const policy = compilePolicy(options.policy);
  const maxLines = options.maxLines ?? 100_000;
  const lines: DisassemblyLine[] = [];
  const problems: string[] = [];
  let truncated = false;
  let offset = 0;
  while (offset < src.size && !truncated) {
    const steps: Step[] = [];
    const r = runPickle(src, offset, {
      limits,
      onStep: (o, code, depth, marks) => {
        if (lines.length + steps.length < maxLines) steps.push({ offset: o, code, depth, marks });
        else truncated = true;
      },
    });
    const notes = new Map<number, Pick<DisassemblyLine, 'mark' | 'note'>>();
    const mark = (at: number, m: DisassemblyLine['mark'], note: string): void => {
      const prev = notes.get(at);
      if (!prev || (m === 'dangerous' && prev.mark !== 'dangerous')) notes.set(at, { mark: m, note });
    };
    for (const imp of r.imports) {
      const g = policy.grade(imp.module, imp.name);
      if (g.verdict === 'allowed') continue;
      const label = g.verdict === 'dangerous' ? 'dangerous' : 'unknown';
      mark(imp.offset, label, `${imp.module}.${imp.name}: ${g.reason}`);
      for (const c of imp.calls) mark(c.offset, label, `calls ${describe(c, 160)}`);
    }
    for (const e of r.events) {
      if (e.kind === 'unresolved') mark(e.offset, 'dangerous', `computed import STACK_GLOBAL(${e.module}, ${e.name})`);
      else if (e.kind === 'ext') mark(e.offset, 'dangerous', `copyreg extension ${e.code}`);
      else if (e.kind === 'mutation') mark(e.offset, 'dangerous', `modifies ${e.target}`);
      else if (e.kind === 'nested') mark(e.offset, 'dangerous', `nested payload for ${e.loader}`);
      else if (e.kind === 'discarded') mark(e.offset, 'dangerous', `discards the result of ${describe(e.call, 120)}`);
      else if (e.kind === 'differential') problems.push(`offset ${e.offset}: ${e.detail}`);
      else if (e.kind === 'joblib-array') notes.set(e.offset, { note: `joblib array data: ${e.length} bytes skipped (${e.detail})` });
    }
    for (const s of steps) {
      const line: DisassemblyLine = { offset: s.offset, opcode: opcodeName(s.code), stack: s.marks > 0 ? `${s.depth}/${s.marks}` : String(s.depth) };
      const arg = argText(src, s.offset, s.code);
      if (arg !== undefined) line.arg = arg;
      Object.assign(line, notes.get(s.offset));
      lines.push(line);
    }
    if (r.error && !truncated) {
      const code = src.read(r.error.offset, 1)[0];
      lines.push({ offset: r.error.offset, opcode: code === undefined ? '<end>' : opcodeName(code), mark: 'malformed', note: r.error.message });
      problems.push(`offset ${r.error.offset}: ${r.error.message}`);
    }
    if (r.limit) problems.push(`offset ${r.limit.offset}: limit ${r.limit.name} reached (${r.limit.detail})`);
    if (!r.complete) break;
    offset = r.end;
  }
  return { lines, truncated, problems };
}

const MARKERS: Record<NonNullable<DisassemblyLine['mark']>, string> = {
  dangerous: '!! DANGEROUS',
  unknown: '?? UNKNOWN',
  malformed: 'XX MALFORMED',
};

/** A stable text listing: `offset: OPCODE arg [stack] marker note`, one opcode per line. */
export function formatDisassembly(result: DisassemblyResult): string {
  const out = result.lines.map((l) => {
    const head = `${String(l.offset).padStart(8)}: ${l.opcode.padEnd(16)} ${l.arg ?? ''}`.padEnd(48);
    const stack = l.stack !== undefined ? ` [${l.stack}]` : '';
    const marker = l.mark ? `  ${MARKERS[l.mark]} ${l.note ?? ''}` : l.note ? `  -- ${l.note}` : '';
    return `${head}${stack}${marker}`.trimEnd();
  });
  if (result.truncated) out.push('... (listing truncated)');
  for (const p of result.problems) out.push(`# ${p}`);
  return `${out.join('\n')}\n`;
}

/** The argument as written in the stream (linear reading), short. */
function argText(src: ByteSource, offset: number, code: number): string | undefined {
  const info = OPCODE_BY_CODE[code];
  if (!info || info.arg === 'none') return undefined;
  const at = offset + 1;
  const head = src.read(at, 9);
  const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const short = (n: number, kind: 'str' | 'bytes' | 'py2', start: number): string => {
    const data = src.read(start, Math.min(n, 256));
    const more = n > 256 ? `…(${n} bytes)` : '';
    if (kind === 'bytes') return bytesRepr(data) + more;
    const s = kind === 'str' ? text.decodeUtf8SurrogatePass(data) ?? text.decodeLatin1(data) : text.decodeUtf8(data) ?? text.decodeLatin1(data);
    return strRepr(s) + more;
  };
  const u64 = (): number => dv.getUint32(0, true) + dv.getUint32(4, true) * 2 ** 32;
  try {
    switch (info.arg) {
      case 'uint1': return String(head[0]);
      case 'uint2': return String(dv.getUint16(0, true));
      case 'int4': return String(dv.getInt32(0, true));
      case 'uint4': return String(dv.getUint32(0, true));
      case 'uint8': return String(u64());
      case 'float8': return numberRepr(dv.getFloat64(0));
      case 'long1': case 'long4': {
        const n = info.arg === 'long1' ? head[0]! : dv.getInt32(0, true);
        return `<${n}-byte int>`;
      }
      case 'string1': return short(head[0]!, 'py2', at + 1);
      case 'string4': return short(dv.getInt32(0, true), 'py2', at + 4);
      case 'bytes1': return short(head[0]!, 'bytes', at + 1);
      case 'bytes4': return short(dv.getUint32(0, true), 'bytes', at + 4);
      case 'bytes8': case 'bytearray8': return short(u64(), 'bytes', at + 8);
      case 'unicode1': return short(head[0]!, 'str', at + 1);
      case 'unicode4': return short(dv.getUint32(0, true), 'str', at + 4);
      case 'unicode8': return short(u64(), 'str', at + 8);
      default: return lineArgs(src, at, info.arg === 'line2nl' ? 2 : 1);
    }
  } catch {
    return undefined; // argument past the end: the malformed line says so
  }
}

function lineArgs(src: ByteSource, at: number, count: number): string {
  const parts: string[] = [];
  let pos = at;
  for (let i = 0; i < count; i++) {
    const chunk = src.read(pos, 1024);
    const nl = chunk.indexOf(0x0a);
    const body = chunk.subarray(0, nl < 0 ? chunk.length : nl);
    parts.push(strRepr(text.decodeUtf8(body) ?? text.decodeLatin1(body)));
    if (nl < 0) break;
    pos += nl + 1;
  }
  return parts.join(' ');
}
