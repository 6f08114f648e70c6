// MSL6xx: what a pickle stream would do when loaded.
import type { RuleMeta } from './types';

export const DANGEROUS_IMPORT: RuleMeta = {
  id: 'MSL601',
  name: 'pickle-dangerous-import',
  title: 'Pickle imports a dangerous callable',
  family: 'pickle',
  severity: 'critical',
  confidence: 'high',
  why: 'Loading this pickle imports a callable that can run commands, execute code or touch files, which is how malicious models take over the machine that loads them.',
  description:
    'Unpickling resolves every `GLOBAL`, `INST` and `STACK_GLOBAL` operand by importing the named module and attribute, and ' +
    '`REDUCE`, `INST`, `OBJ`, `NEWOBJ` and `BUILD` then call what was imported with attacker-chosen arguments. ' +
    'This import is on the denylist of callables known to execute code, spawn processes, open files or sockets, or load further pickles.',
  safeAlternative:
    'Do not load this file. Obtain the weights in a format that cannot execute code (safetensors), or load PyTorch checkpoints with `torch.load(..., weights_only=True)`.',
  references: ['https://docs.python.org/3/library/pickle.html#restricting-globals'],
};

export const UNKNOWN_IMPORT: RuleMeta = {
  id: 'MSL602',
  name: 'pickle-unknown-import',
  title: 'Pickle imports a callable outside the allowlist',
  family: 'pickle',
  severity: 'medium',
  confidence: 'medium',
  why: 'The pickle imports something that is not a reviewed, inert ML constructor, so loading it may run code nobody has vetted.',
  description:
    'The analyzer is allowlist-first: every import a pickle can resolve is either on a reviewed list of inert constructors ' +
    '(tensor rebuild helpers, `collections.OrderedDict`, NumPy array reconstruction, ...) or it is reported. ' +
    'Denylists of "bad" callables keep being bypassed; an unknown import is therefore a finding even if it looks harmless.',
  safeAlternative:
    'Review the import. If it is an inert class from your own code base, add it to the project allowlist in `msl.config.json` with a justification.',
};

export const MALFORMED_PICKLE: RuleMeta = {
  id: 'MSL603',
  name: 'pickle-malformed',
  title: 'Malformed or truncated pickle stream',
  family: 'pickle',
  severity: 'high',
  confidence: 'high',
  why: 'A pickle that does not parse cleanly is either damaged or crafted to confuse scanners; anything the unpickler runs before the break still runs.',
  description:
    'The stream contains an unknown opcode, ends before STOP, has an argument that runs past the end, or violates the stack ' +
    'discipline. CPython executes every opcode up to the failure, so imports and calls before the break are reported separately. ' +
    'Parser-differential bypasses of other scanners rely on exactly such streams.',
  safeAlternative: 'Do not load the file; obtain a clean copy from a trusted source.',
};

export const pickleRules: RuleMeta[] = [DANGEROUS_IMPORT, UNKNOWN_IMPORT, MALFORMED_PICKLE];
