// PLACEHOLDER (replaced by the zip container work): signatures only.
import type { ByteSource } from '../../io/byteSource';
import type { AnalysisContext } from '../../context';

export function hasZipMagic(head: Uint8Array, _src: ByteSource): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4;
}
export async function analyzeZipFile(_src: ByteSource, _ctx: AnalysisContext): Promise<void> {}
