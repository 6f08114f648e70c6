// ONNX models: parse the ModelProto selectively (payloads skipped), then check structure,
// operators, external data, metadata, loops and trigger patterns, and fill the summary.
import type { AnalysisContext } from '../../context';
import type { ByteSource } from '../../io/byteSource';
import { NOT_ANALYSED } from '../../rules/modelFormat';
import { ONNX_MALFORMED, ONNX_SUBGRAPH_LIMIT, ONNX_TRIGGER } from '../../rules/onnx';
import { findTriggers, type TriggerPath } from './backdoor';
import { checkExternalData, checkFunctions, checkOperators, checkVersions } from './checks';
import { flattenModel } from './flatten';
import { checkLoops } from './loops';
import { checkMetadata } from './metadata';
import { parseOnnx, type OnnxParse } from './parse';
import { summarize } from './report';
import { checkDeclaredSizes } from './sizes';
import { isOrtFormat, looksLikeOnnx } from './sniff';

export { looksLikeOnnx };

/** Trigger findings reported individually; the rest are counted in one more finding. */
const MAX_TRIGGER_FINDINGS = 25;

export function analyzeOnnxFile(src: ByteSource, ctx: AnalysisContext): void {
  const head = src.read(0, 8);
  if (isOrtFormat(head)) {
    ctx.report(NOT_ANALYSED, { message: 'This is an ONNX Runtime (.ort, flatbuffer) model; this version analyses ONNX protobuf models only.', location: { kind: 'file' } });
    return;
  }
  const parsed = parseOnnx(src, {
    maxStructureBytes: ctx.limits.maxHeaderBytes,
    maxGraphDepth: ctx.limits.maxNestingDepth,
    timeUp: () => ctx.timeUp(),
  });
  reportParse(parsed, ctx);
  const m = parsed.model;
  if (!m.graph) {
    ctx.report(ONNX_MALFORMED, { message: 'The model has no graph: there is nothing an ONNX runtime could run.', location: { kind: 'file' }, evidence: 'ModelProto.graph absent' });
  }
  checkVersions(m, ctx);
  checkOperators(m, ctx);
  checkFunctions(m, ctx);
  const external = checkExternalData(m, ctx);
  checkMetadata(m, ctx);
  checkDeclaredSizes(m, ctx);
  if (m.graph) {
    const flat = flattenModel(m.graph, m.functions);
    if (flat.inlineLimited > 0) {
      ctx.report(ONNX_SUBGRAPH_LIMIT, {
        message: `${flat.inlineLimited} call(s) of model-local functions were too deeply nested or recursive to inline; they were analysed as opaque nodes.`,
        location: { kind: 'file' },
      });
    }
    checkLoops(flat, ctx);
    reportTriggers(findTriggers(flat), ctx);
  }
  summarize(m, ctx.summary, parsed.nodeCount, external);
}

function reportParse(p: OnnxParse, ctx: AnalysisContext): void {
  for (const problem of p.problems.slice(0, 20)) {
    ctx.report(ONNX_MALFORMED, {
      message: `The protobuf is malformed at byte ${problem.offset}: ${problem.reason}. The rest of that message was not analysed.`,
      location: { kind: 'bytes', offset: problem.offset },
      evidence: problem.reason,
    });
  }
  if (p.depthHitAt !== undefined) ctx.limitHit('maxNestingDepth', { kind: 'bytes', offset: p.depthHitAt }, 'ONNX subgraphs nested deeper');
  if (p.budgetHit) ctx.limitHit('maxHeaderBytes', { kind: 'file' }, 'ONNX graph structure (names, attributes, constants)');
  if (p.timedOut) ctx.limitHit('maxWallTimeMs', { kind: 'file' }, 'while reading the ONNX graph');
}

function reportTriggers(paths: TriggerPath[], ctx: AnalysisContext): void {
  for (const p of paths.slice(0, MAX_TRIGGER_FINDINGS)) {
    const where = p.distance === undefined ? 'does not reach a graph output' : p.distance === 0 ? 'directly produces a graph output' : `is ${p.distance} operator(s) from a graph output`;
    const input = p.rank === undefined ? `input '${p.input}' (shape not declared)` : `input '${p.input}' of rank ${p.rank}`;
    ctx.report(ONNX_TRIGGER, {
      message: `${input} is compared with a constant (${p.comparison.op} '${p.comparison.label}', ${p.constant}) and the result is the ${p.role} of '${p.selector.label}', which ${where}.`,
      location: { kind: 'pointer', pointer: `node:${p.selector.label}` },
      evidence: p.chain.join(' → '),
      severity: p.severity,
      ...(p.severity === 'medium' ? { confidence: 'low' as const } : {}),
    });
  }
  if (paths.length > MAX_TRIGGER_FINDINGS) {
    ctx.report(ONNX_TRIGGER, {
      message: `${paths.length - MAX_TRIGGER_FINDINGS} more input-to-selector comparison(s) of the same shape were found and not listed one by one.`,
      location: { kind: 'file' },
      severity: 'info',
    });
  }
}
