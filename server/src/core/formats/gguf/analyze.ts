// GGUF analyzer: header and metadata (bounded reads only, tensor data never touched), tensor infos
// against the file and alignment, a metadata summary and tensor table, and every chat template
// stored in the metadata checked as a Jinja AST.
import type { ByteSource } from '../../io/byteSource';
import type { AnalysisContext } from '../../context';
import type { TensorInfo } from '../../summary';
import { checkTemplate } from '../chatTemplate/report';
import { fileTypeName, ggmlType, valueTypeName } from './constants';
import { isTemplateKey, readGguf } from './reader';
import { checkTensors, type CheckedTensor } from './tensors';
import { isArrayValue, type GgufFile, type GgufKv, type Problem } from './types';

export const MAX_LISTED_TENSORS = 10_000;
const MAX_METADATA_KEYS = 1000;
const SUMMARY_VALUE_CHARS = 200;

export function hasGgufMagic(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x47 && head[1] === 0x47 && head[2] === 0x55 && head[3] === 0x46;
}

export function analyzeGguf(src: ByteSource, ctx: AnalysisContext): void {
  const read = readGguf(src, { maxHeaderBytes: ctx.limits.maxHeaderBytes, maxNestingDepth: ctx.limits.maxNestingDepth, timeUp: () => ctx.timeUp() });
  report(ctx, read.problems);
  if (read.limit) ctx.limitHit(read.limit.name, { kind: 'bytes', offset: read.limit.offset }, read.limit.detail);
  const file = read.file;
  if (!file) return;
  summarizeMetadata(ctx, file);
  for (const kv of file.kvs) {
    if (isTemplateKey(kv.key) && typeof kv.value === 'string') checkTemplate(ctx, kv.value, () => ({ kind: 'pointer', pointer: `kv:${kv.key}` }));
  }
  if (file.dataStart === undefined) return; // header incomplete: tensor infos were not all read
  const checked = checkTensors(file.tensors, file.alignment, file.dataStart, src.size);
  report(ctx, checked.problems);
  summarizeTensors(ctx, file, checked.checked);
}

function summarizeMetadata(ctx: AnalysisContext, file: GgufFile): void {
  const meta: Record<string, string> = {};
  for (const kv of file.kvs.slice(0, MAX_METADATA_KEYS)) meta[kv.key] = display(kv);
  ctx.summary.metadata = { ...(ctx.summary.metadata ?? {}), ...meta };
  const get = (key: string): GgufKv['value'] | undefined => file.kvs.find((k) => k.key === key)?.value;
  const arch = get('general.architecture');
  const facts: Record<string, string | number | boolean> = {
    ggufVersion: file.version,
    tensorCount: Number(file.tensorCount),
    metadataCount: Number(file.kvCount),
    alignment: file.alignment,
  };
  if (typeof arch === 'string') facts.architecture = arch;
  const name = get('general.name');
  if (typeof name === 'string') facts.name = name.slice(0, SUMMARY_VALUE_CHARS);
  const fileType = get('general.file_type');
  if (typeof fileType === 'number') facts.quantization = fileTypeName(fileType);
  const ctxLen = typeof arch === 'string' ? get(`${arch}.context_length`) : undefined;
  if (typeof ctxLen === 'number' || typeof ctxLen === 'bigint') facts.contextLength = Number(ctxLen);
  if (file.kvs.length > MAX_METADATA_KEYS) facts.metadataListNote = `only the first ${MAX_METADATA_KEYS} of ${file.kvs.length} keys are listed`;
  ctx.summary.facts = { ...(ctx.summary.facts ?? {}), ...facts };
}

function summarizeTensors(ctx: AnalysisContext, file: GgufFile, checked: readonly CheckedTensor[]): void {
  const tensors: TensorInfo[] = checked.slice(0, MAX_LISTED_TENSORS).map((c) => ({
    name: c.info.name,
    dtype: ggmlType(c.info.type)?.name ?? `type ${c.info.type}`,
    shape: c.info.dims.map(Number),
    bytes: c.bytes === undefined ? 0 : Number(c.bytes),
    offset: (file.dataStart ?? 0) + Number(c.info.offset),
  }));
  ctx.summary.tensors = tensors;
  if (checked.length > MAX_LISTED_TENSORS) {
    (ctx.summary.facts ??= {}).tensorListNote = `only the first ${MAX_LISTED_TENSORS} of ${checked.length} tensors are listed; all were checked`;
  }
}

function display(kv: GgufKv): string {
  const v = kv.value;
  if (isArrayValue(v)) {
    const head = v.head.map((x) => (typeof x === 'string' ? JSON.stringify(x) : String(x))).join(', ');
    return clip(`[${valueTypeName(v.elementType)} × ${v.count}]${head ? ` ${head}${v.count > BigInt(v.head.length) ? ', …' : ''}` : ''}`);
  }
  return clip(typeof v === 'string' ? v : String(v));
}

function clip(s: string): string {
  return s.length > SUMMARY_VALUE_CHARS ? `${s.slice(0, SUMMARY_VALUE_CHARS - 1)}…` : s;
}

function report(ctx: AnalysisContext, problems: readonly Problem[]): void {
  for (const p of problems) ctx.report(p.rule, p.init);
}
