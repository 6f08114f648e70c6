// TensorFlow SavedModels (saved_model.pb) and frozen GraphDefs: parse selectively (weights in
// Const tensors are stepped over), check every op of the graph and its function library, and
// fill the summary.
import type { AnalysisContext } from '../../context';
import type { ByteSource } from '../../io/byteSource';
import { TF_MALFORMED } from '../../rules/tensorflow';
import type { WireProblem } from '../protobuf/decoder';
import { checkScopes } from './checks';
import { parseGraphDef, parseSavedModel, type TfParse } from './parse';
import { functionScope, graphScope, type TfScope } from './scope';
import { looksLikeGraphDef, looksLikeSavedModel } from './sniff';
import type { TfGraph, TfSaver } from './types';

export { looksLikeGraphDef, looksLikeSavedModel };

export function analyzeSavedModel(src: ByteSource, ctx: AnalysisContext): void {
  const parsed = parseSavedModel(src, options(ctx));
  reportParse(parsed, ctx);
  const m = parsed.value;
  if (m.metaGraphs.length === 0) {
    ctx.report(TF_MALFORMED, { message: 'The SavedModel holds no MetaGraphDef: there is no graph to load.', location: { kind: 'file' } });
  }
  const graphs: TfGraph[] = [];
  for (const mg of m.metaGraphs) {
    if (!mg.graph) continue;
    graphs.push(mg.graph);
    analyzeGraph(mg.graph, mg.saver, ctx);
  }
  summarize(graphs, parsed.nodeCount, ctx);
  ctx.summary.facts = {
    ...ctx.summary.facts,
    tfSchemaVersion: m.schemaVersion ?? 'absent',
    tfMetaGraphs: m.metaGraphs.length,
    tfTags: [...new Set(m.metaGraphs.flatMap((g) => g.tags))].join(', '),
    tfVersion: m.metaGraphs.find((g) => g.tfVersion)?.tfVersion ?? '',
    tfSignatures: [...new Set(m.metaGraphs.flatMap((g) => g.signatures))].slice(0, 50).join(', '),
    ...(m.metaGraphs.some((g) => g.assets.length > 0) ? { tfAssets: m.metaGraphs.flatMap((g) => g.assets).slice(0, 50).join(', ') } : {}),
  };
}

export function analyzeGraphDef(src: ByteSource, ctx: AnalysisContext): void {
  const parsed = parseGraphDef(src, options(ctx));
  reportParse(parsed, ctx);
  analyzeGraph(parsed.value, undefined, ctx);
  summarize([parsed.value], parsed.nodeCount, ctx);
}

function options(ctx: AnalysisContext): { maxStructureBytes: number; timeUp: () => boolean } {
  return { maxStructureBytes: ctx.limits.maxHeaderBytes, timeUp: () => ctx.timeUp() };
}

function analyzeGraph(g: TfGraph, saver: TfSaver | undefined, ctx: AnalysisContext): void {
  const scopes: TfScope[] = [graphScope(g), ...g.functions.map(functionScope)];
  checkScopes(scopes, new Set(g.functions.map((f) => f.name)), saver, ctx);
}

function reportParse(p: TfParse<unknown>, ctx: AnalysisContext): void {
  for (const problem of p.problems.slice(0, 20)) reportProblem(problem, ctx);
  if (p.budgetHit) ctx.limitHit('maxHeaderBytes', { kind: 'file' }, 'TensorFlow graph structure (names, attributes, constants)');
  if (p.timedOut) ctx.limitHit('maxWallTimeMs', { kind: 'file' }, 'while reading the TensorFlow graph');
}

function reportProblem(problem: WireProblem, ctx: AnalysisContext): void {
  ctx.report(TF_MALFORMED, {
    message: `The protobuf is malformed at byte ${problem.offset}: ${problem.reason}. The rest of that message was not analysed.`,
    location: { kind: 'bytes', offset: problem.offset },
    evidence: problem.reason,
  });
}

function summarize(graphs: TfGraph[], nodeCount: number, ctx: AnalysisContext): void {
  const ops: Record<string, number> = {};
  let functions = 0;
  for (const g of graphs) {
    functions += g.functions.length;
    for (const n of [...g.nodes, ...g.functions.flatMap((f) => f.nodes)]) ops[n.op] = (ops[n.op] ?? 0) + 1;
  }
  const placeholders = graphs.flatMap((g) => g.nodes.filter((n) => n.op === 'Placeholder').map((n) => n.name));
  ctx.summary.graph = { ops, inputs: placeholders.slice(0, 100) };
  const producer = graphs.find((g) => g.producer !== undefined)?.producer;
  ctx.summary.facts = { ...ctx.summary.facts, nodeCount, functionCount: functions, ...(producer !== undefined ? { tfGraphProducer: producer } : {}) };
}
