// TFLite: bounds-checked flatbuffer walk, then findings for custom and Flex operators, references
// outside the file or tables, and an op histogram for the report.
import type { AnalysisContext } from '../../context';
import type { ByteSource } from '../../io/byteSource';
import { TFLITE_BUFFER_OUT_OF_FILE, TFLITE_CUSTOM_OP, TFLITE_FLEX_OP, TFLITE_MALFORMED, TFLITE_UNUSUAL_VERSION } from '../../rules/tflite';
import { DANGEROUS_FLEX_OPS } from './builtinOps';
import { parseTflite, type OpCode, type TfliteModel } from './model';

const MAX_ITEMS = 5_000_000;
const MAX_OPS_IN_SUMMARY = 200;

export function hasTfliteMagic(head: Uint8Array): boolean {
  return head.length >= 8 && head[4] === 0x54 && head[5] === 0x46 && head[6] === 0x4c && head[7] === 0x33; // "TFL3"
}

export function analyzeTflite(src: ByteSource, ctx: AnalysisContext): void {
  const m = parseTflite(src, { maxItems: MAX_ITEMS, timeUp: () => ctx.timeUp() });
  for (const p of m.problems) {
    ctx.report(p.kind === 'malformed' ? TFLITE_MALFORMED : TFLITE_BUFFER_OUT_OF_FILE, {
      message: `${p.message}.`,
      location: { kind: 'bytes', offset: p.offset },
      evidence: p.message,
    });
  }
  if (m.truncated === 'wall time') ctx.limitHit('maxWallTimeMs', { kind: 'file' }, 'TFLite walk');
  else if (m.truncated) ctx.limitHit('maxArchiveEntries', { kind: 'file' }, m.truncated);
  if (m.version !== 3 && m.problems.length === 0) {
    ctx.report(TFLITE_UNUSUAL_VERSION, {
      message: m.version === undefined ? 'The model table has no schema version.' : `The model declares schema version ${m.version}; TFLite writes 3.`,
      location: { kind: 'bytes', offset: 0, length: 8 },
      evidence: `version=${m.version ?? 'absent'}`,
    });
  }
  for (const op of m.opcodes) reportOpcode(op, m.uses.get(op.index) ?? 0, ctx);
  summarise(m, ctx);
}

function reportOpcode(op: OpCode, uses: number, ctx: AnalysisContext): void {
  if (op.custom === undefined) return;
  const location = { kind: 'pointer' as const, pointer: `opcode:${op.index}` };
  const usage = `used by ${uses} operator${uses === 1 ? '' : 's'}`;
  if (op.custom.startsWith('Flex')) {
    const tfOp = op.custom.slice(4);
    const dangerous = DANGEROUS_FLEX_OPS.has(tfOp);
    ctx.report(TFLITE_FLEX_OP, {
      message: dangerous
        ? `Operator code ${op.index} is the TensorFlow op ${tfOp} run through the Flex delegate (${usage}); it reads or writes files, calls Python or talks to other processes.`
        : `Operator code ${op.index} is the TensorFlow op ${tfOp} run through the Flex delegate (${usage}).`,
      location,
      evidence: `custom_code=${op.custom}`,
      ...(dangerous ? { severity: 'critical' as const } : {}),
    });
    return;
  }
  ctx.report(TFLITE_CUSTOM_OP, {
    message: `Operator code ${op.index} is the custom operator ${JSON.stringify(op.custom)} (${usage}); it needs native code registered by the application.`,
    location,
    evidence: `custom_code=${op.custom}${op.builtin !== 32 ? ` builtin_code=${op.builtin}` : ''}`,
  });
}

function summarise(m: TfliteModel, ctx: AnalysisContext): void {
  const ops: Record<string, number> = {};
  const entries = m.opcodes.map((op) => [op.name, m.uses.get(op.index) ?? 0] as const).sort((a, b) => b[1] - a[1]);
  for (const [name, n] of entries.slice(0, MAX_OPS_IN_SUMMARY)) ops[name] = (ops[name] ?? 0) + n;
  ctx.summary.graph = { ops };
  const facts: Record<string, string | number | boolean> = {
    tfliteVersion: m.version ?? -1,
    subgraphs: m.subgraphs.length,
    operators: m.subgraphs.reduce((a, s) => a + s.operators, 0),
    tensors: m.subgraphs.reduce((a, s) => a + s.tensors, 0),
    buffers: m.buffers,
  };
  if (m.description) facts.description = m.description.slice(0, 120);
  ctx.summary.facts = { ...ctx.summary.facts, ...facts };
  if (m.metadata.length > 0) {
    const meta: Record<string, string> = { ...ctx.summary.metadata };
    for (const e of m.metadata.slice(0, 50)) meta[e.name.slice(0, 80)] = e.value ?? `buffer ${e.buffer}`;
    ctx.summary.metadata = meta;
  }
}
