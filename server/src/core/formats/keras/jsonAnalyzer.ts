// Keras JSON: `config.json` / `metadata.json` of a `.keras` v3 zip, `model.to_json()` output and
// TensorFlow.js `model.json` (its `modelTopology` is a Keras config).
import type { AnalysisContext } from '../../context';
import type { ByteSource } from '../../io/byteSource';
import { analyzeConfigText } from './report';

/**
 * Narrow content test for standalone files: a JSON object whose first 4 KiB name a Keras model
 * class at the top level, the Keras version, or a TF.js layers model. Anything else is not claimed.
 */
export function looksLikeKerasJson(head: Uint8Array): boolean {
  let i = 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)) i++;
  if (head[i] !== 0x7b /* { */) return false;
  const text = Buffer.from(head.subarray(i, i + 4096)).toString('latin1');
  return (
    /"class_name"\s*:\s*"(?:Sequential|Functional|Model)"/.test(text) ||
    /"keras_version"\s*:\s*"/.test(text) ||
    /"format"\s*:\s*"layers-model"/.test(text)
  );
}

export function analyzeKerasJson(src: ByteSource, ctx: AnalysisContext): void {
  const max = ctx.limits.maxHeaderBytes;
  if (src.size > max) {
    ctx.limitHit('maxHeaderBytes', { kind: 'bytes', offset: 0, length: src.size }, `Keras JSON of ${src.size} bytes`);
    return;
  }
  const text = Buffer.from(src.read(0, src.size)).toString('utf8');
  const root = analyzeConfigText(text, '', ctx);
  if (!root || typeof root !== 'object' || Array.isArray(root)) return;
  const o = root as Record<string, unknown>;
  if (typeof o.keras_version === 'string') ctx.summary.facts = { ...ctx.summary.facts, kerasVersion: o.keras_version.slice(0, 40) };
}
