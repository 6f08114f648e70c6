// Input synthesis: names, types and shapes from the runtime session, symbolic dimensions fixed
// (batch 1, the others from the size ladder in dims.ts), value ranges from the graph's
// normalisation nodes, comparisons or metadata (else [0, 1], said so), and NCHW/NHWC image
// layouts recognised.
import type { OnnxGraph, OnnxModel } from '../formats/onnx/types';
import { comparedValue, flatGraphOf, MAX_CONTROL_ELEMENTS } from './compared';
import { batchDimNames, dimRole, dimSize } from './dims';
import { PROBE_DTYPES, type ImageLayout, type ProbeDType, type ProbeInput, type SessionValue, type ValueRange } from './types';

export interface InputSynthesis {
  inputs: ProbeInput[];
  /** Symbolic dimension name -> value, for the session's free-dimension overrides. */
  freeDimensionOverrides: Record<string, number>;
  /** Symbolic dimensions that are neither the batch nor image channels: the ones the ladder grows. */
  freeDims: string[];
  /** Inputs the probes cannot feed, with the reason. */
  unsupported: string[];
}

/** `rung` picks the sizes of free dimensions from the ladder (0 = smallest). */
export function synthesizeInputs(session: readonly SessionValue[], model?: OnnxModel, rung = 0): InputSynthesis {
  const overrides: Record<string, number> = {};
  const free = new Set<string>();
  const unsupported: string[] = [];
  const inputs: ProbeInput[] = [];
  const declaredByName = new Map((model?.graph?.inputs ?? []).map((v) => [v.name, v.shape]));
  const declaredOf = (v: SessionValue) => (v.shape ?? declaredByName.get(v.name) ?? []).map((d) => (typeof d === 'number' && d >= 0 ? d : typeof d === 'string' && d ? d : '?'));
  const batch = batchDimNames(session.map(declaredOf));
  const flat = flatGraphOf(model);
  for (const v of session) {
    if (!v.isTensor || !v.type || !(PROBE_DTYPES as readonly string[]).includes(v.type)) {
      unsupported.push(`${v.name} (${v.isTensor ? v.type ?? 'unknown type' : 'not a tensor'})`);
      continue;
    }
    const declared = declaredOf(v);
    const dtype = v.type as ProbeDType;
    const layout = dtype.startsWith('float') ? imageLayout(declared) : undefined;
    const shape = declared.map((d, i) => {
      if (typeof d === 'number') return d;
      if (d !== '?' && overrides[d] !== undefined) return overrides[d]!;
      const role = dimRole(d, i, declared.length, layout, batch);
      const size = dimSize(role, rung);
      if (d !== '?') overrides[d] = size;
      if (d !== '?' && (role === 'free' || role === 'image')) free.add(d);
      return size;
    });
    const input: ProbeInput = { name: v.name, dtype, shape, declared, range: controlRange(dtype, v.name, declared, flat) ?? valueRange(dtype, v.name, model) };
    if (layout) input.layout = layout;
    inputs.push(input);
  }
  return { inputs, freeDimensionOverrides: overrides, freeDims: [...free], unsupported };
}

/** A small fixed-shape integer input the graph compares with a constant gets that constant. */
function controlRange(dtype: ProbeDType, name: string, declared: readonly (number | string)[], flat: ReturnType<typeof flatGraphOf>): ValueRange | undefined {
  if (dtype.startsWith('float') || dtype === 'bool') return undefined;
  if (!declared.every((d) => typeof d === 'number') || declared.reduce<number>((a, d) => a * (d as number), 1) > MAX_CONTROL_ELEMENTS) return undefined;
  const g = flat();
  const c = g && comparedValue(g, name);
  if (!c || c.value < INTEGER_LIMITS[dtype]![0] || c.value > INTEGER_LIMITS[dtype]![1]) return undefined;
  return { lo: c.value, hi: c.value, source: 'comparison', detail: `the graph compares it with a constant (${c.detail}): ${c.value} is fed` };
}

