// Name resolution inside one graph or function body: which node produces an input, and whether
// a path argument is a constant, fed from outside, or computed.
import type { TfFunction, TfGraph, TfNode } from './types';

export interface TfScope {
  /** '' for the graph, the function name for a function body. */
  fn: string;
  nodes: TfNode[];
  byName: Map<string, TfNode>;
  args: Set<string>;
}

export type PathSource =
  | { kind: 'const'; values: string[] }
  | { kind: 'fed'; name: string }
  | { kind: 'computed'; op: string; name: string }
  | { kind: 'none' };

export function graphScope(g: TfGraph): TfScope {
  return { fn: '', nodes: g.nodes, byName: new Map(g.nodes.map((n) => [n.name, n])), args: new Set() };
}

export function functionScope(f: TfFunction): TfScope {
  return { fn: f.name, nodes: f.nodes, byName: new Map(f.nodes.map((n) => [n.name, n])), args: new Set(f.args) };
}

export function nodePointer(scope: TfScope, n: TfNode): string {
  return `node:${scope.fn ? `${scope.fn}/` : ''}${n.name}`;
}

/** Data inputs only (control inputs start with ^). */
export function dataInputs(n: TfNode): string[] {
  return n.inputs.filter((i) => !i.startsWith('^'));
}

const PASS_THROUGH = new Set(['Identity', 'Snapshot', 'StopGradient', 'PlaceholderWithDefault']);

/** Where the value of `input` comes from, following Identity-like ops a few steps. */
export function resolveSource(scope: TfScope, input: string | undefined): PathSource {
  let name = input?.split(':')[0];
  for (let i = 0; i < 8 && name; i++) {
    if (scope.args.has(name)) return { kind: 'fed', name };
    const n = scope.byName.get(name);
    if (!n) return { kind: 'computed', op: '?', name };
    if (n.op === 'Const') return { kind: 'const', values: n.attrs.get('value')?.tensor?.strings ?? [] };
    if (n.op === 'Placeholder' || n.op === '_Arg') return { kind: 'fed', name: n.name };
    if (n.op === 'PlaceholderWithDefault') return { kind: 'fed', name: n.name };
    if (!PASS_THROUGH.has(n.op)) return { kind: 'computed', op: n.op, name: n.name };
    name = dataInputs(n)[0]?.split(':')[0];
  }
  return { kind: 'none' };
}

/** An absolute, home-relative or `..` path: outside wherever the model is. */
export function pathEscapes(p: string): boolean {
  const s = p.replace(/\\/g, '/').replace(/^file:\/\//, '');
  return s.startsWith('/') || s.startsWith('~') || /^[A-Za-z]:/.test(s) || s.split('/').includes('..');
}
