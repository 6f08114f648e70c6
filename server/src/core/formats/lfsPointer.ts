// Git LFS pointer files: the model was never downloaded, so nothing of it can be scanned.
import type { ByteSource } from '../io/byteSource';
import type { AnalysisContext } from '../context';
import { LFS_POINTER } from '../rules/modelProvenance';

const SPEC_LINE = 'version https://git-lfs.github.com/spec/v1';
/** Pointer files are tiny by specification (git-lfs refuses to treat > 1024 bytes as a pointer). */
const MAX_POINTER_BYTES = 1024;

export function isLfsPointer(head: Uint8Array, src: ByteSource): boolean {
  if (src.size > MAX_POINTER_BYTES) return false;
  return new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, SPEC_LINE.length)) === SPEC_LINE;
}

export interface LfsPointer { oid?: string; size?: number }

export function parseLfsPointer(text: string): LfsPointer {
  const out: LfsPointer = {};
  for (const line of text.split('\n')) {
    const oid = /^oid sha256:([0-9a-f]{64})$/.exec(line.trim());
    if (oid) out.oid = oid[1];
    const size = /^size (\d+)$/.exec(line.trim());
    if (size) out.size = Number(size[1]);
  }
  return out;
}

export function analyzeLfsPointer(src: ByteSource, ctx: AnalysisContext): void {
  const text = new TextDecoder().decode(src.read(0, MAX_POINTER_BYTES));
  const ptr = parseLfsPointer(text);
  ctx.summary.facts = { ...ctx.summary.facts, ...(ptr.oid ? { lfsOid: ptr.oid } : {}), ...(ptr.size !== undefined ? { lfsSize: ptr.size } : {}) };
  ctx.report(LFS_POINTER, {
    message: `Git LFS pointer${ptr.size !== undefined ? ` to a ${ptr.size}-byte object` : ''}; the model is not in the working tree, so nothing was scanned.`,
    location: { kind: 'file' },
    evidence: ptr.oid ? `oid sha256:${ptr.oid}` : text.slice(0, 200),
  });
}