/** Values each integer input type can hold (int64: the doubles that stay exact). */
const INTEGER_LIMITS: Partial<Record<ProbeDType, [number, number]>> = {
  uint8: [0, 255], int8: [-128, 127], int32: [-(2 ** 31), 2 ** 31 - 1], int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

const CHANNELS = new Set([1, 3, 4]);
const spatial = (d: number | string) => typeof d === 'string' || d >= 8;

/** Rank 4 with a channel dimension of 1, 3 or 4 next to two spatial ones; NCHW wins ties. */
export function imageLayout(shape: readonly (number | string)[]): ImageLayout | undefined {
  if (shape.length !== 4) return undefined;
  const [, a, b, c] = shape as [number | string, number | string, number | string, number | string];
  if (typeof a === 'number' && CHANNELS.has(a) && spatial(b) && spatial(c)) return 'NCHW';
  if (typeof c === 'number' && CHANNELS.has(c) && spatial(a) && spatial(b)) return 'NHWC';
  if (typeof a === 'string' && typeof b === 'number' && typeof c === 'number' && b >= 8 && c >= 8) return 'NCHW';
  return undefined;
}

export function valueRange(dtype: ProbeDType, input: string, model?: OnnxModel): ValueRange {
  if (dtype === 'uint8') return { lo: 0, hi: 255, source: 'dtype', detail: 'uint8 input' };
  if (dtype === 'int8') return { lo: -128, hi: 127, source: 'dtype', detail: 'int8 input' };
  if (dtype === 'bool') return { lo: 0, hi: 1, source: 'dtype', detail: 'bool input' };
  if (dtype === 'int32' || dtype === 'int64') return { lo: 0, hi: 1, source: 'assumed', detail: 'integer input: indices 0 and 1 only (safe for embeddings)' };
  const fromMeta = model && rangeFromMetadata(model);
  if (fromMeta) return fromMeta;
  const fromGraph = model?.graph && rangeFromNormalisation(model.graph, input);
  return fromGraph ?? { lo: 0, hi: 1, source: 'assumed', detail: 'no normalisation node or metadata found: [0, 1] assumed' };
}

function rangeFromMetadata(model: OnnxModel): ValueRange | undefined {
  for (const e of model.metadata) {
    if (!/range/i.test(e.key)) continue;
    const nums = e.value.match(/-?\d+(?:\.\d+)?/g)?.map(Number);
    if (nums && nums.length === 2 && nums[0]! < nums[1]!) return { lo: nums[0]!, hi: nums[1]!, source: 'metadata', detail: `metadata ${e.key}=${e.value}` };
  }
  return undefined;
}

/** Layout-only ops between the input and its normalisation. */
const PASS_THROUGH = new Set(['Cast', 'Transpose', 'Reshape', 'Identity', 'Unsqueeze']);

/**
 * The first Sub/Div/Mul/Add applied to the input with a constant operand tells the expected scale:
 * subtracting means like 123.7 or dividing by 255 means [0, 255]; means or scales within [0, 1]
 * mean [0, 1].
 */
function rangeFromNormalisation(g: OnnxGraph, input: string): ValueRange | undefined {
  const constants = new Map<string, number[]>();
  for (const t of g.initializers) if (t.values && t.values.length > 0) constants.set(t.name, t.values);
  for (const n of g.nodes) {
    const t = n.opType === 'Constant' ? n.attributes.find((a) => a.name === 'value')?.t : undefined;
    if (t?.values && t.values.length > 0 && n.outputs[0]) constants.set(n.outputs[0], t.values);
  }
  let current = [input];
  for (let hop = 0; hop < 4 && current.length > 0; hop++) {
    const next: string[] = [];
    for (const n of g.nodes) {
      if (!n.inputs.some((i) => current.includes(i))) continue;
      if (PASS_THROUGH.has(n.opType)) {
        if (n.outputs[0]) next.push(n.outputs[0]);
        continue;
      }
      const c = n.inputs.map((i) => constants.get(i)).find((v) => v !== undefined);
      const r = c && scaleFrom(n.opType, c);
      if (r) return { ...r, source: 'normalisation', detail: `${n.opType} '${n.name || n.outputs[0]}' by [${c.slice(0, 3).map((v) => +v.toPrecision(4)).join(', ')}]` };
    }
    current = next;
  }
  return undefined;
}

function scaleFrom(op: string, c: number[]): { lo: number; hi: number } | undefined {
  const big = Math.max(...c.map(Math.abs));
  const wide = { lo: 0, hi: 255 };
  const unit = { lo: 0, hi: 1 };
  if (op === 'Sub' || op === 'Add') return big > 2 ? wide : unit;
  if (op === 'Div') return big > 2 ? wide : unit;
  if (op === 'Mul') return big > 0 && big < 0.02 ? wide : unit;
  return undefined;
}
