// The table of every rule, built from one file per family. Ids are unique (checked by a test).
import type { RuleMeta } from './types';
import { scannerRules } from './scanner';
import { codeDeserializationRules } from './codeDeserialization';
import { pickleRules } from './pickleContent';
import { modelFormatRules } from './modelFormat';
import { modelProvenanceRules } from './modelProvenance';

export const ALL_RULES: readonly RuleMeta[] = [
  ...scannerRules,
  ...codeDeserializationRules,
  ...pickleRules,
  ...modelFormatRules,
  ...modelProvenanceRules,
].sort((a, b) => (a.id < b.id ? -1 : 1));

const byId = new Map(ALL_RULES.map((r) => [r.id, r]));

export function ruleById(id: string): RuleMeta | undefined {
  return byId.get(id);
}
