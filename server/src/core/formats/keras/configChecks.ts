// Checks over a walked Keras config: Lambda bytecode, classes and modules outside Keras,
// safe-mode bypass patterns from public advisories, and file or URL references.
import type { Severity } from '../../findings';
import type { LayerInfo } from '../../summary';
import {
  KERAS_CUSTOM_CLASS, KERAS_FILE_REFERENCE, KERAS_FOREIGN_MODULE, KERAS_LAMBDA, KERAS_MALFORMED, KERAS_SAFE_MODE_BYPASS,
} from '../../rules/keras';
import type { RuleMeta } from '../../rules/types';
import { BUILTIN_LAYERS, BYPASS_FUNCTIONS, DANGEROUS_MODULES, DANGEROUS_TF_OPS, isKerasModule } from './builtins';
import { walkConfig, layerName, type ConfigObject, type ConfigStrings } from './configWalk';
import { decodeLambda, describeLambda, lambdaPayload } from './lambda';

export interface ConfigIssue {
  rule: RuleMeta;
  message: string;
  pointer: string;
  evidence: string;
  severity?: Severity;
}

export interface ConfigReport {
  issues: ConfigIssue[];
  layers: LayerInfo[];
  layerCount: number;
}

const MAX_REFERENCES = 20;
const LOOKUP_LAYERS = new Set(['StringLookup', 'IntegerLookup', 'TextVectorization']);
const URL = /^(?:https?|ftp|gs|s3|hdfs|file|ram|ssh):\/\//i;
const ABSOLUTE_PATH = /^(?:\/|~\/|[A-Za-z]:[\\/]|\\\\)[^\s]*$/;

/** Analyse one parsed config. `prefix` names where it lives (`/model_config`, `config.json`). */
export function checkKerasConfig(root: unknown, prefix: string, maxPayload: number, rootIsLayer = true): ConfigReport {
  const walk = walkConfig(root, prefix, rootIsLayer);
  const issues: ConfigIssue[] = [];
  const handledLambdas = new Set<string>();
  const layers: LayerInfo[] = [];
  for (const o of walk.objects) {
    if (o.isLayer) layers.push({ name: layerName(o), className: o.className, pointer: o.pointer });
    checkObject(o, issues, handledLambdas, maxPayload);
  }
  checkStrings(walk.strings, issues);
  if (walk.truncated) {
    issues.push({ rule: KERAS_MALFORMED, message: `The config walk stopped: ${walk.truncated}; the rest of the config was not checked.`, pointer: prefix || '/', evidence: walk.truncated });
  }
  return { issues, layers: layers.slice(0, 2000), layerCount: layers.length };
}

function cfgOf(o: ConfigObject): Record<string, unknown> {
  return o.config && typeof o.config === 'object' && !Array.isArray(o.config) ? (o.config as Record<string, unknown>) : {};
}

function checkObject(o: ConfigObject, issues: ConfigIssue[], handled: Set<string>, maxPayload: number): void {
  const cfg = cfgOf(o);
  const where = `${o.className} ${JSON.stringify(layerName(o))}`;
  if (o.className === 'Lambda') {
    for (const key of ['function', 'output_shape', 'mask']) {
      if (cfg[key] === undefined || cfg[key] === null) continue;
      // output_shape / mask are often plain shapes; only code or a function name counts.
      if (key !== 'function' && lambdaPayload(cfg[key]) === undefined && typeof cfg[key] !== 'string') continue;
      const pointer = `${o.pointer}/config/${key}`;
      handled.add(pointer);
      lambdaIssue(where, key, cfg[key], pointer, cfg.function_type, typeof cfg.module === 'string' ? cfg.module : undefined, issues, maxPayload);
    }
  } else if (o.className === '__lambda__' && !handled.has(o.pointer)) {
    lambdaIssue(`a __lambda__ object under ${JSON.stringify(o.key)}`, o.key, { class_name: '__lambda__', config: o.config }, o.pointer, 'lambda', undefined, issues, maxPayload);
  }
  if (o.module !== undefined && o.module !== '' && !isKerasModule(o.module)) {
    const top = o.module.split('.')[0]!;
    const fn = typeof o.config === 'string' ? `.${o.config}` : `.${o.className}`;
    issues.push({
      rule: KERAS_FOREIGN_MODULE,
      message: `${where} is imported from module ${JSON.stringify(o.module)}, outside Keras; Keras imports it and calls ${o.module}${fn} when the model loads.`,
      pointer: o.pointer,
      evidence: `module=${o.module} class_name=${o.className}${typeof o.config === 'string' ? ` config=${o.config}` : ''}`,
      ...(DANGEROUS_MODULES.has(top) ? { severity: 'critical' as const } : {}),
    });
  }
  checkBypass(o, cfg, where, issues);
  if (o.isLayer && !BUILTIN_LAYERS.has(o.className)) {
    const reg = o.registeredName && o.registeredName !== o.className ? ` (registered as ${JSON.stringify(o.registeredName)})` : '';
    issues.push({
      rule: KERAS_CUSTOM_CLASS,
      message: `Layer ${JSON.stringify(layerName(o))} has class ${JSON.stringify(o.className)}${reg}, which is not a built-in Keras layer; loading it needs custom code.`,
      pointer: o.pointer,
      evidence: `class_name=${o.className}${o.module ? ` module=${o.module}` : ''}${o.registeredName ? ` registered_name=${o.registeredName}` : ''}`,
    });
  }
}

