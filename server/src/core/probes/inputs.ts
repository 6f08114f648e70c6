// Input synthesis: names, types and shapes from the runtime session, symbolic dimensions fixed
// (batch 1), value ranges from the graph's normalisation nodes or metadata (else [0, 1], said so),
// and NCHW/NHWC image layouts recognised.
import type { OnnxGraph, OnnxModel } from '../formats/onnx/types';
import { PROBE_DTYPES, type ImageLayout, type ProbeDType, type ProbeInput, type SessionValue, type ValueRange } from './types';

export interface InputSynthesis {
  inputs: ProbeInput[];
  /** Symbolic dimension name -> value, for the session's free-dimension overrides. */
  freeDimensionOverrides: Record<string, number>;
  /** Inputs the probes cannot feed, with the reason. */
  unsupported: string[];
}

/** Default sizes for symbolic dims that are not the batch: images get 32×32, anything else 8. */
const IMAGE_SIDE = 32;
const OTHER_DIM = 8;

export function synthesizeInputs(session: readonly SessionValue[], model?: OnnxModel): InputSynthesis {
  const overrides: Record<string, number> = {};
  const unsupported: string[] = [];
  const inputs: ProbeInput[] = [];
  const declaredByName = new Map((model?.graph?.inputs ?? []).map((v) => [v.name, v.shape]));
  for (const v of session) {
    if (!v.isTensor || !v.type || !(PROBE_DTYPES as readonly string[]).includes(v.type)) {
      unsupported.push(`${v.name} (${v.isTensor ? v.type ?? 'unknown type' : 'not a tensor'})`);
      continue;
    }
    const declared = (v.shape ?? declaredByName.get(v.name) ?? []).map((d) => (typeof d === 'number' && d >= 0 ? d : typeof d === 'string' && d ? d : '?'));
    const dtype = v.type as ProbeDType;
    const layout = dtype.startsWith('float') ? imageLayout(declared) : undefined;
    const shape = declared.map((d, i) => fixDim(d, i, declared.length, layout, overrides));
    const input: ProbeInput = { name: v.name, dtype, shape, declared, range: valueRange(dtype, v.name, model) };
    if (layout) input.layout = layout;
    inputs.push(input);
  }
  return { inputs, freeDimensionOverrides: overrides, unsupported };
}

function fixDim(d: number | string, index: number, rank: number, layout: ImageLayout | undefined, overrides: Record<string, number>): number {
  if (typeof d === 'number') return d;
  if (d !== '?' && overrides[d] !== undefined) return overrides[d]!;
  let value = OTHER_DIM;
  if (index === 0 && rank >= 2) value = 1;
  else if (layout === 'NCHW') value = index === 1 ? 3 : IMAGE_SIDE;
  else if (layout === 'NHWC') value = index === 3 ? 3 : IMAGE_SIDE;
  if (d !== '?') overrides[d] = value;
  return value;
}

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
