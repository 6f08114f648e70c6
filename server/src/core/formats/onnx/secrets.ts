// High-signal patterns for secrets and URLs in free text (metadata, doc strings). Each pattern
// is specific enough that a match is worth a reviewer's minute; generic entropy checks are not.

export interface TextHit {
  kind: string;
  /** The match with its middle masked, so reports do not spread the secret further. */
  masked: string;
}

const SECRET_PATTERNS: readonly [string, RegExp][] = [
  ['AWS access key id', /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/],
  ['GitHub token', /\bgh[pousr]_[A-Za-z0-9]{36,}\b/],
  ['GitHub fine-grained token', /\bgithub_pat_[A-Za-z0-9_]{40,}\b/],
  ['Hugging Face token', /\bhf_[A-Za-z0-9]{30,}\b/],
  ['OpenAI-style API key', /\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}\b/],
  ['Google API key', /\bAIza[0-9A-Za-z_-]{35}\b/],
  ['Slack token', /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/],
  ['private key block', /-----BEGIN (?:RSA |EC |OPENSSH |DSA |PGP )?PRIVATE KEY( BLOCK)?-----/],
  ['JSON Web Token', /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/],
];

const URL_PATTERN = /\b(?:https?|ftp|s3|gs|wss?):\/\/[^\s'"<>]+/i;
const SECRET_KEY_NAME = /(?:^|[_.\-\s])(?:api[_-]?key|secret|password|passwd|token|access[_-]?key|auth)(?:$|[_.\-\s])/i;

export function findSecrets(text: string): TextHit[] {
  const hits: TextHit[] = [];
  for (const [kind, re] of SECRET_PATTERNS) {
    const m = re.exec(text);
    if (m) hits.push({ kind, masked: mask(m[0]) });
  }
  return hits;
}

/** A key named like a credential holding a non-trivial value. */
export function isSecretKeyName(key: string, value: string): boolean {
  return SECRET_KEY_NAME.test(key) && value.trim().length >= 8 && !/^(?:none|null|false|true|\*+)$/i.test(value.trim());
}

export function findUrl(text: string): string | undefined {
  return URL_PATTERN.exec(text)?.[0];
}

export function mask(s: string): string {
  if (s.length <= 10) return `${s.slice(0, 2)}…`;
  return `${s.slice(0, 6)}…${s.slice(-2)} (${s.length} chars)`;
}
