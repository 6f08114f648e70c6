// Every node of a model with a readable path: main graph, training graphs, subgraphs of
// If/Loop/Scan (recursively) and the bodies of model-local functions.
import type { OnnxGraph, OnnxModel, OnnxNode } from './types';

export interface NodeVisit {
  node: OnnxNode;
  /** `If_0/then_branch/Add_3`, or `fn:domain.Name/Mul` inside a function. */
  path: string;
}

export function nodeLabel(n: OnnxNode, index: number): string {
  return n.name || `${n.opType}#${index}`;
}

export function forEachGraph(g: OnnxGraph, visit: (g: OnnxGraph, path: string) => void, path = ''): void {
  visit(g, path);
  g.nodes.forEach((n, i) => {
    for (const a of n.attributes) {
      const inner = a.g ? [a.g] : a.graphs;
      inner.forEach((sub, k) => forEachGraph(sub, visit, `${path}${nodeLabel(n, i)}/${a.name}${a.g ? '' : `[${k}]`}/`));
    }
  });
}

export function allGraphs(m: OnnxModel): { graph: OnnxGraph; path: string }[] {
  const out: { graph: OnnxGraph; path: string }[] = [];
  const roots = [...(m.graph ? [{ g: m.graph, p: '' }] : []), ...m.trainingGraphs.map((g, i) => ({ g, p: `training[${i}]/` }))];
  for (const r of roots) forEachGraph(r.g, (graph, path) => out.push({ graph, path }), r.p);
  return out;
}

export function allNodes(m: OnnxModel): NodeVisit[] {
  const out: NodeVisit[] = [];
  for (const { graph, path } of allGraphs(m)) graph.nodes.forEach((node, i) => out.push({ node, path: `${path}${nodeLabel(node, i)}` }));
  for (const fn of m.functions) {
    const fnPath = `fn:${fn.domain ? `${fn.domain}.` : ''}${fn.name}/`;
    fn.nodes.forEach((node, i) => {
      out.push({ node, path: `${fnPath}${nodeLabel(node, i)}` });
      for (const a of node.attributes) {
        for (const sub of a.g ? [a.g] : a.graphs) {
          forEachGraph(sub, (g, p) => g.nodes.forEach((n, j) => out.push({ node: n, path: `${p}${nodeLabel(n, j)}` })), `${fnPath}${nodeLabel(node, i)}/${a.name}/`);
        }
      }
    });
  }
  return out;
}
