// Hops from every value to the nearest graph output, counted in real nodes (bridges cost 0):
// a 0-1 breadth-first search backwards from the outputs.
import type { FlatGraph } from './flatten';

export function distancesToOutputs(g: FlatGraph): Map<string, number> {
  const dist = new Map<string, number>();
  const deque: string[] = [];
  let head = 0;
  // Zero-cost (bridge) relaxations go to `front`, processed before the FIFO of +1 relaxations;
  // any improvement re-queues the value, so the result is exact even when order is imperfect.
  const front: string[] = [];
  for (const o of g.outputs) {
    if (o !== '' && !dist.has(o)) {
      dist.set(o, 0);
      deque.push(o);
    }
  }
  const relax = (v: string, d: number, zero: boolean): void => {
    const old = dist.get(v);
    if (old !== undefined && old <= d) return;
    dist.set(v, d);
    (zero ? front : deque).push(v);
  };
  while (front.length > 0 || head < deque.length) {
    const v = front.length > 0 ? front.pop()! : deque[head++]!;
    const d = dist.get(v)!;
    const n = g.producer.get(v);
    if (n) for (const input of n.inputs) if (input !== '') relax(input, d + 1, false);
    for (const b of g.bridgesInto.get(v) ?? []) relax(b.inputs[0]!, d, true);
  }
  return dist;
}

/** Distance of a node: its nearest output value's distance, or undefined when it reaches none. */
export function nodeDistance(dist: Map<string, number>, outputs: readonly string[]): number | undefined {
  let best: number | undefined;
  for (const o of outputs) {
    const d = dist.get(o);
    if (d !== undefined && (best === undefined || d < best)) best = d;
  }
  return best;
}
