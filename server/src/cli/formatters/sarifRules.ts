// SARIF rule descriptors (`tool.driver.rules`) from the rule metadata, and the severity mapping
// used everywhere in the SARIF output. GitHub code scanning reads `security-severity` (a string
// holding a number 0–10) and `precision` from the rule's properties.
import type { Confidence, Severity } from '../../core/findings';
import { ruleDocsUrl } from '../../core/rules/docs';
import type { RuleMeta } from '../../core/rules/types';

export type SarifLevel = 'error' | 'warning' | 'note';

export const SARIF_LEVEL: Record<Severity, SarifLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub's bands: ≥9 critical, 7–8.9 high, 4–6.9 medium, 0.1–3.9 low. */
export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

const PRECISION: Record<Confidence, string> = { high: 'high', medium: 'medium', low: 'low' };

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri: string;
  defaultConfiguration: { level: SarifLevel };
  properties: { 'security-severity': string; precision: string; tags: string[]; severity: Severity };
}

export function sarifRule(rule: RuleMeta): SarifRule {
  const docs = ruleDocsUrl(rule.id);
  const markdown = [
    `**${rule.title}**`,
    rule.why,
    rule.description,
    rule.safeAlternative ? `**Safe alternative:** ${rule.safeAlternative}` : '',
    `[Rule documentation](${docs})`,
  ].filter(Boolean);
  return {
    id: rule.id,
    name: pascalCase(rule.name),
    shortDescription: { text: sentence(plain(rule.title)) },
    fullDescription: { text: sentence(plain(rule.description)) },
    help: {
      text: [rule.why, rule.safeAlternative ? `Safe alternative: ${plain(rule.safeAlternative)}` : '', `Documentation: ${docs}`]
        .filter(Boolean)
        .join('\n'),
      markdown: markdown.join('\n\n'),
    },
    helpUri: docs,
    defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
    properties: {
      'security-severity': SECURITY_SEVERITY[rule.severity],
      precision: PRECISION[rule.confidence],
      tags: ['security', rule.family],
      severity: rule.severity,
    },
  };
}

/** `pickle-dangerous-import` → `PickleDangerousImport` (SARIF's convention for rule names). */
export function pascalCase(kebab: string): string {
  return kebab
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/** Drops Markdown code ticks for plain-text fields. */
export function plain(markdown: string): string {
  return markdown.replace(/`([^`]*)`/g, '$1');
}

/** Plain-text SARIF messages are sentences. */
export function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}
