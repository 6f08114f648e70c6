// MSL1xx: unsafe deserialization in Python code.
import type { RuleMeta } from './types';

export const TORCH_LOAD_WITHOUT_WEIGHTS_ONLY: RuleMeta = {
  id: 'MSL101',
  name: 'torch-load-without-weights-only',
  title: '`torch.load` without `weights_only=True`',
  family: 'code-deserialization',
  severity: 'high',
  confidence: 'high',
  why: '`torch.load` unpickles the file, and a pickle can run any code on this machine unless loading is restricted to weights.',
  description:
    '`torch.load` (and `torch.serialization.load`) reads checkpoints with Python\'s pickle. Without `weights_only=True` the unpickler ' +
    'imports and calls whatever the file names, so a malicious checkpoint runs arbitrary code the moment it is loaded. ' +
    'PyTorch 2.6 changed the default to `weights_only=True`, but older versions, explicit `weights_only=False` and the ' +
    '`TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD` environment variable all bring back the unsafe path. ' +
    'Aliases (`import torch as T`, `from torch import load as L`, `loader = torch.load`) and module-level constants ' +
    '(`weights_only=TRUSTED` with `TRUSTED = False`) are resolved; a call that passes `**kwargs` without an explicit ' +
    '`weights_only`, or a value that cannot be determined statically, is reported with low confidence.',
  safeAlternative:
    'Pass `weights_only=True` (allowing extra inert classes with `torch.serialization.add_safe_globals` if needed), or store weights as safetensors and load them with `safetensors.torch.load_file`.',
  references: ['https://pytorch.org/docs/stable/generated/torch.load.html'],
};

export const codeDeserializationRules: RuleMeta[] = [TORCH_LOAD_WITHOUT_WEIGHTS_ONLY];
