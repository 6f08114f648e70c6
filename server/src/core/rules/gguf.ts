// MSL73x: GGUF files and Jinja chat templates (GGUF metadata, tokenizer_config.json, .jinja files).
// GGUF readers in C have had heap overflows from unchecked counts; chat templates have carried
// server-side template injection payloads that run code when a runtime renders them unsandboxed.
import type { RuleMeta } from './types';

const SSTI_REFS = ['https://nvd.nist.gov/vuln/detail/CVE-2024-34359'];

export const GGUF_MALFORMED: RuleMeta = {
  id: 'MSL730',
  name: 'gguf-malformed',
  title: 'Malformed GGUF header or metadata',
  family: 'model-format',
  severity: 'medium',
  confidence: 'high',
  why: 'A GGUF header that does not parse cleanly is damaged or crafted to drive the native parser down an error path.',
  description:
    'The version is not 1, 2 or 3, a value type is unknown, a string is not UTF-8, a boolean is not 0 or 1, `general.alignment` is not a power of two, ' +
    'or the header ends early. Everything before the problem was analysed.',
  safeAlternative: 'Obtain an intact copy from a trusted source and compare its digest.',
};

export const GGUF_COUNT_EXCEEDS_FILE: RuleMeta = {
  id: 'MSL731',
  name: 'gguf-count-exceeds-file',
  title: 'GGUF count or length larger than the file',
  family: 'model-format',
  severity: 'high',
  confidence: 'high',
  why: 'Counts and lengths that cannot fit in the file are the trigger of the known heap overflows in GGUF readers that allocate from them.',
  description:
    'A tensor count, key/value count, string length or array length cannot possibly fit in the bytes that remain. A reader that allocates ' +
    'or multiplies from this value before checking it overflows or exhausts memory. Parsing stopped there.',
  safeAlternative: 'Do not load the file; update llama.cpp / ggml based tools to a release with bounds-checked parsing.',
  references: ['https://github.com/ggerganov/llama.cpp/security'],
};

export const GGUF_TENSOR_INFO_INVALID: RuleMeta = {
  id: 'MSL732',
  name: 'gguf-invalid-tensor-info',
  title: 'Invalid GGUF tensor description',
  family: 'model-format',
  severity: 'high',
  confidence: 'high',
  why: 'A tensor with too many dimensions, a zero or overflowing dimension, or an unknown type makes native loaders compute wrong sizes.',
  description:
    'Each tensor info must have 1–4 dimensions, positive dimensions whose product does not overflow, a known ggml type, and a first ' +
    'dimension that is a multiple of the type\'s block size.',
  safeAlternative: 'Do not load the file; re-convert the model with current llama.cpp tools.',
};

export const GGUF_TENSOR_OUT_OF_BOUNDS: RuleMeta = {
  id: 'MSL733',
  name: 'gguf-tensor-data-out-of-bounds',
  title: 'GGUF tensor data outside the file or misaligned',
  family: 'model-format',
  severity: 'high',
  confidence: 'high',
  why: 'A tensor offset past the end of the file, or not aligned as declared, makes memory-mapping readers read out of bounds.',
  description:
    'Tensor data offsets are relative to the aligned start of the data section and must be multiples of `general.alignment` (default 32); ' +
    'offset plus size must stay within the file.',
  safeAlternative: 'Do not load the file; obtain a complete copy.',
};

export const GGUF_OVERLAP: RuleMeta = {
  id: 'MSL734',
  name: 'gguf-overlapping-tensors',
  title: 'GGUF tensors share bytes',
  family: 'model-format',
  severity: 'high',
  confidence: 'high',
  why: 'Overlapping tensors are never produced by converters and let a crafted file alias weights in ways loaders do not expect.',
  description: 'Two tensors\' data ranges overlap in the data section.',
  safeAlternative: 'Do not load the file; re-convert the model with current tools.',
};

export const TEMPLATE_RESOURCE_EXHAUSTION: RuleMeta = {
  id: 'MSL735',
  name: 'chat-template-resource-exhaustion',
  title: 'Chat template built to exhaust resources',
  family: 'model-format',
  severity: 'medium',
  confidence: 'medium',
  why: 'A template that loops billions of times or builds gigantic strings hangs or crashes every server that renders it.',
  description:
    'The template iterates over a huge constant `range(...)`, repeats a string an enormous number of times, or is itself far larger than ' +
    'any real chat template (in which case it was scanned as text only).',
  safeAlternative: 'Replace the chat template with the one published by the model\'s authors.',
};

