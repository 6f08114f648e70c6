// Turns the datasets whose declared size the file cannot hold into MSL777 findings.
import type { AnalysisContext } from '../../context';
import { KERAS_DECLARED_SIZE } from '../../rules/keras';
import type { H5DatasetSize } from './h5Types';
import { humanBytes, judgeDeclaredSize, shapeText, SIZE_LIMITS, type SizeVerdict } from './h5Sizes';

const MAX_FINDINGS = 20;

export function reportDeclaredSizes(datasets: readonly H5DatasetSize[], fileSize: number, ctx: AnalysisContext): void {
  let flagged = 0;
  for (const d of datasets) {
    const verdict = judgeDeclaredSize(d, fileSize);
    if (!verdict) continue;
    if (++flagged > MAX_FINDINGS) continue;
    ctx.report(KERAS_DECLARED_SIZE, {
      message: messageFor(d, verdict, fileSize),
      location: { kind: 'pointer', pointer: d.path },
      evidence: evidenceFor(d, fileSize),
      severity: isHigh(d, verdict) ? 'high' : 'medium',
    });
  }
  if (flagged > MAX_FINDINGS) {
    ctx.report(KERAS_DECLARED_SIZE, {
      message: `${flagged - MAX_FINDINGS} more datasets declare sizes the file cannot hold; only the first ${MAX_FINDINGS} are listed.`,
      location: { kind: 'file' },
      evidence: `${flagged} datasets`,
    });
  }
}

function messageFor(d: H5DatasetSize, v: SizeVerdict, fileSize: number): string {
  const what = `Dataset ${d.path} declares shape ${shapeText(d.shape)} of ${d.dtype}`;
  if (v.kind === 'overflow') {
    return `${what}: its size overflows 64 bits, which no real model has; readers that compute it in 64 bits see a wrapped, arbitrary size, ` +
      'and Keras fails or allocates that size when it loads the weights.';
  }
  const declared = `${humanBytes(d.declaredBytes)} (${d.declaredBytes} bytes)`;
  const effect = `Keras allocates the declared size when it loads the weights (CVE-2026-0897)${isHigh(d, v) ? ', which exhausts memory and crashes the process' : ''}.`;
  if (v.kind === 'cap') return `${what}: ${declared}, beyond the ${humanBytes(v.limit)} no weight tensor comes near, in a file of ${fileSize} bytes. ${effect}`;
  const ratio = d.filters.length > 0 ? `${SIZE_LIMITS.filteredRatio} times (compressed)` : `${SIZE_LIMITS.plainRatio} times`;
  return `${what}: ${declared}, more than ${ratio} the ${fileSize} bytes of the whole file. Keras writes every weight value, so these values were never stored. ${effect}`;
}

function isHigh(d: H5DatasetSize, v: SizeVerdict): boolean {
  return v.kind === 'overflow' || d.declaredBytes >= SIZE_LIMITS.highBytes;
}

function evidenceFor(d: H5DatasetSize, fileSize: number): string {
  const layout = d.chunks ? `${d.layout} ${shapeText(d.chunks)}` : d.layout;
  const filters = d.filters.length > 0 ? d.filters.join('+') : 'none';
  return `${d.path} ${d.dtype} shape=${shapeText(d.shape)} declared=${d.declaredBytes} bytes${d.overflow ? ' (overflows 64 bits)' : ''} file=${fileSize} bytes layout=${layout} filters=${filters}`;
}
