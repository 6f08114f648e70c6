// Tensors whose dims declare far more bytes than the data they carry. Exporters store every value,
// so such a tensor is crafted; a runtime that sizes the buffer from the dims before checking the
// data allocates the declared size. Computed from dims only; payloads are never read.
import type { AnalysisContext } from '../../context';
import { ONNX_DECLARED_SIZE } from '../../rules/onnx';
import { dataTypeName, type OnnxModel, type OnnxTensor } from './types';
import { allGraphs, allNodes } from './walk';

/** Bits per element of the fixed-size TensorProto data types (strings and unknown types are skipped). */
const BITS: Record<number, number> = {
  1: 32, 2: 8, 3: 8, 4: 16, 5: 16, 6: 32, 7: 64, 9: 8, 10: 16, 11: 64, 12: 32, 13: 64, 14: 64, 15: 128, 16: 16,
  17: 8, 18: 8, 19: 8, 20: 8, 21: 4, 22: 4, 23: 4,
};
/** Varint fields hold at least a byte per element, so no encoding is 8x denser than the type: 16x is safe. */
const RATIO = 16n;
const FLOOR = 64n << 20n;
const CAP = 1n << 40n;
const U64 = 1n << 64n;
const MAX_FINDINGS = 20;

export function checkDeclaredSizes(m: OnnxModel, ctx: AnalysisContext): void {
  const tensors: { t: OnnxTensor; where: string }[] = [];
  for (const { graph, path } of allGraphs(m)) for (const t of graph.initializers) tensors.push({ t, where: `tensor:${path}${t.name}` });
  for (const { node, path } of allNodes(m)) {
    for (const a of node.attributes) if (a.t) tensors.push({ t: a.t, where: `node:${path}` });
  }
  let reported = 0;
  for (const { t, where } of tensors) {
    const bits = BITS[t.dataType];
    if (bits === undefined || t.external || t.dataLocation === 1) continue;
    let numel = 1n;
    for (const d of t.dims) numel *= BigInt(Number.isFinite(d) && d > 0 ? Math.trunc(d) : 0);
    const bytes = (numel * BigInt(bits) + 7n) / 8n;
    const overflow = numel >= U64 || bytes >= U64;
    const payload = BigInt(t.payloadBytes);
    const limit = payload * RATIO > FLOOR ? payload * RATIO : FLOOR;
    if (!overflow && bytes <= CAP && bytes <= limit) continue;
    if (++reported > MAX_FINDINGS) continue;
    const size = overflow ? 'a size that overflows 64 bits' : `${bytes} bytes`;
    ctx.report(ONNX_DECLARED_SIZE, {
      message: `Tensor '${t.name}' declares dims [${t.dims.join(', ')}] of ${dataTypeName(t.dataType)}, ${size}, but carries ${t.payloadBytes} bytes of data; ` +
        'a runtime that allocates from the dims before checking the data exhausts memory.',
      location: { kind: 'pointer', pointer: where },
      evidence: `dims=[${t.dims.join(', ')}] ${dataTypeName(t.dataType)} declared=${bytes} bytes${overflow ? ' (overflows 64 bits)' : ''} payload=${t.payloadBytes} bytes`,
      severity: overflow || bytes >= 1n << 30n ? 'high' : 'medium',
    });
  }
  if (reported > MAX_FINDINGS) {
    ctx.report(ONNX_DECLARED_SIZE, {
      message: `${reported - MAX_FINDINGS} more tensors declare sizes far beyond their data; only the first ${MAX_FINDINGS} are listed.`,
      location: { kind: 'file' },
    });
  }
}
