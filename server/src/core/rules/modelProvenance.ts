// MSL8xx: where model files came from.
import type { RuleMeta } from './types';

export const LFS_POINTER: RuleMeta = {
  id: 'MSL801',
  name: 'git-lfs-pointer',
  title: 'Git LFS pointer instead of a model: nothing scanned',
  family: 'model-provenance',
  severity: 'info',
  confidence: 'high',
  why: 'The real model was never downloaded, so the file that will be loaded later has not been checked.',
  description: 'The file is a Git LFS pointer (a small text file naming the object\'s SHA-256 and size). The model itself is not in the working tree.',
  safeAlternative: 'Run `git lfs pull` (or fetch the object) and scan again.',
};

export const modelProvenanceRules: RuleMeta[] = [LFS_POINTER];
