// SavedModel → MetaGraphDef → GraphDef + FunctionDefLibrary, and bare (frozen) GraphDefs, read
// with the selective wire walker. Field numbers are those of TensorFlow's .proto files.
import type { ByteSource } from '../../io/byteSource';
import { ProtoDecoder, WIRE_LEN, type ProtoField, type WireProblem } from '../protobuf/decoder';
import type { TfAttr, TfFunction, TfGraph, TfMetaGraph, TfNode, TfSavedModel, TfSaver, TfTensor } from './types';

export interface TfParse<T> {
  value: T;
  problems: WireProblem[];
  budgetHit: boolean;
  timedOut: boolean;
  nodeCount: number;
}

export interface TfParseOptions {
  maxStructureBytes: number;
  timeUp?: () => boolean;
}

class TfReader {
  nodeCount = 0;
  timedOut = false;
  constructor(readonly d: ProtoDecoder, private readonly timeUp: () => boolean) {}

  private len(f: ProtoField): boolean {
    return f.wire === WIRE_LEN || this.d.wrongWire(f, false);
  }

  private stopped(): boolean {
    if (this.d.exhausted || this.timedOut) return true;
    if ((this.nodeCount & 1023) === 1023 && this.timeUp()) this.timedOut = true;
    return this.timedOut;
  }

  /** SavedModel: saved_model_schema_version = 1, meta_graphs = 2. */
  savedModel(): TfSavedModel {
    const m: TfSavedModel = { metaGraphs: [] };
    this.d.fields(0, this.d.size, (f) => {
      if (f.num === 1) m.schemaVersion = f.value;
      else if (f.num === 2 && this.len(f)) m.metaGraphs.push(this.metaGraph(f));
    });
    return m;
  }

  /** MetaGraphDef: meta_info_def = 1, graph_def = 2, saver_def = 3, signature_def = 5, asset_file_def = 6. */
  private metaGraph(f: ProtoField): TfMetaGraph {
    const mg: TfMetaGraph = { tags: [], tfVersion: '', signatures: [], assets: [], offset: f.offset };
    const d = this.d;
    d.fields(f.start, f.end, (h) => {
      if (!this.len(h)) return;
      switch (h.num) {
        case 1: d.fields(h.start, h.end, (k) => {
          if (k.num === 4) mg.tags.push(d.string(k, 256));
          else if (k.num === 5) mg.tfVersion = d.string(k, 256);
        }); break;
        case 2: mg.graph = this.graph(h.start, h.end, h.offset); break;
        case 3: mg.saver = this.saver(h); break;
        case 5: d.fields(h.start, h.end, (k) => { if (k.num === 1) mg.signatures.push(d.string(k, 1024)); }); break;
        case 6: d.fields(h.start, h.end, (k) => { if (k.num === 2) mg.assets.push(d.string(k, 4096)); }); break;
        default: break;
      }
    });
    return mg;
  }

  private saver(f: ProtoField): TfSaver {
    const s: TfSaver = { filenameTensor: '', saveTensor: '', restoreOp: '' };
    this.d.fields(f.start, f.end, (h) => {
      if (h.num === 1) s.filenameTensor = this.d.string(h, 1024);
      else if (h.num === 2) s.saveTensor = this.d.string(h, 1024);
      else if (h.num === 3) s.restoreOp = this.d.string(h, 1024);
    });
    return s;
  }

  /** GraphDef: node = 1, library = 2, versions = 4 (VersionDef.producer = 1). */
  graph(start: number, end: number, offset: number): TfGraph {
    const g: TfGraph = { nodes: [], functions: [], offset };
    const d = this.d;
    d.fields(start, end, (h) => {
      if (this.stopped()) return;
      if (h.num === 1 && this.len(h)) g.nodes.push(this.node(h));
      else if (h.num === 2 && this.len(h)) d.fields(h.start, h.end, (k) => { if (k.num === 1 && this.len(k) && !this.stopped()) g.functions.push(this.function(k)); });
      else if (h.num === 4 && this.len(h)) d.fields(h.start, h.end, (k) => { if (k.num === 1) g.producer = k.value; });
    });
    return g;
  }

