// ModelProto → OnnxModel with a selective walk: graph messages are decoded, tensor payloads are
// stepped over by offset. Field numbers are those of onnx.proto (facts of the format).
import type { ByteSource } from '../../io/byteSource';
import { ProtoDecoder, WIRE_LEN, type ProtoField, type WireProblem } from '../protobuf/decoder';
import { addEntry, decodeTensor } from './tensor';
import type { Dim, OnnxAttribute, OnnxFunction, OnnxGraph, OnnxModel, OnnxNode, OnnxOpset, OnnxValueInfo } from './types';

export interface OnnxParseOptions {
  /** Bytes of names, attributes and small constants decoded at most. */
  maxStructureBytes: number;
  /** Nesting of subgraphs (If/Loop/Scan bodies) decoded at most. */
  maxGraphDepth: number;
  /** Polled between nodes; true stops the walk (the caller reports the wall-time limit). */
  timeUp?: () => boolean;
}

export interface OnnxParse {
  model: OnnxModel;
  problems: WireProblem[];
  /** Offset of the first subgraph that was too deep, when one was. */
  depthHitAt?: number;
  budgetHit: boolean;
  timedOut: boolean;
  nodeCount: number;
}

class OnnxReader {
  depthHitAt: number | undefined;
  nodeCount = 0;
  timedOut = false;
  constructor(readonly d: ProtoDecoder, private readonly maxDepth: number, private readonly timeUp: () => boolean) {}

  /** Checked every 1024 nodes: cheap enough, and stops a hostile graph of millions of nodes. */
  private stopped(): boolean {
    if (this.d.exhausted || this.timedOut) return true;
    if ((this.nodeCount & 1023) === 1023 && this.timeUp()) this.timedOut = true;
    return this.timedOut;
  }

  model(): OnnxModel {
    const m: OnnxModel = { producerName: '', producerVersion: '', domain: '', docString: '', opsets: [], functions: [], metadata: [], trainingGraphs: [] };
    const d = this.d;
    d.fields(0, d.size, (f) => {
      switch (f.num) {
        case 1: m.irVersion = f.value; break;
        case 2: m.producerName = d.string(f, 1024); break;
        case 3: m.producerVersion = d.string(f, 1024); break;
        case 4: m.domain = d.string(f, 1024); break;
        case 5: m.modelVersion = f.value; break;
        case 6: m.docString = d.string(f); break;
        case 7: if (this.isLen(f)) m.graph = this.graph(f, 0); break;
        case 8: if (this.isLen(f)) m.opsets.push(this.opset(f)); break;
        case 14: if (this.isLen(f)) m.metadata.push({ ...addEntry(d, f, {}), offset: f.offset }); break;
        case 20: if (this.isLen(f)) this.trainingInfo(f, m.trainingGraphs); break;
        case 25: if (this.isLen(f)) m.functions.push(this.function(f)); break;
        default: break;
      }
    });
    return m;
  }

  private isLen(f: ProtoField): boolean {
    return f.wire === WIRE_LEN || this.d.wrongWire(f, false);
  }

  private opset(f: ProtoField): OnnxOpset {
    const o: OnnxOpset = { domain: '', version: 0 };
    this.d.fields(f.start, f.end, (g) => {
      if (g.num === 1) o.domain = this.d.string(g, 1024);
      else if (g.num === 2) o.version = g.value;
    });
    return o;
  }

  /** TrainingInfoProto: initialization = 1, algorithm = 2 (both graphs). */
  private trainingInfo(f: ProtoField, out: OnnxGraph[]): void {
    this.d.fields(f.start, f.end, (g) => {
      if ((g.num === 1 || g.num === 2) && this.isLen(g)) out.push(this.graph(g, 0));
    });
  }

  graph(f: ProtoField, depth: number): OnnxGraph {
    const g: OnnxGraph = { name: '', offset: f.offset, nodes: [], initializers: [], inputs: [], outputs: [], valueInfo: [], docString: '' };
    const d = this.d;
    d.fields(f.start, f.end, (h) => {
      if (this.stopped()) return;
      switch (h.num) {
        case 1: if (this.isLen(h)) g.nodes.push(this.node(h, depth)); break;
        case 2: g.name = d.string(h, 1024); break;
        case 5: if (this.isLen(h)) g.initializers.push(decodeTensor(d, h.start, h.end, h.offset)); break;
        case 10: g.docString = d.string(h); break;
        case 11: if (this.isLen(h)) g.inputs.push(this.valueInfo(h)); break;
        case 12: if (this.isLen(h)) g.outputs.push(this.valueInfo(h)); break;
        case 13: if (this.isLen(h)) g.valueInfo.push(this.valueInfo(h)); break;
        case 15: if (this.isLen(h)) this.sparse(h, g); break;
        default: break;
      }
    });
    return g;
  }

  /** SparseTensorProto: values = 1 (a TensorProto that carries the name and external data). */
  private sparse(f: ProtoField, g: OnnxGraph): void {
    this.d.fields(f.start, f.end, (h) => {
      if (h.num === 1 && this.isLen(h)) g.initializers.push(decodeTensor(this.d, h.start, h.end, h.offset));
    });
  }

