// What the chat-template analysis returns: issues with their rule, independent of where the
// template came from (GGUF key, tokenizer_config.json, .jinja file); the host turns them into findings.
import type { Confidence, Severity } from '../../findings';
import type { RuleMeta } from '../../rules/types';

export interface TemplateIssue {
  rule: RuleMeta;
  message: string;
  evidence: string;
  severity?: Severity;
  confidence?: Confidence;
  /** A piece of the template text to point at (first occurrence), when there is one. */
  needle?: string;
}

export interface TemplateAnalysis {
  issues: TemplateIssue[];
  /** Parsed into an AST (false: token or text scan only). */
  parsed: boolean;
}
