// Keras `.h5` (and any HDF5 file): root attributes through confined h5wasm, the model and
// training configs checked like any Keras config, links to other files reported (external links,
// virtual dataset sources, external raw-data storage), datasets' declared sizes compared with the
// file. Dataset values are never read.
import type { AnalysisContext } from '../../context';
import type { ByteSource } from '../../io/byteSource';
import { KERAS_MALFORMED } from '../../rules/keras';
import { readH5Structure } from './h5Isolated';
import { reportLinks } from './h5LinkReport';
import { reportDeclaredSizes } from './h5SizeReport';
import { analyzeConfigText } from './report';

const MAX_OBJECTS = 100_000;
/** Reading a healthy file's attributes takes milliseconds; far beyond that, the library hangs. */
const HDF5_TIMEOUT_MS = 20_000;

export async function analyzeKerasH5(src: ByteSource, ctx: AnalysisContext): Promise<void> {
  const s = await readH5Structure(src, { maxAttributeBytes: ctx.limits.maxHeaderBytes, maxObjects: MAX_OBJECTS, timeoutMs: HDF5_TIMEOUT_MS });
  if (s.openError) {
    ctx.report(KERAS_MALFORMED, {
      message: `The HDF5 file could not be read: ${s.openError}. Its content was not analysed.`,
      location: { kind: 'bytes', offset: 0, length: Math.min(8, src.size) },
      evidence: s.openError,
    });
    return;
  }
  for (const p of s.problems.slice(0, 20)) {
    ctx.report(KERAS_MALFORMED, { message: `HDF5: ${p}.`, location: { kind: 'file' }, evidence: p });
  }
  reportLinks(s.links, ctx);
  reportDeclaredSizes(s.oversized, src.size, ctx);
  const a = s.attributes;
  const facts: Record<string, string | number | boolean> = { hdf5Objects: s.objects, hdf5Datasets: s.datasets, hdf5BytesRead: s.io.bytes };
  if (a.keras_version !== undefined) facts.kerasVersion = a.keras_version.slice(0, 40);
  if (a.backend !== undefined) facts.kerasBackend = a.backend.slice(0, 40);
  if (ctx.depth === 0 || a.model_config !== undefined) ctx.summary.facts = { ...ctx.summary.facts, ...facts };
  if (a.model_config !== undefined) analyzeConfigText(a.model_config, '/model_config', ctx);
  if (a.training_config !== undefined) analyzeConfigText(a.training_config, '/training_config', ctx, false);
}