function lambdaIssue(where: string, key: string, fn: unknown, pointer: string, fnType: unknown, module: string | undefined, issues: ConfigIssue[], maxPayload: number): void {
  const payload = lambdaPayload(fn);
  if (payload === undefined || fnType === 'function' || fnType === 'raw') {
    // A function referenced by name (Keras 2 `function_type: "function"`), resolved in `module`.
    const name = typeof fn === 'string' ? fn : JSON.stringify(fn).slice(0, 200);
    const danger = module !== undefined && DANGEROUS_MODULES.has(module.split('.')[0]!);
    issues.push({
      rule: KERAS_LAMBDA,
      message: `${where}: ${key} refers to the function ${name}${module ? ` of module ${module}` : ''}, resolved by name when the model loads.`,
      pointer,
      evidence: `${key}=${name}${module ? ` module=${module}` : ''}`,
      ...(danger ? { severity: 'critical' as const } : {}),
    });
    return;
  }
  const d = decodeLambda(payload, maxPayload);
  if (d.error) {
    issues.push({ rule: KERAS_LAMBDA, message: `${where}: ${key} holds a serialised Python function that could not be decoded (${d.error}); it runs when the model loads.`, pointer, evidence: payload.slice(0, 80) });
    return;
  }
  const critical = d.dangerous.length > 0;
  issues.push({
    rule: KERAS_LAMBDA,
    message: critical
      ? `${where}: ${key} is Python bytecode that refers to ${d.dangerous.join(', ')}; it runs when the model is loaded or called.`
      : `${where}: ${key} is Python bytecode that runs when the model is loaded or called.`,
    pointer,
    evidence: describeLambda(d),
    ...(critical ? { severity: 'critical' as const } : {}),
  });
}

function checkBypass(o: ConfigObject, cfg: Record<string, unknown>, where: string, issues: ConfigIssue[]): void {
  // Keras 3 function references: {"class_name": "function", "config": "<name>", "module": ...}.
  const fnName = o.className === 'function' || o.registeredName === 'function' ? (typeof o.config === 'string' ? o.config : undefined) : undefined;
  const last = fnName?.split('.').pop();
  if (last && Object.hasOwn(BYPASS_FUNCTIONS, last)) {
    issues.push({
      rule: KERAS_SAFE_MODE_BYPASS,
      message: `The config references the function ${o.module ? `${o.module}.` : ''}${fnName}, which ${BYPASS_FUNCTIONS[last]}.`,
      pointer: o.pointer,
      evidence: `module=${o.module ?? ''} function=${fnName}`,
    });
  }
  if (o.className === 'TFSMLayer') {
    const path = typeof cfg.filepath === 'string' ? cfg.filepath : '(no filepath)';
    issues.push({
      rule: KERAS_SAFE_MODE_BYPASS,
      message: `${where} loads and runs the TensorFlow SavedModel at ${JSON.stringify(path)} when the model loads; that SavedModel was not scanned.`,
      pointer: o.pointer,
      evidence: `TFSMLayer filepath=${path}`,
      severity: 'high',
    });
  }
  if ((o.className === 'TFOpLambda' || o.className === 'SlicingOpLambda') && typeof cfg.function === 'string' && DANGEROUS_TF_OPS.test(cfg.function)) {
    issues.push({
      rule: KERAS_SAFE_MODE_BYPASS,
      message: `${where} calls the TensorFlow API tf.${cfg.function}, which reaches files or Python code, when the model runs.`,
      pointer: `${o.pointer}/config/function`,
      evidence: `function=${cfg.function}`,
      severity: 'high',
    });
  }
  if (LOOKUP_LAYERS.has(o.className) && typeof cfg.vocabulary === 'string') {
    issues.push({
      rule: KERAS_FILE_REFERENCE,
      message: `${where} reads its vocabulary from ${JSON.stringify(cfg.vocabulary)} on the loading machine.`,
      pointer: `${o.pointer}/config/vocabulary`,
      evidence: `vocabulary=${cfg.vocabulary}`,
    });
  }
}

function checkStrings(strings: readonly ConfigStrings[], issues: ConfigIssue[]): void {
  let n = 0;
  for (const s of strings) {
    if (s.key === 'vocabulary' || s.key === 'filepath' || s.key === 'code' || s.key === 'function') continue;
    if (!URL.test(s.value) && !ABSOLUTE_PATH.test(s.value)) continue;
    if (++n > MAX_REFERENCES) break;
    issues.push({
      rule: KERAS_FILE_REFERENCE,
      message: `The config value ${JSON.stringify(s.key)} is ${URL.test(s.value) ? 'a URL' : 'an absolute path'}: ${JSON.stringify(s.value.slice(0, 200))}.`,
      pointer: s.pointer,
      evidence: s.value.slice(0, 200),
      severity: 'medium',
    });
  }
}