export const TEMPLATE_SANDBOX_ESCAPE: RuleMeta = {
  id: 'MSL736',
  name: 'chat-template-sandbox-escape',
  title: 'Chat template reaches Python internals',
  family: 'model-format',
  severity: 'critical',
  confidence: 'high',
  why: 'Dunder attributes (`__class__`, `__globals__`, `__subclasses__`...) and known gadget objects are how template injection turns rendering into code execution.',
  description:
    'Chat templates only need to loop over messages and print strings. Access to `__class__`, `__mro__`, `__subclasses__`, `__init__`, ' +
    '`__globals__`, `__builtins__`, private attributes, or attribute chains off gadget objects (`cycler`, `joiner`, `lipsum`, `namespace`, ' +
    '`self`, `config`, `request`, `url_for`) and calls that reach `os`, `popen`, `eval`, `exec`, `import` or `subprocess` are the building ' +
    'blocks of server-side template injection. Runtimes that render templates with an unsandboxed Jinja environment execute them.',
  safeAlternative: 'Do not load the model with a runtime that renders its template unsandboxed; replace the chat template with the upstream one.',
  references: SSTI_REFS,
};

export const TEMPLATE_OBFUSCATED_ATTRIBUTE: RuleMeta = {
  id: 'MSL737',
  name: 'chat-template-obfuscated-attribute',
  title: 'Chat template builds attribute names at run time',
  family: 'model-format',
  severity: 'high',
  confidence: 'medium',
  why: 'Attribute names assembled from pieces (`attr(\'__cla\' ~ \'ss__\')`) exist to slip past filters that look for dunder names literally.',
  description:
    'The template looks up an attribute or item whose name is computed (concatenation, filters such as `reverse`, `format`, `join`) or ' +
    'passed to the `attr` filter. When the computed name could be folded to a constant it is shown in the evidence.',
  safeAlternative: 'Replace the chat template with the upstream one.',
  references: SSTI_REFS,
};

export const TEMPLATE_INCLUDE_IMPORT: RuleMeta = {
  id: 'MSL738',
  name: 'chat-template-include-import',
  title: 'Chat template loads other templates',
  family: 'model-format',
  severity: 'high',
  confidence: 'high',
  why: '`{% import %}`, `{% include %}` and `{% extends %}` make rendering read other files through the runtime\'s loader, which a chat template never needs.',
  description:
    'Chat templates are self-contained. Loading another template reads files chosen by the model author (possibly with path traversal) ' +
    'and pulls in code that was not reviewed with the model.',
  safeAlternative: 'Replace the chat template with the upstream one.',
  references: SSTI_REFS,
};

export const TEMPLATE_PARSE_FAILURE: RuleMeta = {
  id: 'MSL739',
  name: 'chat-template-parse-failure',
  title: 'Chat template does not parse',
  family: 'model-format',
  severity: 'medium',
  confidence: 'medium',
  why: 'A template our parser rejects may still be accepted by the runtime\'s Jinja engine, so its AST could not be checked; a token-level scan ran instead.',
  description:
    'The template was parsed with the same parser as Hugging Face\'s JavaScript runtime and failed. Python Jinja and llama.cpp\'s engine ' +
    'accept a different language subset, so the template may work there while hiding constructs from this analysis.',
  safeAlternative: 'Review the template by hand, or replace it with the upstream one.',
};

export const ggufRules: RuleMeta[] = [
  GGUF_MALFORMED, GGUF_COUNT_EXCEEDS_FILE, GGUF_TENSOR_INFO_INVALID, GGUF_TENSOR_OUT_OF_BOUNDS, GGUF_OVERLAP,
  TEMPLATE_RESOURCE_EXHAUSTION, TEMPLATE_SANDBOX_ESCAPE, TEMPLATE_OBFUSCATED_ATTRIBUTE, TEMPLATE_INCLUDE_IMPORT, TEMPLATE_PARSE_FAILURE,
];
