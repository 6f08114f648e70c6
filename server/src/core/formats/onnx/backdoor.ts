// The static trigger detector. A trigger backdoor compares part of the input against a fixed
// value and uses the resulting bit to pick the output: input ─(ordinary ops)→ Equal/Greater/…
// against a constant ─(And/Or/Not/Cast/Reshape/Reduce…)→ the condition of Where / If / Loop, or a
// Loop's trip count (M = 0 or 1 from a cast bit runs the body or not: an If in disguise).
// Taint starts at graph inputs and stops at ops that only see shapes (Shape, Size…).
import type { FlatGraph, FlatNode } from './flatten';
import { BOOLEAN_PASS_OPS, COMPARISON_OPS, SHAPE_ONLY_OPS, isStandardDomain } from './domains';
import { distancesToOutputs, nodeDistance } from './distance';
import type { Dim } from './types';

export type TriggerSeverity = 'high' | 'medium' | 'info';

export interface TriggerPath {
  input: string;
  /** Rank of the tainted input; undefined when its shape is not declared. */
  rank?: number;
  shape?: Dim[];
  comparison: FlatNode;
  /** Constant operand: its value(s) when small, else its name. */
  constant: string;
  selector: FlatNode;
  role: 'Where condition' | 'If condition' | 'Loop condition' | 'Loop trip count';
  /** Hops from the selector to the nearest graph output; undefined when it reaches none. */
  distance?: number;
  severity: TriggerSeverity;
  /** Readable chain from the input to the selector. */
  chain: string[];
}

/** The selector is "near the output" at or below this many hops. */
export const NEAR_OUTPUT_HOPS = 3;
const MAX_SOURCES = 64;

interface Step { node: FlatNode; from: string }

export function findTriggers(g: FlatGraph): TriggerPath[] {
  const dist = distancesToOutputs(g);
  const best = new Map<FlatNode, TriggerPath>();
  for (const src of g.inputs.slice(0, MAX_SOURCES)) {
    const prev = taint(g, src.id);
    for (const [value] of prev) {
      for (const use of g.consumers.get(value) ?? []) {
        const cmp = use.node;
        if (cmp.bridge || !COMPARISON_OPS.has(cmp.op) || !isStandardDomain(cmp.domain) || cmp.inputs.length !== 2) continue;
        const other = cmp.inputs[1 - use.index]!;
        if (!g.constants.has(other)) continue;
        const sel = selectorFrom(g, cmp, dist);
        if (!sel) continue;
        const rank = src.info.shape?.length;
        const constant = describeConstant(g, other);
        const path: TriggerPath = {
          input: src.info.name,
          comparison: cmp,
          constant,
          selector: sel.node,
          role: sel.role,
          severity: rank !== undefined && rank <= 1 ? 'info' : sel.distance !== undefined && sel.distance <= NEAR_OUTPUT_HOPS ? 'high' : 'medium',
          chain: [...inputChain(prev, value, src.info.name), `${cmp.op} '${cmp.label}' against ${constant}`, ...sel.chain],
        };
        if (rank !== undefined) path.rank = rank;
        if (src.info.shape) path.shape = src.info.shape;
        if (sel.distance !== undefined) path.distance = sel.distance;
        const old = best.get(cmp);
        if (!old || rankOf(path) > rankOf(old)) best.set(cmp, path);
      }
    }
  }
  return [...best.values()].sort((a, b) => rankOf(b) - rankOf(a) || a.comparison.id - b.comparison.id);
}

function rankOf(p: TriggerPath): number {
  const sev = p.severity === 'high' ? 2000 : p.severity === 'medium' ? 1000 : 0;
  return sev - (p.distance ?? 999);
}

/** Forward taint from one input; the map holds, for each tainted value, how it was reached. */
function taint(g: FlatGraph, start: string): Map<string, Step | undefined> {
  const prev = new Map<string, Step | undefined>([[start, undefined]]);
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!;
    for (const { node } of g.consumers.get(v) ?? []) {
      if (!node.bridge && SHAPE_ONLY_OPS.has(node.op) && isStandardDomain(node.domain)) continue;
      for (const o of node.outputs) {
        if (o === '' || prev.has(o)) continue;
        prev.set(o, { node, from: v });
        queue.push(o);
      }
    }
  }
  return prev;
}

interface Selector { node: FlatNode; role: TriggerPath['role']; distance?: number; chain: string[] }

/** From a comparison's bit, through boolean plumbing, to the nearest Where/If/Loop condition or trip count. */
function selectorFrom(g: FlatGraph, cmp: FlatNode, dist: Map<string, number>): Selector | undefined {
  const prev = new Map<string, Step | undefined>();
  const queue: string[] = [];
  for (const o of cmp.outputs) if (o) { prev.set(o, undefined); queue.push(o); }
  let found: Selector | undefined;
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!;
    for (const { node, index } of g.consumers.get(v) ?? []) {
      const role = conditionRole(node, index);
      if (role) {
        const d = nodeDistance(dist, node.outputs);
        if (!found || (d !== undefined && (found.distance === undefined || d < found.distance))) {
          found = { node, role, chain: [...boolChain(prev, v), `${node.op} '${node.label}' (${role})`] };
          if (d !== undefined) found.distance = d;
        }
        continue;
      }
      if (!node.bridge && !(BOOLEAN_PASS_OPS.has(node.op) && isStandardDomain(node.domain))) continue;
      for (const o of node.outputs) {
        if (o === '' || prev.has(o)) continue;
        prev.set(o, { node, from: v });
        queue.push(o);
      }
    }
  }
  return found;
}

function conditionRole(n: FlatNode, index: number): TriggerPath['role'] | undefined {
  if (n.bridge || !isStandardDomain(n.domain)) return undefined;
  if (n.op === 'Where' && index === 0) return 'Where condition';
  if (n.op === 'If' && index === 0) return 'If condition';
  if (n.op === 'Loop' && index === 1) return 'Loop condition';
  if (n.op === 'Loop' && index === 0) return 'Loop trip count';
  return undefined;
}

function steps(prev: Map<string, Step | undefined>, end: string): FlatNode[] {
  const out: FlatNode[] = [];
  for (let v = end, s = prev.get(v); s; v = s.from, s = prev.get(v)) if (!s.node.bridge) out.push(s.node);
  return out.reverse();
}

function inputChain(prev: Map<string, Step | undefined>, end: string, input: string): string[] {
  const nodes = steps(prev, end).map((n) => `${n.op} '${n.label}'`);
  const shown = nodes.length > 10 ? [...nodes.slice(0, 4), `… ${nodes.length - 8} more …`, ...nodes.slice(-4)] : nodes;
  return [`input '${input}'`, ...shown];
}

function boolChain(prev: Map<string, Step | undefined>, end: string): string[] {
  return steps(prev, end).map((n) => `${n.op} '${n.label}'`);
}

function describeConstant(g: FlatGraph, id: string): string {
  const values = g.constants.get(id);
  const name = id.slice(id.lastIndexOf('/') + 1);
  const show = (x: number): string => String(Number.isInteger(x) ? x : Number(x.toPrecision(7)));
  return values && values.length > 0 ? `${name} = ${values.length === 1 ? show(values[0]!) : `[${values.slice(0, 6).map(show).join(', ')}${values.length > 6 ? ', …' : ''}]`}` : name;
}

/** Every value that depends on the values (not just the shapes) of some graph input. */
export function inputDependent(g: FlatGraph): Set<string> {
  const all = new Set<string>();
  for (const src of g.inputs) for (const v of taint(g, src.id).keys()) all.add(v);
  return all;
}
