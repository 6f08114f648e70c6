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

export const UNRESOLVED_IMPORT: RuleMeta = {
  id: 'MSL604',
  name: 'pickle-unresolved-import',
  title: 'Pickle imports a name that cannot be resolved statically',
  family: 'pickle',
  severity: 'high',
  confidence: 'medium',
  why: 'The pickle computes the module or attribute name it imports at load time, so no static list can say what it will run.',
  description:
    '`STACK_GLOBAL` takes the module and attribute names from the stack. When they are not constant strings (for example ' +
    'the result of a call, an attribute of another import, or a memo entry built at load time), the import that ' +
    'CPython performs is decided only while unpickling. Genuine pickles always use constant names; computed names are a ' +
    'known way to hide a dangerous import from scanners.',
  safeAlternative: 'Do not load the file; regenerate it with a standard pickler or convert the weights to safetensors.',
};

export const EXTENSION_REGISTRY: RuleMeta = {
  id: 'MSL605',
  name: 'pickle-extension-registry',
  title: 'Pickle uses the copyreg extension registry (EXT opcodes)',
  family: 'pickle',
  severity: 'high',
  confidence: 'high',
  why: 'EXT opcodes import whatever the loading process has registered under a number, which no static analysis can see.',
  description:
    '`EXT1`, `EXT2` and `EXT4` look a code up in `copyreg`\'s extension registry and import the (module, name) registered ' +
    'there at load time. ML frameworks do not register extension codes, so their pickles never contain these opcodes; ' +
    'their presence means the import depends on state outside the file, a known scanner bypass.',
  safeAlternative: 'Do not load the file; regenerate it without copyreg extension codes.',
};

export const NESTED_PICKLE: RuleMeta = {
  id: 'MSL606',
  name: 'pickle-nested-payload',
  title: 'Pickle carries a nested pickle payload',
  family: 'pickle',
  severity: 'high',
  confidence: 'high',
  why: 'A pickle that contains and loads another pickle (raw, base64, hex or compressed) is a two-stage payload built to hide the second stage.',
  description:
    'The stream passes constant data to a deserialiser (`pickle.loads`, `torch.load`, `dill.loads`, ...) or embeds bytes ' +
    'that are themselves a pickle with imports. The payload was decoded statically and analysed as a nested pickle; its ' +
    'own findings are reported with a `<nested pickle @offset>` member.',
  safeAlternative: 'Do not load the file.',
};

export const IMPORTED_OBJECT_MUTATION: RuleMeta = {
  id: 'MSL607',
  name: 'pickle-mutates-imported-object',
  title: 'Pickle modifies an imported module, class or global object',
  family: 'pickle',
  severity: 'high',
  confidence: 'high',
  why: 'Setting attributes or items on imported objects (module attributes, sys.path, os.environ, class attributes) changes how later code behaves.',
  description:
    '`BUILD`, `SETITEM(S)`, `APPEND(S)` and `ADDITEMS` normally fill in objects the pickle just created. Here one is ' +
    'applied directly to an object returned by an import, which monkey-patches global state of the loading process ' +
    '(for example replacing a function in a module, or extending `sys.path`).',
  safeAlternative: 'Do not load the file.',
};

export const PARSER_DIFFERENTIAL: RuleMeta = {
  id: 'MSL608',
  name: 'pickle-parser-differential',
  title: 'Pickle stream is built to be read differently by different parsers',
  family: 'pickle',
  severity: 'medium',
  confidence: 'high',
  why: 'Frames that lie about their length, headers that lie about the protocol and similar tricks make scanners and unpicklers disagree about the same bytes.',
  description:
    'The stream contains a construct no standard pickler writes and on which CPython\'s C unpickler, its pure-Python ' +
    'unpickler and third-party scanners behave differently: a `FRAME` length that does not match the opcodes, a frame ' +
    'started inside another, opcodes newer than the declared protocol, a repeated or misplaced `PROTO`, or a text argument ' +
    'cut off at the end of the data. This analyzer reads such streams the way the most permissive unpickler does, so ' +
    'imports are still reported; the construct itself is a sign of a crafted file.',
  safeAlternative: 'Do not load the file; regenerate it with a standard pickler.',
};

export const DISCARDED_CALL: RuleMeta = {
  id: 'MSL609',
  name: 'pickle-discarded-call',
  title: 'Pickle calls something only for its side effect',
  family: 'pickle',
  severity: 'high',
  confidence: 'medium',
  why: 'A call whose result is immediately thrown away (POP) does nothing for the data being loaded: it is run for what it does.',
  description:
    'Standard picklers never call a constructor and discard the result. Malicious pickles do exactly that to run a ' +
    'command and then continue with a normal-looking object, so that loading succeeds and nothing seems wrong. ' +
    'The severity is low when the callable is on the reviewed allowlist.',
  safeAlternative: 'Do not load the file.',
};

export const TRAILING_DATA: RuleMeta = {
  id: 'MSL610',
  name: 'pickle-trailing-data',
  title: 'Data after the end of the pickle',
  family: 'pickle',
  severity: 'low',
  confidence: 'medium',
  why: 'Bytes after STOP are ignored by `pickle.load`, but a loader that reads several pickles in a row, or another tool, may use them.',
  description:
    'The pickle ends (STOP) before the end of the file and the rest is not a further pickle in a known layout ' +
    '(legacy PyTorch, joblib). Pickles that follow are analysed like the first one; this finding marks the leftover bytes.',
  safeAlternative: 'Check where the file came from; a clean export has no trailing data.',
};

export const pickleRules: RuleMeta[] = [
  DANGEROUS_IMPORT, UNKNOWN_IMPORT, MALFORMED_PICKLE, UNRESOLVED_IMPORT, EXTENSION_REGISTRY, NESTED_PICKLE,
  IMPORTED_OBJECT_MUTATION, PARSER_DIFFERENTIAL, DISCARDED_CALL, TRAILING_DATA,
];
