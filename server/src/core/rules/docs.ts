/** Where the rule pages generated into docs/rules/ are published. One place, used by every output. */
export const DOCS_BASE_URL = 'https://github.com/model-security-lint/model-security-lint/blob/main/docs/rules/';

export function ruleDocsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}
