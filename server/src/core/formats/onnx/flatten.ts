// One dataflow graph for the whole model: model-local functions inlined at their call sites,
// If/Loop/Scan bodies spliced in with zero-cost "bridge" edges between a body's values and its
// node's inputs and outputs. ONNX scoping is lexical: a body sees its enclosing graphs' names,
// a function sees only its own.
import type { OnnxFunction, OnnxGraph, OnnxNode, OnnxTensor, OnnxValueInfo } from './types';
import { RANDOM_OPS, isStandardDomain } from './domains';

export interface FlatNode {
  id: number;
  op: string;
  domain: string;
  /** Readable path: `If_0/then/Where_3`, `MyFn@call_1/Add`. */
  label: string;
  inputs: string[];
  outputs: string[];
  /** A bridge joins a body's value to its node's value: no computation, zero hops. */
  bridge: boolean;
  node?: OnnxNode;
}

export interface FlatLoop {
  node: FlatNode;
  /** Body cond input / cond output value ids, when the body was spliced in. */
  bodyCondIn?: string;
  bodyCondOut?: string;
}

export interface FlatGraph {
  nodes: FlatNode[];
  /** The node computing each value (bridges excluded). */
  producer: Map<string, FlatNode>;
  /** Bridges into a value: an If output has one per branch. */
  bridgesInto: Map<string, FlatNode[]>;
  consumers: Map<string, { node: FlatNode; index: number }[]>;
  /** Values fixed by the file: initializers, Constant outputs, folds of them. Small ones keep values. */
  constants: Map<string, number[] | undefined>;
  /** Top-level graph inputs that are not initializers. */
  inputs: { id: string; info: OnnxValueInfo }[];
  outputs: string[];
  loops: FlatLoop[];
  /** Calls not inlined because of the depth limit or recursion. */
  inlineLimited: number;
}

interface Scope {
  names: Map<string, string>;
  parent?: Scope;
  prefix: string;
}

const MAX_INLINE_DEPTH = 8;

export function flattenModel(graph: OnnxGraph, functions: readonly OnnxFunction[]): FlatGraph {
  const fns = new Map<string, OnnxFunction>();
  for (const f of functions) fns.set(`${f.domain}\u0000${f.name}\u0000${f.overload}`, f);
  const b = new Builder(fns);
  const top: Scope = { names: new Map(), prefix: '' };
  const initNames = new Set(graph.initializers.map((t) => t.name));
  const inputs = graph.inputs.filter((v) => !initNames.has(v.name)).map((info) => ({ id: b.define(top, info.name), info }));
  b.graph(graph, top, '', 0);
  const outputs = graph.outputs.map((o) => b.resolve(top, o.name));
  return { ...b.result(), inputs, outputs };
}

class Builder {
  readonly nodes: FlatNode[] = [];
  readonly producer = new Map<string, FlatNode>();
  readonly bridgesInto = new Map<string, FlatNode[]>();
  readonly consumers = new Map<string, { node: FlatNode; index: number }[]>();
  readonly constants = new Map<string, number[] | undefined>();
  readonly loops: FlatLoop[] = [];
  inlineLimited = 0;
  private unique = 0;
  private readonly active = new Set<OnnxFunction>();

  constructor(private readonly fns: Map<string, OnnxFunction>) {}

  result(): Omit<FlatGraph, 'inputs' | 'outputs'> {
    return { nodes: this.nodes, producer: this.producer, bridgesInto: this.bridgesInto, consumers: this.consumers, constants: this.constants, loops: this.loops, inlineLimited: this.inlineLimited };
  }

  define(scope: Scope, name: string): string {
    const id = `${scope.prefix}${name}`;
    scope.names.set(name, id);
    return id;
  }

