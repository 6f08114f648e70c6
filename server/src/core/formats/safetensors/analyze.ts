// safetensors analyzer: header, tensor table, data-area layout and `__metadata__`. Reads the header
// and nothing else; unaccounted regions and embedded payloads are routed through detection so a
// pickle hidden in slack space or in metadata is analysed like any other.
import { BufferByteSource, SliceByteSource, type ByteSource } from '../../io/byteSource';
import type { AnalysisContext } from '../../context';
import { SAFETENSORS_EMBEDDED_PAYLOAD, SAFETENSORS_METADATA_MALFORMED, SAFETENSORS_UNACCOUNTED } from '../../rules/safetensors';
import { pointerToken } from '../json/strictJson';
import type { TensorInfo } from '../../summary';
import { readSafetensorsHeader } from './header';
import { checkLayout, numel, regionProblem } from './layout';
import { checkMetadata } from './metadata';
import { dtypeBits } from './dtypes';
import type { Problem, SafetensorsHeader } from './types';

/** Tensors listed in the summary; the total is always in `facts.tensorCount`. */
export const MAX_LISTED_TENSORS = 10_000;
/** Unaccounted regions routed through detection (each is reported either way). */
const MAX_ROUTED_REGIONS = 8;
const MAX_REGION_FINDINGS = 20;

/** safetensors: u64 little-endian header length, then a JSON object that fits in the file. */
export function hasSafetensorsMagic(head: Uint8Array, src: ByteSource): boolean {
  if (head.length < 10 || head[8] !== 0x7b /* { */) return false;
  const n = new DataView(head.buffer, head.byteOffset, 8).getBigUint64(0, true);
  return n >= 2n && n <= BigInt(src.size - 8);
}

export async function analyzeSafetensors(src: ByteSource, ctx: AnalysisContext): Promise<void> {
  const read = readSafetensorsHeader(src, ctx.limits.maxHeaderBytes);
  report(ctx, read.problems);
  if (read.overLimit) {
    ctx.limitHit('maxHeaderBytes', { kind: 'bytes', offset: 0, length: 8 }, `the safetensors header declares ${read.overLimit.declared} bytes`);
    return;
  }
  const header = read.header;
  if (!header) return;
  const dataLength = src.size - header.dataStart;
  const layout = checkLayout(header.tensors, dataLength);
  report(ctx, layout.problems);
  layout.regions.slice(0, MAX_REGION_FINDINGS).forEach((r) => report(ctx, [regionProblem(r, header.dataStart)]));
  if (layout.regions.length > MAX_REGION_FINDINGS) {
    ctx.report(SAFETENSORS_UNACCOUNTED, {
      message: `${layout.regions.length - MAX_REGION_FINDINGS} more unaccounted region(s) were not listed one by one.`,
      location: { kind: 'file' },
    });
  }
  summarize(ctx, header, dataLength);
  await checkMetadataOf(ctx, header);
  for (const r of layout.regions.slice(0, MAX_ROUTED_REGIONS)) {
    if (ctx.timeUp()) break;
    const name = `safetensors ${r.kind} @${header.dataStart + r.begin}`;
    await ctx.analyzeNested(new SliceByteSource(src, header.dataStart + r.begin, r.end - r.begin), name);
  }
}

async function checkMetadataOf(ctx: AnalysisContext, header: SafetensorsHeader): Promise<void> {
  if (header.metadataNotObject) {
    ctx.report(SAFETENSORS_METADATA_MALFORMED, { message: '`__metadata__` is not an object.', location: { kind: 'pointer', pointer: '/__metadata__' } });
  }
  if (!header.metadata) return;
  const meta = checkMetadata(header.metadata);
  report(ctx, meta.problems);
  ctx.summary.metadata = { ...(ctx.summary.metadata ?? {}), ...meta.summary };
  for (const blob of meta.blobs) {
    ctx.report(SAFETENSORS_EMBEDDED_PAYLOAD, {
      message: `The metadata value "${blob.key}" is base64 that decodes to a ${blob.kind} (${blob.bytes.length} bytes); it was analysed as a nested file.`,
      location: { kind: 'pointer', pointer: `/__metadata__/${pointerToken(blob.key)}` },
      evidence: blob.kind,
    });
    await ctx.analyzeNested(new BufferByteSource(blob.bytes), `__metadata__/${blob.key} (base64)`);
  }
}

function summarize(ctx: AnalysisContext, header: SafetensorsHeader, dataLength: number): void {
  const tensors: TensorInfo[] = header.tensors.slice(0, MAX_LISTED_TENSORS).map((t) => {
    const bits = dtypeBits(t.dtype);
    return {
      name: t.name,
      dtype: t.dtype,
      shape: t.shape.map(Number),
      bytes: bits === undefined ? Number(t.end - t.begin) : Number((numel(t.shape) * BigInt(bits)) / 8n),
      offset: Number(BigInt(header.dataStart) + t.begin),
    };
  });
  ctx.summary.tensors = tensors;
  ctx.summary.facts = {
    ...(ctx.summary.facts ?? {}),
    headerBytes: header.headerLength,
    dataBytes: dataLength,
    tensorCount: header.tensors.length,
  };
  if (header.tensors.length > MAX_LISTED_TENSORS) {
    ctx.summary.facts.tensorsListed = MAX_LISTED_TENSORS;
    ctx.summary.facts.tensorListNote = `only the first ${MAX_LISTED_TENSORS} of ${header.tensors.length} tensors are listed; all were checked`;
  }
}

function report(ctx: AnalysisContext, problems: readonly Problem[]): void {
  for (const p of problems) ctx.report(p.rule, p.init);
}
