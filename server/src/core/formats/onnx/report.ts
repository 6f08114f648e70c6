// The ONNX part of the structural summary: versions, opsets, domains, op histogram, inputs and
// outputs with symbolic dimensions, and the initializer table (payload offsets and sizes).
import type { ModelSummary, TensorInfo } from '../../summary';
import { dataTypeName, type OnnxModel, type OnnxTensor, type OnnxValueInfo } from './types';
import { allGraphs, allNodes } from './walk';

const MAX_TENSORS = 2000;

const ITEM_BYTES: Record<number, number> = { 1: 4, 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8, 9: 1, 10: 2, 11: 8, 12: 4, 13: 8, 14: 8, 15: 16, 16: 2, 17: 1, 18: 1, 19: 1, 20: 1 };

export function describeValue(v: OnnxValueInfo): string {
  const shape = v.shape ? `[${v.shape.map((d) => (d === null ? '?' : String(d))).join(',')}]` : '';
  return `${v.name}: ${dataTypeName(v.elemType)}${shape}`;
}

export function summarize(m: OnnxModel, summary: ModelSummary, nodeCount: number, externalFiles: string[]): void {
  const ops: Record<string, number> = {};
  for (const { node } of allNodes(m)) {
    const key = node.domain && node.domain !== 'ai.onnx' ? `${node.domain}::${node.opType}` : node.opType;
    ops[key] = (ops[key] ?? 0) + 1;
  }
  const g = m.graph;
  const initNames = new Set(g?.initializers.map((t) => t.name) ?? []);
  summary.graph = {
    ops,
    inputs: (g?.inputs ?? []).filter((v) => !initNames.has(v.name)).map(describeValue),
    outputs: (g?.outputs ?? []).map(describeValue),
  };
  const tensors = allGraphs(m).flatMap(({ graph }) => graph.initializers);
  summary.tensors = tensors.slice(0, MAX_TENSORS).map(tensorInfo);
  const domains = [...new Set(allNodes(m).map(({ node }) => node.domain || 'ai.onnx'))].sort();
  summary.facts = {
    ...summary.facts,
    onnxIrVersion: m.irVersion ?? 'absent',
    onnxOpsets: m.opsets.map((o) => `${o.domain || 'ai.onnx'}:${o.version}`).join(', '),
    onnxDomains: domains.join(', '),
    onnxProducer: [m.producerName, m.producerVersion].filter(Boolean).join(' '),
    nodeCount,
    tensorCount: tensors.length,
    functionCount: m.functions.length,
    ...(externalFiles.length > 0 ? { onnxExternalDataFiles: externalFiles.join(', ') } : {}),
  };
  if (m.metadata.length > 0) {
    summary.metadata = { ...summary.metadata, ...Object.fromEntries(m.metadata.slice(0, 200).map((e) => [e.key, e.value.length > 200 ? `${e.value.slice(0, 200)}…` : e.value])) };
  }
}

function tensorInfo(t: OnnxTensor): TensorInfo {
  const numel = t.dims.reduce((a, b) => a * b, 1);
  const info: TensorInfo = { name: t.name, dtype: dataTypeName(t.dataType), shape: t.dims, bytes: t.payloadBytes || numel * (ITEM_BYTES[t.dataType] ?? 0) };
  if (t.dataOffset !== undefined) info.offset = t.dataOffset;
  return info;
}
