// Structural checks of an ONNX model: versions, operators and domains, model-local functions,
// external data. Each check reports through the context with a located finding.
import type { AnalysisContext } from '../../context';
import {
  ONNX_CUSTOM_DOMAIN, ONNX_EXTERNAL_DATA, ONNX_EXTERNAL_TRAVERSAL, ONNX_LOCAL_FUNCTIONS, ONNX_PYTHON_OP, ONNX_VERSION,
} from '../../rules/onnx';
import { EXTENSIONS_DOMAIN, isCustomDomain, isPythonOp, isStandardDomain } from './domains';
import type { OnnxModel, OnnxTensor } from './types';
import { allGraphs, allNodes } from './walk';

/** Newest published IR version / default-domain opset known to this scanner, with headroom. */
const KNOWN_IR = 11;
const KNOWN_OPSET = 23;

export function checkVersions(m: OnnxModel, ctx: AnalysisContext): void {
  if (m.irVersion === undefined || m.irVersion < 1 || m.irVersion > KNOWN_IR) {
    ctx.report(ONNX_VERSION, {
      message: m.irVersion === undefined ? 'The model declares no IR version.' : `IR version ${m.irVersion} is outside the published range 1–${KNOWN_IR}.`,
      location: { kind: 'bytes', offset: 0, length: 2 },
      evidence: `ir_version=${m.irVersion ?? 'absent'}`,
    });
  }
  const main = m.opsets.find((o) => o.domain === '' || o.domain === 'ai.onnx');
  if (m.opsets.length > 0 && main && (main.version < 1 || main.version > KNOWN_OPSET)) {
    ctx.report(ONNX_VERSION, {
      message: `The default-domain opset ${main.version} is outside the published range 1–${KNOWN_OPSET}.`,
      location: { kind: 'pointer', pointer: 'opset_import/ai.onnx' },
      evidence: `opset ${main.version}`,
    });
  }
}

export function checkOperators(m: OnnxModel, ctx: AnalysisContext): void {
  const local = new Set(m.functions.map((f) => `${f.domain}\u0000${f.name}`));
  const custom = new Map<string, { count: number; path: string }>();
  for (const { node, path } of allNodes(m)) {
    if (isPythonOp(node.opType)) {
      ctx.report(ONNX_PYTHON_OP, {
        message: `Node '${path}' is a ${node.opType}${node.domain ? ` (domain ${node.domain})` : ''}: running the model calls a Python function.`,
        location: { kind: 'pointer', pointer: `node:${path}` },
        evidence: `${node.domain || 'ai.onnx'}::${node.opType}`,
      });
      continue;
    }
    if (!isCustomDomain(node.domain) || local.has(`${node.domain}\u0000${node.opType}`)) continue;
    const key = `${node.domain}::${node.opType}`;
    const seen = custom.get(key);
    if (seen) seen.count++;
    else custom.set(key, { count: 1, path });
  }
  for (const [key, { count, path }] of custom) {
    const domain = key.slice(0, key.indexOf('::'));
    ctx.report(ONNX_CUSTOM_DOMAIN, {
      message: `${count} node(s) use operator ${key} from the custom domain '${domain}'${domain === EXTENSIONS_DOMAIN ? ' (onnxruntime-extensions, where Python-defined operators live)' : ''}; first: '${path}'. The model cannot run without loading code for it.`,
      location: { kind: 'pointer', pointer: `node:${path}` },
      evidence: key,
    });
  }
}

export function checkFunctions(m: OnnxModel, ctx: AnalysisContext): void {
  if (m.functions.length === 0) return;
  const shadowing = m.functions.filter((f) => isStandardDomain(f.domain));
  for (const f of shadowing) {
    ctx.report(ONNX_LOCAL_FUNCTIONS, {
      message: `Model-local function '${f.name}' is defined in the standard domain '${f.domain || 'ai.onnx'}', where it shadows or impersonates a built-in operator.`,
      location: { kind: 'bytes', offset: f.offset },
      evidence: `${f.domain || 'ai.onnx'}::${f.name} (${f.nodes.length} nodes)`,
      severity: 'high',
    });
  }
  const names = m.functions.map((f) => `${f.domain ? `${f.domain}::` : ''}${f.name} (${f.nodes.length} nodes)`);
  ctx.report(ONNX_LOCAL_FUNCTIONS, {
    message: `The model defines ${m.functions.length} local function(s); they were inlined at their call sites for analysis.`,
    location: { kind: 'bytes', offset: m.functions[0]!.offset },
    evidence: names.slice(0, 20).join(', ') + (names.length > 20 ? ', …' : ''),
  });
}

/** External data: every referenced file is recorded; traversal and absolute paths are critical. */
export function checkExternalData(m: OnnxModel, ctx: AnalysisContext): string[] {
  const files = new Set<string>();
  let plain = 0;
  let first: { t: OnnxTensor; path: string } | undefined;
  for (const { graph, path } of allGraphs(m)) {
    for (const t of graph.initializers) {
      if (!t.external && t.dataLocation !== 1) continue;
      const location = t.external?.['location'] ?? '';
      files.add(location);
      if (escapesFolder(location)) {
        ctx.report(ONNX_EXTERNAL_TRAVERSAL, {
          message: `Initializer '${path}${t.name}' reads its data from '${location}', outside the model's folder.`,
          location: { kind: 'pointer', pointer: `tensor:${path}${t.name}` },
          evidence: `location=${location}`,
        });
      } else {
        plain++;
        first ??= { t, path };
      }
    }
  }
  if (first) {
    const list = [...files].filter((f) => !escapesFolder(f));
    ctx.report(ONNX_EXTERNAL_DATA, {
      message: `${plain} initializer(s) keep their data in external file(s): ${list.map((f) => `'${f || '(no location)'}'`).slice(0, 10).join(', ')}${list.length > 10 ? ', …' : ''}. Those files were not scanned with the model.`,
      location: { kind: 'pointer', pointer: `tensor:${first.path}${first.t.name}` },
      evidence: Object.entries(first.t.external ?? {}).map(([k, v]) => `${k}=${v}`).join(', ') || 'data_location=EXTERNAL',
    });
  }
  return [...files];
}

export function escapesFolder(location: string): boolean {
  const p = location.replace(/\\/g, '/');
  return p.startsWith('/') || /^[A-Za-z]:/.test(p) || p.split('/').includes('..') || p.startsWith('~');
}
