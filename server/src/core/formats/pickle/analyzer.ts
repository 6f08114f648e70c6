// PLACEHOLDER (replaced by the pickle machine work): signatures only.
import type { ByteSource } from '../../io/byteSource';
import type { AnalysisContext } from '../../context';

export function hasPickleMagic(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x80 && head[1]! >= 2 && head[1]! <= 5;
}
export function looksLikeHeaderlessPickle(_head: Uint8Array): boolean {
  return false;
}
export function analyzePickleFile(_src: ByteSource, _ctx: AnalysisContext): void {}
