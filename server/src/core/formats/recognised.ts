// Formats the engine recognises by signature but does not analyse yet. They are listed so that a
// file in one of them is reported as "recognised, not analysed" (MSL703) instead of passing
// silently, and so that a pickle named like one of them is a format mismatch (MSL701).
import type { ByteSource } from '../io/byteSource';
import type { FormatDefinition } from './types';
import type { AnalysisContext } from '../context';
import { NOT_ANALYSED } from '../rules/modelFormat';

/** A format identified but without content checks: one info finding (MSL703) so nothing passes silently. */
function notAnalysed(label: string, note: string): (src: ByteSource, ctx: AnalysisContext) => void {
  return (_src, ctx) => ctx.report(NOT_ANALYSED, { message: `This is a ${label}; this version does not analyse its content (${note}).`, location: { kind: 'file' }, evidence: label });
}

export function isOpenVinoXml(head: Uint8Array): boolean {
  const text = Buffer.from(head.subarray(0, 1024)).toString('latin1');
  return /^\s*(?:<\?xml[^>]*\?>\s*)?<net\s[^>]*\bversion\s*=/.test(text);
}

export const RECOGNISED_FORMATS: readonly FormatDefinition[] = [
  // Protobuf / raw formats without a signature: claimed by extension, reported as not analysed.
  { id: 'coreml', label: 'Core ML model', extensions: ['.mlmodel'], analyze: notAnalysed('Core ML model', 'Core ML models can contain custom layers implemented by the app (review customLayer entries)') },
  { id: 'paddle', label: 'PaddlePaddle model', extensions: ['.pdmodel', '.pdiparams'], analyze: notAnalysed('PaddlePaddle inference model', '`.pdparams` files, unlike these, are pickles and are analysed as such') },
  { id: 'msgpack', label: 'msgpack / Flax checkpoint', extensions: ['.msgpack'], analyze: notAnalysed('msgpack (Flax) checkpoint', 'msgpack has no code objects, but extension types are application-defined') },
  { id: 'caffe', label: 'Caffe model', extensions: ['.caffemodel'], analyze: notAnalysed('Caffe model', 'Caffe models may name Python layers (`type: "Python"`) that import modules') },
  // OpenVINO IR: an XML graph (`<net name=... version=...>`) next to a `.bin` of weights.
  { id: 'openvino', label: 'OpenVINO IR', extensions: [], content: isOpenVinoXml, analyze: notAnalysed('OpenVINO IR graph', 'the weights live in the `.bin` file next to it') },
];