  resolve(scope: Scope, name: string): string {
    if (name === '') return '';
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const id = s.names.get(name);
      if (id !== undefined) return id;
    }
    return `${scope.prefix}${name}`;
  }

  graph(g: OnnxGraph, scope: Scope, path: string, depth: number): void {
    for (const t of g.initializers) this.constant(this.define(scope, t.name), t);
    for (const v of g.inputs) if (!scope.names.has(v.name)) this.define(scope, v.name);
    g.nodes.forEach((n, i) => this.node(n, scope, `${path}${n.name || `${n.opType}#${i}`}`, depth));
  }

  private constant(id: string, t: OnnxTensor | undefined): void {
    this.constants.set(id, t?.values);
  }

  private add(op: string, domain: string, label: string, inputs: string[], outputs: string[], bridge: boolean, node?: OnnxNode): FlatNode {
    const n: FlatNode = { id: this.nodes.length, op, domain, label, inputs, outputs, bridge };
    if (node) n.node = node;
    this.nodes.push(n);
    inputs.forEach((v, index) => {
      if (v === '') return;
      const list = this.consumers.get(v);
      if (list) list.push({ node: n, index });
      else this.consumers.set(v, [{ node: n, index }]);
    });
    for (const o of outputs) {
      if (o === '') continue;
      if (!bridge) this.producer.set(o, n);
      else if (this.bridgesInto.has(o)) this.bridgesInto.get(o)!.push(n);
      else this.bridgesInto.set(o, [n]);
    }
    return n;
  }

  private bridge(from: string, to: string, label: string): void {
    if (from !== '' && to !== '') this.add('Bridge', '', label, [from], [to], true);
  }

  private node(n: OnnxNode, scope: Scope, label: string, depth: number): void {
    const inputs = n.inputs.map((v) => this.resolve(scope, v));
    const outputs = n.outputs.map((v) => (v === '' ? '' : this.define(scope, v)));
    const fn = this.fns.get(`${n.domain}\u0000${n.opType}\u0000`);
    if (fn && this.inline(fn, inputs, outputs, label, depth)) return;
    const flat = this.add(n.opType, n.domain, label, inputs, outputs, false, n);
    this.fold(n, flat);
    const bodies = n.attributes.flatMap((a) => (a.g ? [{ name: a.name, g: a.g }] : a.graphs.map((g, i) => ({ name: `${a.name}[${i}]`, g }))));
    for (const body of bodies) this.body(n, flat, body.name, body.g, scope, label, depth);
  }

  /** Constants: Constant nodes, and deterministic ops whose inputs are all constant. */
  private fold(n: OnnxNode, flat: FlatNode): void {
    if (n.opType === 'Constant' && isStandardDomain(n.domain)) {
      const a = n.attributes[0];
      const values = a?.t?.values ?? (a?.i !== undefined ? [a.i] : a?.f !== undefined ? [a.f] : a && a.ints.length > 0 ? a.ints : undefined);
      for (const o of flat.outputs) if (o) this.constants.set(o, values);
      return;
    }
    if (RANDOM_OPS.has(n.opType) || !isStandardDomain(n.domain) || n.attributes.some((a) => a.g || a.graphs.length > 0)) return;
    const real = flat.inputs.filter((v) => v !== '');
    if (real.length === 0 || !real.every((v) => this.constants.has(v))) return;
    const passes = n.opType === 'Identity' || n.opType === 'Cast' || n.opType === 'Reshape' || n.opType === 'Squeeze' || n.opType === 'Unsqueeze';
    for (const o of flat.outputs) if (o) this.constants.set(o, passes ? this.constants.get(real[0]!) : undefined);
  }

  private body(n: OnnxNode, flat: FlatNode, attr: string, g: OnnxGraph, scope: Scope, label: string, depth: number): void {
    const inner: Scope = { names: new Map(), parent: scope, prefix: `${label}/${attr}#${this.unique++}/` };
    const path = `${label}/${attr}/`;
    const bodyIn = g.inputs.map((v) => this.define(inner, v.name));
    const op = isStandardDomain(n.domain) ? n.opType : '';
    const skipIn = op === 'Loop' ? 1 : op === 'If' ? bodyIn.length : 0; // If bodies take no inputs; Loop's iteration number is not data
    for (let i = skipIn; i < bodyIn.length; i++) this.bridge(flat.inputs[i] ?? '', bodyIn[i]!, `${path}<in ${i}>`);
    this.graph(g, inner, path, depth);
    const bodyOut = g.outputs.map((o) => this.resolve(inner, o.name));
    const skipOut = op === 'Loop' ? 1 : 0; // Loop's first body output is the continue condition
    for (let i = skipOut; i < bodyOut.length; i++) this.bridge(bodyOut[i]!, flat.outputs[i - skipOut] ?? '', `${path}<out ${i}>`);
    if (op === 'Loop') {
      const loop: FlatLoop = { node: flat };
      if (bodyIn[1] !== undefined) loop.bodyCondIn = bodyIn[1];
      if (bodyOut[0] !== undefined) loop.bodyCondOut = bodyOut[0];
      this.loops.push(loop);
    }
  }

  /** Inlines a model-local function: its formal inputs/outputs bridge to the call's values. */
  private inline(fn: OnnxFunction, inputs: string[], outputs: string[], label: string, depth: number): boolean {
    if (depth >= MAX_INLINE_DEPTH || this.active.has(fn)) {
      this.inlineLimited++;
      return false;
    }
    this.active.add(fn);
    const scope: Scope = { names: new Map(), prefix: `${label}@${fn.name}#${this.unique++}/` };
    const path = `${label}@${fn.name}/`;
    fn.inputs.forEach((name, i) => {
      const from = inputs[i] ?? '';
      const to = this.define(scope, name);
      this.bridge(from, to, `${path}<in ${i}>`);
      if (this.constants.has(from)) this.constants.set(to, this.constants.get(from)); // constant arguments stay constant
    });
    fn.nodes.forEach((n, i) => this.node(n, scope, `${path}${n.name || `${n.opType}#${i}`}`, depth + 1));
    fn.outputs.forEach((name, i) => this.bridge(this.resolve(scope, name), outputs[i] ?? '', `${path}<out ${i}>`));
    this.active.delete(fn);
    return true;
  }
}
