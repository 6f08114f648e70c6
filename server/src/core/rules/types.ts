import type { Confidence, Severity } from '../findings';

/** The families of the rule-id scheme (see ARCHITECTURE.md). */
export type RuleFamily =
  | 'scanner'            // MSL0xx: the scan itself (limits, unreadable input)
  | 'code-deserialization' // MSL1xx
  | 'code-provenance'    // MSL2xx
  | 'code-loaders'       // MSL3xx
  | 'code-transport'     // MSL4xx
  | 'code-execution'     // MSL5xx
  | 'pickle'             // MSL6xx
  | 'model-format'       // MSL7xx
  | 'model-provenance'   // MSL8xx
  | 'probe';             // MSL9xx

export interface RuleMeta {
  /** `MSL` + three digits; the first digit is the family. */
  id: string;
  /** kebab-case name, stable, used in config files next to the id. */
  name: string;
  title: string;
  family: RuleFamily;
  severity: Severity;
  confidence: Confidence;
  /** One sentence a reviewer understands. */
  why: string;
  /** Longer explanation for the docs page and hovers (Markdown). */
  description: string;
  /** What to do instead (Markdown). */
  safeAlternative?: string;
  /** Public references (advisories, docs) as plain URLs. */
  references?: string[];
}
