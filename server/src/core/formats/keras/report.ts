// Turns config issues into findings and records layers and facts in the summary.
import type { AnalysisContext } from '../../context';
import { KERAS_MALFORMED } from '../../rules/keras';
import type { ConfigReport } from './configChecks';
import { checkKerasConfig } from './configChecks';

const MAX_ISSUES = 200;
const MAX_LAYERS_IN_SUMMARY = 500;

export function reportConfig(report: ConfigReport, ctx: AnalysisContext): void {
  for (const issue of report.issues.slice(0, MAX_ISSUES)) {
    ctx.report(issue.rule, {
      message: issue.message,
      location: { kind: 'pointer', pointer: issue.pointer },
      evidence: issue.evidence,
      ...(issue.severity ? { severity: issue.severity } : {}),
    });
  }
  if (report.issues.length > MAX_ISSUES) {
    ctx.report(KERAS_MALFORMED, {
      message: `The config produced ${report.issues.length} findings; only the first ${MAX_ISSUES} are listed.`,
      location: { kind: 'file' },
      evidence: `${report.issues.length} findings`,
      severity: 'info',
    });
  }
  if (report.layerCount > 0) {
    const layers = [...(ctx.summary.layers ?? []), ...report.layers];
    ctx.summary.layers = layers.slice(0, MAX_LAYERS_IN_SUMMARY);
    const prev = typeof ctx.summary.facts?.layerCount === 'number' ? ctx.summary.facts.layerCount : 0;
    ctx.summary.facts = { ...ctx.summary.facts, layerCount: prev + report.layerCount };
  }
}

/**
 * Parses a config text and checks it. Returns false (after a finding) when it is not JSON.
 * `pointer` is where the text lives (`/model_config` for an HDF5 attribute, '' for a file).
 */
export function analyzeConfigText(text: string, pointer: string, ctx: AnalysisContext, rootIsLayer?: boolean): unknown {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    ctx.report(KERAS_MALFORMED, {
      message: `${pointer || 'The config'} is not valid JSON (${e instanceof Error ? e.message.slice(0, 120) : 'parse error'}); Keras cannot load it and it was not analysed.`,
      location: { kind: 'pointer', pointer: pointer || '/' },
      evidence: text.slice(0, 80),
    });
    return undefined;
  }
  // A model object at the root is a layer (Sequential/Functional); metadata or TF.js wrappers are not.
  const modelAtRoot = !!root && typeof root === 'object' && typeof (root as Record<string, unknown>).class_name === 'string';
  reportConfig(checkKerasConfig(root, pointer, ctx.limits.maxHeaderBytes, rootIsLayer ?? modelAtRoot), ctx);
  return root;
}