  /** NodeDef: name = 1, op = 2, input = 3, device = 4, attr = 5 (map entry key = 1, value = 2). */
  private node(f: ProtoField): TfNode {
    this.nodeCount++;
    const n: TfNode = { name: '', op: '', inputs: [], device: '', attrs: new Map(), offset: f.offset };
    const d = this.d;
    d.fields(f.start, f.end, (h) => {
      switch (h.num) {
        case 1: n.name = d.string(h, 4096); break;
        case 2: n.op = d.string(h, 1024); break;
        case 3: n.inputs.push(d.string(h, 4096)); break;
        case 4: n.device = d.string(h, 1024); break;
        case 5: if (this.len(h)) this.attrEntry(h, n.attrs); break;
        default: break;
      }
    });
    return n;
  }

  private attrEntry(f: ProtoField, into: Map<string, TfAttr>): void {
    let key = '';
    let value: TfAttr = { listS: [], listFunc: [] };
    this.d.fields(f.start, f.end, (h) => {
      if (h.num === 1) key = this.d.string(h, 1024);
      else if (h.num === 2 && this.len(h)) value = this.attr(h);
    });
    into.set(key, value);
  }

  /** AttrValue: list = 1, s = 2, i = 3, b = 5, type = 6, tensor = 8, func = 10 (NameAttrList.name = 1). */
  private attr(f: ProtoField): TfAttr {
    const a: TfAttr = { listS: [], listFunc: [] };
    const d = this.d;
    d.fields(f.start, f.end, (h) => {
      switch (h.num) {
        case 1: if (this.len(h)) d.fields(h.start, h.end, (k) => {
          if (k.num === 2 && a.listS.length < 64) a.listS.push(d.string(k, 4096));
          else if (k.num === 9 && this.len(k) && a.listFunc.length < 64) a.listFunc.push(this.funcName(k));
        }); break;
        case 2: a.s = d.string(h, 4096); break;
        case 3: a.i = h.value; break;
        case 5: a.b = h.value !== 0; break;
        case 6: a.type = h.value; break;
        case 8: if (this.len(h)) a.tensor = this.tensor(h); break;
        case 10: if (this.len(h)) a.func = this.funcName(h); break;
        default: break;
      }
    });
    return a;
  }

  private funcName(f: ProtoField): string {
    let name = '';
    this.d.fields(f.start, f.end, (h) => { if (h.num === 1) name = this.d.string(h, 1024); });
    return name;
  }

  /** TensorProto: dtype = 1, tensor_content = 4 (skipped), string_val = 8 (first few kept). */
  private tensor(f: ProtoField): TfTensor {
    const t: TfTensor = { dtype: 0, strings: [], contentBytes: 0 };
    this.d.fields(f.start, f.end, (h) => {
      if (h.num === 1) t.dtype = h.value;
      else if (h.num === 8) {
        if (t.strings.length < 8) t.strings.push(this.d.string(h, 4096));
      } else if (h.num !== 2 && h.num !== 3) t.contentBytes += h.end - h.start;
    });
    return t;
  }

  /** FunctionDef: signature = 1 (OpDef name = 1, input_arg = 2 with ArgDef.name = 1), node_def = 3. */
  private function(f: ProtoField): TfFunction {
    const fn: TfFunction = { name: '', args: [], nodes: [], offset: f.offset };
    const d = this.d;
    d.fields(f.start, f.end, (h) => {
      if (h.num === 1 && this.len(h)) {
        d.fields(h.start, h.end, (k) => {
          if (k.num === 1) fn.name = d.string(k, 1024);
          else if (k.num === 2 && this.len(k)) d.fields(k.start, k.end, (a) => { if (a.num === 1) fn.args.push(d.string(a, 1024)); });
        });
      } else if (h.num === 3 && this.len(h) && !this.stopped()) fn.nodes.push(this.node(h));
    });
    return fn;
  }
}

function run<T>(src: ByteSource, opts: TfParseOptions, body: (r: TfReader) => T): TfParse<T> {
  const d = new ProtoDecoder(src, opts.maxStructureBytes);
  const r = new TfReader(d, opts.timeUp ?? (() => false));
  const value = body(r);
  return { value, problems: d.problems, budgetHit: d.exhausted, timedOut: r.timedOut, nodeCount: r.nodeCount };
}

export function parseSavedModel(src: ByteSource, opts: TfParseOptions): TfParse<TfSavedModel> {
  return run(src, opts, (r) => r.savedModel());
}

export function parseGraphDef(src: ByteSource, opts: TfParseOptions): TfParse<TfGraph> {
  return run(src, opts, (r) => r.graph(0, src.size, 0));
}
