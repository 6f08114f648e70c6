// The table of every rule, built from one file per family. Ids are unique (checked by a test).
import type { RuleMeta } from './types';
import { scannerRules } from './scanner';
import { codeDeserializationRules } from './codeDeserialization';
import { codeProvenanceRules } from './codeProvenance';
import { codeLoaderRules } from './codeLoaders';
import { codeTransportRules } from './codeTransport';
import { codeExecutionRules } from './codeExecution';
import { pickleRules } from './pickleContent';
import { modelFormatRules } from './modelFormat';
import { modelProvenanceRules } from './modelProvenance';
import { archiveRules } from './archive';
import { onnxRules } from './onnx';
import { tensorflowRules } from './tensorflow';
import { kerasRules } from './keras';
import { tfliteRules } from './tflite';
import { safetensorsRules } from './safetensors';
import { ggufRules } from './gguf';
import { probeRules } from './probes';

export const ALL_RULES: readonly RuleMeta[] = [
  ...scannerRules,
  ...codeDeserializationRules,
  ...codeProvenanceRules,
  ...codeLoaderRules,
  ...codeTransportRules,
  ...codeExecutionRules,
  ...pickleRules,
  ...modelFormatRules,
  ...modelProvenanceRules,
  ...archiveRules,
  ...onnxRules,
  ...tensorflowRules,
  ...kerasRules,
  ...tfliteRules,
  ...safetensorsRules,
  ...ggufRules,
  ...probeRules,
].sort((a, b) => (a.id < b.id ? -1 : 1));

const byId = new Map(ALL_RULES.map((r) => [r.id, r]));

export function ruleById(id: string): RuleMeta | undefined {
  return byId.get(id);
}
