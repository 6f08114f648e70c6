// MSL780–MSL789: TensorFlow Lite flatbuffers. The runtime trusts offsets in the file (the
// flatbuffers runtime has no verifier) and resolves custom operators by name.
import type { RuleMeta } from './types';

export const TFLITE_MALFORMED: RuleMeta = {
  id: 'MSL780',
  name: 'tflite-malformed',
  title: 'TFLite flatbuffer is malformed',
  family: 'model-format',
  severity: 'medium',
  confidence: 'high',
  why: 'An offset, vtable or vector outside the file is what memory-corruption exploits against the unverified TFLite loader are made of.',
  description:
    'The TFLite runtime reads the flatbuffer without a verifier, so every offset is trusted. The scanner checks each table, vtable, vector and string ' +
    'against the file bounds; this finding says which one points outside or is inconsistent. Everything readable was analysed.',
  safeAlternative: 'Do not load the file; obtain an intact copy and compare its digest.',
};

export const TFLITE_CUSTOM_OP: RuleMeta = {
  id: 'MSL781',
  name: 'tflite-custom-op',
  title: 'TFLite model uses a custom operator',
  family: 'model-format',
  severity: 'high',
  confidence: 'medium',
  why: 'A custom operator runs native code that must be registered by the application, often shipped together with the model.',
  description:
    'Operators with the builtin code CUSTOM are resolved by name at load time against ops the application registered. The model cannot run ' +
    'without that native code, and the custom options blob is passed to it unchecked.',
  safeAlternative: 'Only register custom operators whose source you have reviewed; prefer models that use builtin operators only.',
};

export const TFLITE_FLEX_OP: RuleMeta = {
  id: 'MSL782',
  name: 'tflite-flex-op',
  title: 'TFLite model uses TensorFlow (Flex) operators',
  family: 'model-format',
  severity: 'high',
  confidence: 'high',
  why: 'Flex operators run full TensorFlow kernels inside the TFLite interpreter, including kernels that read and write files or call Python.',
  description:
    'Custom codes starting with `Flex` are executed by the Select-TF-ops delegate. Ops such as `FlexReadFile`, `FlexWriteFile`, `FlexMatchingFiles`, ' +
    '`FlexSaveV2` or `FlexPyFunc` give the model file-system access or code execution and are critical; other Flex ops are high.',
  safeAlternative: 'Run models that need Flex ops only without the Select-TF-ops delegate, or rebuild them with builtin ops.',
};

export const TFLITE_BUFFER_OUT_OF_FILE: RuleMeta = {
  id: 'MSL783',
  name: 'tflite-buffer-out-of-range',
  title: 'TFLite buffer or tensor reference outside the file',
  family: 'model-format',
  severity: 'high',
  confidence: 'high',
  why: 'A buffer whose offset and size lie outside the file, or a tensor naming a buffer that does not exist, makes the loader read out of bounds.',
  description:
    'Models over 2 GB keep buffer data after the flatbuffer and reference it by `offset`/`size`; tensors reference buffers by index and operators ' +
    'reference operator codes and tensors by index. This reference points outside the file or the table it indexes.',
  safeAlternative: 'Do not load the file.',
};

export const TFLITE_UNUSUAL_VERSION: RuleMeta = {
  id: 'MSL784',
  name: 'tflite-unusual-version',
  title: 'TFLite schema version is unusual',
  family: 'model-format',
  severity: 'low',
  confidence: 'medium',
  why: 'Every TFLite model written since 2018 has schema version 3; another value is a crafted or corrupted file.',
  description: 'The `version` field of the model table is not 3 (the current schema version) or is missing.',
  safeAlternative: 'Re-convert the model with a current TensorFlow release.',
};

export const tfliteRules: RuleMeta[] = [TFLITE_MALFORMED, TFLITE_CUSTOM_OP, TFLITE_FLEX_OP, TFLITE_BUFFER_OUT_OF_FILE, TFLITE_UNUSUAL_VERSION];
