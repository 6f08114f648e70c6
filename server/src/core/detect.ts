// Format detection: magic bytes first, then content sniffing, then the extension.
// A file whose extension claims one format while its bytes are another is itself a finding.
import * as path from 'node:path';
import type { ByteSource } from './io/byteSource';
import { AMBIGUOUS_EXTENSIONS, type DetectedBy, type FormatId } from './formats/types';
import { FORMATS } from './formats/registry';

/** Enough for every magic test and for sniffing a headerless pickle's first opcodes. */
export const HEAD_BYTES = 4096;

export interface Detection {
  format: FormatId;
  detectedBy: DetectedBy;
  /** The format the file name claims, when it claims one. */
  claimed?: FormatId;
}

/** Families of formats that legitimately share a container (a `.pt` zip is a zip). */
const COMPATIBLE: Partial<Record<FormatId, FormatId[]>> = {
  'pytorch-zip': ['zip', 'pickle', 'pytorch-legacy', 'torchscript', 'tar'],
  pickle: ['pytorch-legacy', 'joblib', 'zlib', 'gzip', 'bzip2', 'xz', 'lzma'],
  joblib: ['pickle', 'zlib', 'gzip', 'bzip2', 'xz', 'lzma'],
  zip: ['pytorch-zip', 'torchscript', 'numpy-npz', 'keras-v3'],
  torchscript: ['zip', 'pytorch-zip'],
  'numpy-npz': ['zip'],
};

/** Text formats: identified by name, since their content has no signature. */
const TEXT_FORMATS: readonly FormatId[] = ['python', 'notebook', 'chat-template', 'tokenizer-config'];

export function claimedFormat(fileName: string): FormatId | undefined {
  const base = path.basename(fileName).toLowerCase();
  const byName = FORMATS.find((f) => f.fileNames?.includes(base));
  if (byName) return byName.id;
  const ext = path.extname(fileName).toLowerCase();
  if (!ext || AMBIGUOUS_EXTENSIONS.includes(ext)) return undefined;
  return FORMATS.find((f) => f.extensions.includes(ext))?.id;
}

export function detectFormat(src: ByteSource, fileName: string): Detection {
  const head = src.read(0, HEAD_BYTES);
  const claimed = claimedFormat(fileName);
  const withClaim = (d: Detection): Detection => (claimed ? { ...d, claimed } : d);
  for (const f of FORMATS) {
    if (f.magic && safe(() => f.magic!(head, src))) return withClaim({ format: f.id, detectedBy: 'magic' });
  }
  for (const f of FORMATS) {
    if (f.named && safe(() => f.named!(head, fileName))) return withClaim({ format: f.id, detectedBy: 'content' });
  }
  // Text formats are identified by name: their content has no signature.
  if (claimed && TEXT_FORMATS.includes(claimed)) return { format: claimed, detectedBy: 'extension', claimed };
  for (const f of FORMATS) {
    if (f.content && safe(() => f.content!(head, src))) return withClaim({ format: f.id, detectedBy: 'content' });
  }
  if (claimed) return { format: claimed, detectedBy: 'extension', claimed };
  return { format: 'unknown', detectedBy: 'none' };
}

/** True when the detected format contradicts the name (and the two are not one family). */
export function isMismatch(d: Detection, finalFormat: FormatId): boolean {
  if (!d.claimed || d.detectedBy === 'extension' || d.detectedBy === 'none') return false;
  // A pointer stands in for the real file and carries its name by design.
  if (finalFormat === 'git-lfs-pointer') return false;
  if (d.claimed === finalFormat || d.claimed === d.format) return false;
  const ok = COMPATIBLE[d.claimed] ?? [];
  return !ok.includes(finalFormat) && !ok.includes(d.format);
}

function safe(test: () => boolean): boolean {
  try {
    return test();
  } catch {
    return false;
  }
}
