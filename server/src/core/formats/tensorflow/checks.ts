// Op checks over every scope (graph and function bodies): Python callbacks, file and network
// I/O, checkpoint ops outside the saver, code-loader names and ops outside the core set.
import type { AnalysisContext } from '../../context';
import type { Severity } from '../../findings';
import { TF_CHECKPOINT_IO, TF_FILE_IO, TF_NATIVE_CODE_OP, TF_NETWORK_OP, TF_PYTHON_OP, TF_UNKNOWN_OP } from '../../rules/tensorflow';
import { CHECKPOINT_OPS, DEBUG_URL_OPS, FILE_OPS, NETWORK_OPS, PYTHON_OPS, isKnownOp, isNativeCodeName } from './ops';
import { dataInputs, nodePointer, pathEscapes, resolveSource, type PathSource, type TfScope } from './scope';
import type { TfNode, TfSaver } from './types';

const SAVER_FUNCTION = /_traced_(?:save|restore)|(?:^|_)(?:save|restore)_fn|saver|checkpoint/i;

export function checkScopes(scopes: TfScope[], functionNames: ReadonlySet<string>, saver: TfSaver | undefined, ctx: AnalysisContext): void {
  const unknown = new Map<string, { count: number; pointer: string }>();
  for (const scope of scopes) {
    for (const n of scope.nodes) {
      const pointer = nodePointer(scope, n);
      const where = scope.fn ? ` in function '${scope.fn}'` : '';
      if (PYTHON_OPS.has(n.op)) {
        const token = n.attrs.get('token')?.s;
        ctx.report(TF_PYTHON_OP, { message: `Node '${n.name}'${where} is a ${n.op}: running it calls a Python function of the loading process.`, location: { kind: 'pointer', pointer }, evidence: `${n.op}${token ? ` token=${token}` : ''}` });
      } else if (n.op in FILE_OPS) {
        fileOp(scope, n, pointer, where, ctx);
      } else if (CHECKPOINT_OPS.has(n.op)) {
        checkpointOp(scope, n, pointer, where, saver, ctx);
      } else if (NETWORK_OPS.has(n.op)) {
        ctx.report(TF_NETWORK_OP, { message: `Node '${n.name}'${where} is a ${n.op}: it calls functions on another machine or task.`, location: { kind: 'pointer', pointer }, evidence: n.op });
      } else if (DEBUG_URL_OPS.has(n.op) || n.op === 'PrintV2') {
        urlOp(n, pointer, where, ctx);
      } else if (isNativeCodeName(n.op)) {
        ctx.report(TF_NATIVE_CODE_OP, { message: `Node '${n.name}'${where} uses the op '${n.op}', named like a code loader or shell.`, location: { kind: 'pointer', pointer }, evidence: n.op });
      } else if (!isKnownOp(n.op) && !functionNames.has(n.op)) {
        const u = unknown.get(n.op);
        if (u) u.count++;
        else unknown.set(n.op, { count: 1, pointer });
      }
    }
  }
  for (const [op, { count, pointer }] of unknown) {
    ctx.report(TF_UNKNOWN_OP, {
      message: `${count} node(s) use the op '${op}', which is neither a core TensorFlow op nor a function of the graph's library: it needs a custom kernel library.`,
      location: { kind: 'pointer', pointer },
      evidence: op,
    });
  }
}

function describe(src: PathSource): string {
  switch (src.kind) {
    case 'const': return src.values.length > 0 ? `constant path ${src.values.map((v) => `'${v}'`).join(', ')}` : 'constant path';
    case 'fed': return `path fed from '${src.name}'`;
    case 'computed': return `path computed by ${src.op} '${src.name}'`;
    case 'none': return 'path not resolved';
  }
}

function fileOp(scope: TfScope, n: TfNode, pointer: string, where: string, ctx: AnalysisContext): void {
  const spec = FILE_OPS[n.op]!;
  let severity: Severity = spec.severity;
  const parts = [n.op];
  if (spec.pathInput !== undefined) {
    const src = resolveSource(scope, dataInputs(n)[spec.pathInput]);
    parts.push(describe(src));
    if (src.kind === 'const' && src.values.some(pathEscapes)) severity = spec.writes ? 'critical' : 'high';
  }
  const region = n.attrs.get('memory_region_name')?.s;
  if (region) parts.push(`memory_region_name='${region}'`);
  ctx.report(TF_FILE_IO, { message: `Node '${n.name}'${where} ${spec.what} when the graph runs.`, location: { kind: 'pointer', pointer }, evidence: parts.join(', '), severity });
}

function checkpointOp(scope: TfScope, n: TfNode, pointer: string, where: string, saver: TfSaver | undefined, ctx: AnalysisContext): void {
  const src = resolveSource(scope, dataInputs(n)[0]);
  if (isSaverPlumbing(scope, n, src, saver)) return;
  let severity: Severity = 'high';
  if (src.kind === 'const') severity = src.values.some(pathEscapes) ? 'high' : 'medium';
  ctx.report(TF_CHECKPOINT_IO, {
    message: `Node '${n.name}'${where} is a ${n.op} outside the model's saver: it ${n.op.startsWith('Restore') ? 'reads' : 'writes'} checkpoint files when the graph runs.`,
    location: { kind: 'pointer', pointer },
    evidence: `${n.op}, ${describe(src)}`,
    severity,
  });
}

function isSaverPlumbing(scope: TfScope, n: TfNode, src: PathSource, saver: TfSaver | undefined): boolean {
  if (scope.fn) return SAVER_FUNCTION.test(scope.fn);
  if (!saver) return false;
  const prefixes = [saver.saveTensor, saver.restoreOp, saver.filenameTensor].map((s) => s.split('/')[0]).filter((s): s is string => !!s);
  if (prefixes.some((p) => n.name.startsWith(`${p}/`))) return true;
  return src.kind === 'fed' && src.name === saver.filenameTensor.split(':')[0];
}

function urlOp(n: TfNode, pointer: string, where: string, ctx: AnalysisContext): void {
  const urls = n.op === 'PrintV2' ? [n.attrs.get('output_stream')?.s ?? ''] : [...(n.attrs.get('debug_urls')?.listS ?? []), ...(n.attrs.get('debug_ops_spec')?.listS ?? [])];
  const remote = urls.filter((u) => /(?:grpc|https?):\/\//i.test(u));
  const files = urls.filter((u) => /file:\/\//i.test(u));
  if (remote.length > 0) {
    ctx.report(TF_NETWORK_OP, { message: `Node '${n.name}'${where} (${n.op}) streams tensors to ${remote.join(', ')}.`, location: { kind: 'pointer', pointer }, evidence: `${n.op} ${remote.join(' ')}` });
  } else if (files.length > 0) {
    ctx.report(TF_FILE_IO, {
      message: `Node '${n.name}'${where} (${n.op}) writes to ${files.join(', ')} when the graph runs.`,
      location: { kind: 'pointer', pointer },
      evidence: `${n.op} ${files.join(' ')}`,
      severity: files.some(pathEscapes) ? 'high' : 'medium',
    });
  }
}
