// The declarative table of formats: how each is recognised and which analyzer reads it.
// Order matters for magic tests: more specific signatures come first.
import type { FormatDefinition, FormatId } from './types';
import { analyzeLfsPointer, isLfsPointer } from './lfsPointer';
import { analyzePickleFile, hasPickleMagic, looksLikeHeaderlessPickle } from './pickle/analyzer';
import { analyzeZipFile, hasZipMagic } from './archive/zipAnalyzer';
import { RECOGNISED_FORMATS } from './recognised';

export const FORMATS: readonly FormatDefinition[] = [
  {
    id: 'git-lfs-pointer',
    label: 'Git LFS pointer',
    extensions: [],
    magic: isLfsPointer,
    analyze: analyzeLfsPointer,
  },
  {
    id: 'zip',
    label: 'ZIP archive',
    extensions: ['.zip'],
    magic: hasZipMagic,
    analyze: analyzeZipFile,
  },
  {
    id: 'pytorch-zip',
    label: 'PyTorch checkpoint (zip)',
    extensions: ['.pt', '.pth', '.ckpt', '.tar'],
  },
  {
    id: 'pickle',
    label: 'Python pickle',
    extensions: ['.pkl', '.pickle', '.p', '.dill', '.cloudpickle'],
    magic: hasPickleMagic,
    content: looksLikeHeaderlessPickle,
    analyze: analyzePickleFile,
  },
  ...RECOGNISED_FORMATS,
  { id: 'python', label: 'Python script', extensions: ['.py', '.pyi'] },
  { id: 'notebook', label: 'Jupyter notebook', extensions: ['.ipynb'] },
];

const byId = new Map<FormatId, FormatDefinition>(FORMATS.map((f) => [f.id, f]));

export function formatById(id: FormatId): FormatDefinition | undefined {
  return byId.get(id);
}

/** Extensions of model files (used for workspace scans and CLI folder walks). */
export function modelExtensions(): string[] {
  const text = new Set(['.py', '.pyi', '.ipynb']);
  return FORMATS.flatMap((f) => f.extensions).filter((e) => !text.has(e));
}
