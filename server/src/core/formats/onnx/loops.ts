// Loop denial of service: a Loop whose iterations nothing bounds. ONNX runs `M` iterations
// while `cond` holds; exporters write while-loops as M = INT64_MAX with a real condition, so a
// huge M alone is normal: it matters only when no condition can stop the loop.
import type { AnalysisContext } from '../../context';
import { ONNX_LOOP_DOS } from '../../rules/onnx';
import { inputDependent } from './backdoor';
import type { FlatGraph, FlatLoop } from './flatten';
import { isStandardDomain } from './domains';

export const HUGE_TRIP_COUNT = 10_000_000;

export function checkLoops(g: FlatGraph, ctx: AnalysisContext): void {
  if (g.loops.length === 0) return;
  const dependent = inputDependent(g);
  for (const loop of g.loops) {
    const n = loop.node;
    if (!isStandardDomain(n.domain)) continue;
    const m = n.inputs[0] ?? '';
    const cond = n.inputs[1] ?? '';
    if (!(cond === '' || isTrue(g, cond)) || !bodyNeverStops(g, loop)) continue;
    const location = { kind: 'pointer' as const, pointer: `node:${n.label}` };
    if (m === '') {
      ctx.report(ONNX_LOOP_DOS, {
        message: `Loop '${n.label}' has no trip count and no condition that can become false: it never terminates.`,
        location, evidence: 'M = (none), cond = (none or always true)',
      });
    } else if (g.constants.has(m)) {
      const value = g.constants.get(m)?.[0];
      if (value === undefined || value <= HUGE_TRIP_COUNT) continue;
      ctx.report(ONNX_LOOP_DOS, {
        message: `Loop '${n.label}' runs ${value.toExponential(2)} iterations and its condition can never stop it.`,
        location, evidence: `M = ${value} (constant ${m.slice(m.lastIndexOf('/') + 1)}), cond always true`,
      });
    } else if (dependent.has(m)) {
      ctx.report(ONNX_LOOP_DOS, {
        message: `Loop '${n.label}' takes its trip count from the values of an input and its condition can never stop it: the caller decides how long inference runs.`,
        location, evidence: `M = ${m.slice(m.lastIndexOf('/') + 1)} (input-dependent), cond always true`,
        severity: 'medium',
      });
    }
  }
}

function isTrue(g: FlatGraph, v: string): boolean {
  const values = g.constants.get(v);
  return values !== undefined && values.length > 0 && values.every((x) => x !== 0);
}

/** The body's condition output is absent, constant true, or its condition input passed through. */
function bodyNeverStops(g: FlatGraph, loop: FlatLoop): boolean {
  const out = loop.bodyCondOut;
  if (out === undefined || out === '') return true;
  if (isTrue(g, out)) return true;
  let v = out;
  for (let i = 0; i < 64; i++) {
    if (v === loop.bodyCondIn) return true;
    const p = g.producer.get(v);
    if (!p || p.op !== 'Identity' || p.inputs.length === 0) return false;
    v = p.inputs[0]!;
  }
  return false;
}
