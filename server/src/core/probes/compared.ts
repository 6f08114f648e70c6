// Integer control inputs (a sample rate, a mode flag) that the graph compares with a constant:
// feeding the compared value runs the branch the model was built for (Silero VAD checks
// `sr == 16000`), where 0 or 1 would run a fallback branch or none at all.
import { COMPARISON_OPS, isStandardDomain } from '../formats/onnx/domains';
import { flattenModel, type FlatGraph } from '../formats/onnx/flatten';
import type { OnnxModel } from '../formats/onnx/types';

/** Ops an integer value passes through unchanged on its way to the comparison. */
const PASS = new Set(['Cast', 'CastLike', 'Identity', 'Reshape', 'Squeeze', 'Unsqueeze', 'Flatten', 'Expand']);
/** Inputs with more elements than this are data (token ids...), not control values. */
export const MAX_CONTROL_ELEMENTS = 4;

export interface ComparedValue {
  value: number;
  /** Readable origin, e.g. `Equal 'Equal_23' with 16000`. */
  detail: string;
}

/** Lazily flattened model, shared by every input of one synthesis. */
export function flatGraphOf(model: OnnxModel | undefined): () => FlatGraph | undefined {
  let flat: FlatGraph | undefined;
  let done = false;
  return () => {
    if (!done && model?.graph) flat = flattenModel(model.graph, model.functions);
    done = true;
    return flat;
  };
}

/**
 * The value that makes the first comparison (in graph order) of `input` with a scalar constant
 * true, or undefined when the input reaches no such comparison.
 */
export function comparedValue(g: FlatGraph, input: string): ComparedValue | undefined {
  const start = g.inputs.find((i) => i.info.name === input)?.id;
  if (start === undefined) return undefined;
  const seen = new Set([start]);
  const queue = [start];
  let best: { id: number; found: ComparedValue } | undefined;
  for (let i = 0; i < queue.length && i < 256; i++) {
    for (const { node, index } of g.consumers.get(queue[i]!) ?? []) {
      if (node.bridge || (PASS.has(node.op) && isStandardDomain(node.domain) && index === 0)) {
        for (const o of node.outputs) {
          if (!o || seen.has(o)) continue;
          seen.add(o);
          queue.push(o);
        }
        continue;
      }
      if (!COMPARISON_OPS.has(node.op) || !isStandardDomain(node.domain) || node.inputs.length !== 2) continue;
      const c = g.constants.get(node.inputs[1 - index]!);
      if (c?.length !== 1 || !Number.isFinite(c[0]) || (best && best.id < node.id)) continue;
      const value = satisfying(node.op, c[0]!, index === 0);
      best = { id: node.id, found: { value, detail: `${node.op} '${node.label}' with ${c[0]}` } };
    }
  }
  return best?.found;
}

/** An integer for which `input <op> c` (or `c <op> input` when the input is on the right) holds. */
function satisfying(op: string, c: number, inputOnLeft: boolean): number {
  const above = op === 'Greater' || op === 'GreaterOrEqual' ? inputOnLeft : op === 'Less' || op === 'LessOrEqual' ? !inputOnLeft : undefined;
  if (above === undefined) return Math.round(c);
  const strict = op === 'Greater' || op === 'Less';
  if (above) return strict ? Math.floor(c) + 1 : Math.ceil(c);
  return strict ? Math.ceil(c) - 1 : Math.floor(c);
}
