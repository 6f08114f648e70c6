// Walks a Keras model config (JSON already parsed) and lists every serialised object with its
// JSON pointer and whether Keras instantiates it as a layer. Pure and bounded.

export interface ConfigObject {
  pointer: string;
  className: string;
  module?: string;
  registeredName?: string;
  config: unknown;
  /** A model, a layer in a `layers` list or a wrapped layer/cell. */
  isLayer: boolean;
  /** The key under which the object sits (`function`, `activation`, ...). */
  key: string;
}

export interface ConfigStrings {
  pointer: string;
  key: string;
  value: string;
}

export interface WalkResult {
  objects: ConfigObject[];
  strings: ConfigStrings[];
  /** Set when the walk stopped at a bound. */
  truncated?: string;
}

const MAX_DEPTH = 256;
const MAX_NODES = 2_000_000;
const LAYER_KEYS = new Set(['layer', 'forward_layer', 'backward_layer', 'cell']);
const LAYER_LIST_KEYS = new Set(['layers', 'cells']);

const escape = (k: string): string => k.replace(/~/g, '~0').replace(/\//g, '~1');

export function walkConfig(root: unknown, prefix = '', rootIsLayer = true): WalkResult {
  const out: WalkResult = { objects: [], strings: [] };
  let nodes = 0;
  const visit = (v: unknown, pointer: string, key: string, layerSlot: boolean, depth: number): void => {
    if (out.truncated) return;
    if (++nodes > MAX_NODES) { out.truncated = `more than ${MAX_NODES} values`; return; }
    if (depth > MAX_DEPTH) { out.truncated = `nesting deeper than ${MAX_DEPTH} at ${pointer}`; return; }
    if (typeof v === 'string') { out.strings.push({ pointer, key, value: v }); return; }
    if (Array.isArray(v)) {
      const listOfLayers = LAYER_LIST_KEYS.has(key);
      v.forEach((item, i) => visit(item, `${pointer}/${i}`, key, listOfLayers, depth + 1));
      return;
    }
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (typeof o.class_name === 'string') {
      const obj: ConfigObject = { pointer: pointer || '/', className: o.class_name, config: o.config, isLayer: layerSlot, key };
      if (typeof o.module === 'string') obj.module = o.module;
      if (typeof o.registered_name === 'string') obj.registeredName = o.registered_name;
      out.objects.push(obj);
    }
    for (const [k, child] of Object.entries(o)) {
      visit(child, `${pointer}/${escape(k)}`, k, LAYER_KEYS.has(k) && isObjectWithClass(child), depth + 1);
    }
  };
  visit(root, prefix, '', rootIsLayer, 0);
  return out;
}

function isObjectWithClass(v: unknown): boolean {
  return !!v && typeof v === 'object' && !Array.isArray(v) && typeof (v as Record<string, unknown>).class_name === 'string';
}

/** The layer's own name (`config.name`), or its class. */
export function layerName(o: ConfigObject): string {
  const cfg = o.config as Record<string, unknown> | undefined;
  return cfg && typeof cfg === 'object' && typeof cfg.name === 'string' ? cfg.name : o.className;
}