  node(f: ProtoField, depth: number): OnnxNode {
    this.nodeCount++;
    const n: OnnxNode = { name: '', opType: '', domain: '', inputs: [], outputs: [], attributes: [], offset: f.offset, length: f.end - f.offset };
    const d = this.d;
    d.fields(f.start, f.end, (h) => {
      switch (h.num) {
        case 1: n.inputs.push(d.string(h, 4096)); break;
        case 2: n.outputs.push(d.string(h, 4096)); break;
        case 3: n.name = d.string(h, 4096); break;
        case 4: n.opType = d.string(h, 1024); break;
        case 5: if (this.isLen(h)) n.attributes.push(this.attribute(h, depth)); break;
        case 7: n.domain = d.string(h, 1024); break;
        default: break;
      }
    });
    return n;
  }

  private attribute(f: ProtoField, depth: number): OnnxAttribute {
    const a: OnnxAttribute = { name: '', type: 0, ints: [], graphs: [] };
    const d = this.d;
    d.fields(f.start, f.end, (h) => {
      switch (h.num) {
        case 1: a.name = d.string(h, 1024); break;
        case 2: a.f = d.float32(h); break;
        case 3: a.i = h.value; break;
        case 4: a.s = d.string(h, 4096); break;
        case 5: if (this.isLen(h)) a.t = decodeTensor(d, h.start, h.end, h.offset); break;
        case 6: if (this.isLen(h)) this.subgraph(h, depth, (g) => (a.g = g)); break;
        case 8: d.ints(h, a.ints); break;
        case 11: if (this.isLen(h)) this.subgraph(h, depth, (g) => a.graphs.push(g)); break;
        case 20: a.type = h.value; break;
        case 21: a.refAttrName = d.string(h, 1024); break;
        default: break;
      }
    });
    return a;
  }

  private subgraph(f: ProtoField, depth: number, keep: (g: OnnxGraph) => void): void {
    if (depth + 1 > this.maxDepth) {
      this.depthHitAt ??= f.offset;
      return;
    }
    keep(this.graph(f, depth + 1));
  }

  private valueInfo(f: ProtoField): OnnxValueInfo {
    const v: OnnxValueInfo = { name: '' };
    this.d.fields(f.start, f.end, (h) => {
      if (h.num === 1) v.name = this.d.string(h, 4096);
      else if (h.num === 2 && this.isLen(h)) this.typeProto(h, v);
    });
    return v;
  }

  /** TypeProto.tensor_type = 1 (sparse_tensor_type = 8 has the same layout): elem_type = 1, shape = 2. */
  private typeProto(f: ProtoField, v: OnnxValueInfo): void {
    this.d.fields(f.start, f.end, (h) => {
      if ((h.num !== 1 && h.num !== 8) || !this.isLen(h)) return;
      this.d.fields(h.start, h.end, (k) => {
        if (k.num === 1) v.elemType = k.value;
        else if (k.num === 2 && this.isLen(k)) v.shape = this.shape(k);
      });
    });
  }

  /** TensorShapeProto.dim = 1: dim_value = 1 | dim_param = 2. */
  private shape(f: ProtoField): Dim[] {
    const dims: Dim[] = [];
    this.d.fields(f.start, f.end, (h) => {
      if (h.num !== 1 || !this.isLen(h) || dims.length >= 64) return;
      let dim: Dim = null;
      this.d.fields(h.start, h.end, (k) => {
        if (k.num === 1) dim = k.value;
        else if (k.num === 2) dim = this.d.string(k, 256);
      });
      dims.push(dim);
    });
    return dims;
  }

  private function(f: ProtoField): OnnxFunction {
    const fn: OnnxFunction = { name: '', domain: '', overload: '', inputs: [], outputs: [], attributes: [], nodes: [], opsets: [], offset: f.offset };
    const d = this.d;
    d.fields(f.start, f.end, (h) => {
      switch (h.num) {
        case 1: fn.name = d.string(h, 1024); break;
        case 4: fn.inputs.push(d.string(h, 4096)); break;
        case 5: fn.outputs.push(d.string(h, 4096)); break;
        case 6: fn.attributes.push(d.string(h, 1024)); break;
        case 7: if (this.isLen(h) && !this.stopped()) fn.nodes.push(this.node(h, 0)); break;
        case 9: if (this.isLen(h)) fn.opsets.push(this.opset(h)); break;
        case 10: fn.domain = d.string(h, 1024); break;
        case 13: fn.overload = d.string(h, 1024); break;
        default: break;
      }
    });
    return fn;
  }
}

export function parseOnnx(src: ByteSource, opts: OnnxParseOptions): OnnxParse {
  const d = new ProtoDecoder(src, opts.maxStructureBytes);
  const reader = new OnnxReader(d, opts.maxGraphDepth, opts.timeUp ?? (() => false));
  const model = reader.model();
  const out: OnnxParse = { model, problems: d.problems, budgetHit: d.exhausted, timedOut: reader.timedOut, nodeCount: reader.nodeCount };
  if (reader.depthHitAt !== undefined) out.depthHitAt = reader.depthHitAt;
  return out;
}
