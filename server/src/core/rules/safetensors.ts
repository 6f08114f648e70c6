// MSL72x: safetensors files. The format carries no code, so the risks are parser differentials
// (duplicate keys, overlapping or out-of-range tensors), hidden bytes, and what `__metadata__` smuggles.
// MSL721 (duplicate keys) is shared by every header format: GGUF keys and tokenizer configs use it too.
import type { RuleMeta } from './types';

export const SAFETENSORS_MALFORMED: RuleMeta = {
  id: 'MSL720',
  name: 'safetensors-malformed-header',
  title: 'Malformed safetensors header',
  family: 'model-format',
  severity: 'medium',
  confidence: 'high',
  why: 'A header that the reference loader would reject, or that different JSON parsers read differently, is damaged or crafted.',
  description:
    'The 8-byte header length is out of range, or the header is not UTF-8, not valid JSON, not an object, or a tensor entry is not an object ' +
    'with `dtype`, `shape` and `data_offsets`. The reference implementation refuses such files; other readers may accept them in different ways.',
  safeAlternative: 'Obtain an intact copy from a trusted source, or re-save the tensors with the `safetensors` library.',
};

export const DUPLICATE_HEADER_KEY: RuleMeta = {
  id: 'MSL721',
  name: 'duplicate-header-key',
  title: 'Duplicate key in a model header',
  family: 'model-format',
  severity: 'high',
  confidence: 'high',
  why: 'When a key appears twice, one tool shows the first value and another silently uses the last: a way to show reviewers a benign value and loaders a malicious one.',
  description:
    'JSON allows duplicate object keys syntactically, and `JSON.parse`, Python\'s `json` and many other readers keep the last one silently, ' +
    'while others keep the first or refuse the file. The same holds for GGUF metadata keys and tensor names. No legitimate writer produces duplicates.',
  safeAlternative: 'Do not load the file; re-create it with a writer that emits each key once.',
};

export const SAFETENSORS_UNKNOWN_DTYPE: RuleMeta = {
  id: 'MSL722',
  name: 'safetensors-unknown-dtype',
  title: 'Unknown safetensors dtype',
  family: 'model-format',
  severity: 'medium',
  confidence: 'high',
  why: 'A dtype outside the specification cannot be sized or checked, and loaders disagree on how to read it.',
  description: 'The tensor\'s `dtype` is not one of the types the safetensors specification defines, so its byte size cannot be verified.',
  safeAlternative: 'Re-save the tensors with a current `safetensors` release.',
};

export const SAFETENSORS_SIZE_MISMATCH: RuleMeta = {
  id: 'MSL723',
  name: 'safetensors-size-mismatch',
  title: 'Tensor byte range does not match its shape',
  family: 'model-format',
  severity: 'high',
  confidence: 'high',
  why: 'A tensor whose byte range differs from shape × item size makes loaders read too much or too little: the shape of memory-safety bugs and hidden data.',
  description:
    'For every tensor, `end − begin` must equal the product of its shape times the item size of its dtype (computed here without overflow). ' +
    'A negative range, a malformed shape or a mismatch means the file was not written by a conforming writer.',
  safeAlternative: 'Do not load the file with readers that skip validation; re-create it from a trusted source.',
};

export const SAFETENSORS_OUT_OF_BOUNDS: RuleMeta = {
  id: 'MSL724',
  name: 'safetensors-offset-out-of-bounds',
  title: 'Tensor data outside the file',
  family: 'model-format',
  severity: 'high',
  confidence: 'high',
  why: 'Offsets past the end of the data area make unchecked readers read beyond the buffer they mapped.',
  description: 'The tensor\'s `data_offsets` point outside the data area that follows the header (or the file is truncated).',
  safeAlternative: 'Do not load the file; obtain a complete copy and compare its digest.',
};

export const SAFETENSORS_OVERLAP: RuleMeta = {
  id: 'MSL725',
  name: 'safetensors-overlapping-tensors',
  title: 'Tensors share bytes',
  family: 'model-format',
  severity: 'high',
  confidence: 'high',
  why: 'Overlapping tensors are rejected by the reference loader and let a crafted file show different weights to different readers.',
  description: 'Two tensors\' byte ranges overlap. Conforming writers lay tensors out back to back without sharing bytes.',
  safeAlternative: 'Do not load the file; re-create it with the `safetensors` library.',
};

export const SAFETENSORS_UNACCOUNTED: RuleMeta = {
  id: 'MSL726',
  name: 'safetensors-unaccounted-bytes',
  title: 'Bytes that belong to no tensor',
  family: 'model-format',
  severity: 'medium',
  confidence: 'high',
  why: 'Gaps between tensors and bytes after the last one are ignored by loaders, so they can carry a hidden payload past reviewers.',
  description:
    'The data area should be exactly the concatenation of the tensors. A gap or trailing bytes were found; their content was routed through ' +
    'format detection, so a pickle or archive hidden there is analysed and reported separately.',
  safeAlternative: 'Re-save the tensors with the `safetensors` library, which writes no slack space.',
};

export const SAFETENSORS_METADATA_MALFORMED: RuleMeta = {
  id: 'MSL727',
  name: 'safetensors-metadata-malformed',
  title: '`__metadata__` is not a string-to-string map',
  family: 'model-format',
  severity: 'medium',
  confidence: 'high',
  why: 'The specification allows only string values in `__metadata__`; anything else is rejected by the reference loader and may be interpreted by custom code.',
  description: '`__metadata__` must be a JSON object whose values are all strings. Nested objects, arrays or numbers were found.',
  safeAlternative: 'Re-save the file with string metadata only.',
};

export const SAFETENSORS_METADATA_SUSPICIOUS: RuleMeta = {
  id: 'MSL728',
  name: 'safetensors-metadata-suspicious',
  title: 'Suspicious content in `__metadata__`',
  family: 'model-format',
  severity: 'medium',
  confidence: 'medium',
  why: 'Metadata is read by tooling around the model; URLs and code-like strings in it are a channel for fetching or executing something later.',
  description:
    'A `__metadata__` value holds Python-like code (`import os`, `eval(`, `__import__`, `subprocess`...) or a URL. safetensors never executes ' +
    'metadata, but scripts that consume it (model cards, custom loaders) might.',
  safeAlternative: 'Inspect the value; remove code and unexpected URLs from the metadata before distributing the file.',
};

export const SAFETENSORS_EMBEDDED_PAYLOAD: RuleMeta = {
  id: 'MSL729',
  name: 'safetensors-embedded-payload',
  title: 'Serialized payload hidden in `__metadata__`',
  family: 'model-format',
  severity: 'high',
  confidence: 'high',
  why: 'A base64 string that decodes to a pickle or archive has no place in tensor metadata and is a ready-made payload for a loader that decodes it.',
  description:
    'A metadata value decodes from base64 to a pickle or zip. The decoded bytes were analysed as a nested file; see the findings located ' +
    'inside it.',
  safeAlternative: 'Do not use code that decodes and loads metadata values; remove the value.',
};

export const safetensorsRules: RuleMeta[] = [
  SAFETENSORS_MALFORMED, DUPLICATE_HEADER_KEY, SAFETENSORS_UNKNOWN_DTYPE, SAFETENSORS_SIZE_MISMATCH, SAFETENSORS_OUT_OF_BOUNDS,
  SAFETENSORS_OVERLAP, SAFETENSORS_UNACCOUNTED, SAFETENSORS_METADATA_MALFORMED, SAFETENSORS_METADATA_SUSPICIOUS, SAFETENSORS_EMBEDDED_PAYLOAD,
];
