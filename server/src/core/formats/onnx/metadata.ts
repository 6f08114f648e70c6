// metadata_props and doc strings: URLs (metadata only: exporters put links in doc strings) and
// secrets (everywhere).
import type { AnalysisContext } from '../../context';
import { ONNX_METADATA_SECRET, ONNX_METADATA_URL } from '../../rules/onnx';
import { findSecrets, findUrl, isSecretKeyName, mask } from './secrets';
import type { OnnxModel } from './types';
import { allGraphs } from './walk';

export function checkMetadata(m: OnnxModel, ctx: AnalysisContext): void {
  for (const e of m.metadata) {
    const pointer = `metadata_props/${e.key}`;
    const secrets = findSecrets(`${e.key}=${e.value}`);
    if (secrets.length > 0 || isSecretKeyName(e.key, e.value)) {
      ctx.report(ONNX_METADATA_SECRET, {
        message: `Metadata property '${e.key}' holds ${secrets.length > 0 ? `a ${secrets[0]!.kind}` : 'a credential-like value'}.`,
        location: { kind: 'pointer', pointer },
        evidence: secrets.length > 0 ? secrets.map((s) => `${s.kind}: ${s.masked}`).join('; ') : `${e.key}=${mask(e.value)}`,
      });
    }
    const url = findUrl(e.value);
    if (url) {
      ctx.report(ONNX_METADATA_URL, {
        message: `Metadata property '${e.key}' contains the URL ${url}.`,
        location: { kind: 'pointer', pointer },
        evidence: url.length > 200 ? `${url.slice(0, 200)}…` : url,
      });
    }
  }
  const docs = [{ text: m.docString, where: 'doc_string' }, ...allGraphs(m).map(({ graph, path }) => ({ text: graph.docString, where: `${path}graph.doc_string` }))];
  for (const { text, where } of docs) {
    const secrets = text ? findSecrets(text) : [];
    if (secrets.length === 0) continue;
    ctx.report(ONNX_METADATA_SECRET, {
      message: `The ${where} holds a ${secrets[0]!.kind}.`,
      location: { kind: 'pointer', pointer: where },
      evidence: secrets.map((s) => `${s.kind}: ${s.masked}`).join('; '),
    });
  }
}
