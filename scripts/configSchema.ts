// The JSON Schema of msl.config.json (schemas/msl.config.schema.json), built from the engine's
// own tables (rule ids and names, limit names) so the editor's completion and validation never
// drift from what core/config.ts accepts. Written by `npm run docs`; a unit test checks it is fresh.
import { SEVERITIES } from '../server/src/core/findings';
import { DEFAULT_LIMITS, LIMIT_DESCRIPTIONS, type LimitName } from '../server/src/core/limits';
import type { RuleMeta } from '../server/src/core/rules/types';

const GLOBS = { type: 'array', items: { type: 'string' } };
const SEVERITY_OR_OFF = { enum: [...SEVERITIES, 'off'] };

export function renderConfigSchema(rules: readonly RuleMeta[]): string {
  const overrides: Record<string, object> = {};
  for (const r of [...rules].sort((a, b) => a.id.localeCompare(b.id))) overrides[r.id] = { ...SEVERITY_OR_OFF, description: `${r.title} (default: ${r.severity})` };
  for (const r of [...rules].sort((a, b) => a.name.localeCompare(b.name))) overrides[r.name] = { ...SEVERITY_OR_OFF, description: `${r.id}: ${r.title} (default: ${r.severity})` };
  const limits: Record<string, object> = {};
  for (const name of Object.keys(DEFAULT_LIMITS) as LimitName[]) {
    limits[name] = { type: 'number', exclusiveMinimum: 0, description: `Maximum ${LIMIT_DESCRIPTIONS[name]} (default ${DEFAULT_LIMITS[name]}).` };
  }
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://model-security-lint.dev/schemas/msl.config.schema.json',
    title: 'Model Security Lint project configuration (msl.config.json)',
    description: 'Read from the workspace folder root by the editor and from the working directory (or --config FILE) by `msl scan`. See docs/configuration.md.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      include: { ...GLOBS, description: 'Globs (relative to the project root) of the files folder walks scan. Replaces the defaults and the msl.include setting.' },
      exclude: { ...GLOBS, description: 'Globs of files and folders folder walks skip. A file named explicitly (command line, opened in the editor) is still scanned.' },
      ignore: { ...GLOBS, description: 'Globs of files whose findings are never reported, even when the file is opened in the editor or named on the command line.' },
      limits: { type: 'object', additionalProperties: false, properties: limits, description: 'Resource limits per file; hitting one is reported as a finding.' },
      pickleAllowlist: {
        type: 'array',
        description: 'Project additions to the pickle allowlist of inert constructors. Each needs a justification.',
        items: {
          type: 'object',
          required: ['module', 'name', 'justification'],
          additionalProperties: false,
          properties: {
            module: { type: 'string', minLength: 1 },
            name: { type: 'string', minLength: 1 },
            justification: { type: 'string', minLength: 10, description: 'Why this callable is inert (10+ characters).' },
          },
        },
      },
      severityOverrides: {
        type: 'object',
        additionalProperties: false,
        properties: overrides,
        description: 'Rule id or rule name -> severity, or "off" to drop the rule\'s findings.',
      },
      provenance: {
        type: 'object',
        additionalProperties: false,
        description: 'Provenance checks against msl.lock.json.',
        properties: {
          unlisted: { ...SEVERITY_OR_OFF, description: 'Severity of MSL802 (a model file with no manifest entry), or "off". Default: low.' },
          requireSignatures: { type: 'boolean', description: 'Report MSL813 for every manifest entry without a signature. Default: false.' },
          publicKey: { type: 'string', minLength: 1, description: 'PEM public key (path relative to the project root) for key-based signature bundles.' },
          trustedRoot: { type: 'string', minLength: 1, description: 'Sigstore trusted root JSON (path relative to the project root) for certificate-based bundles.' },
          signers: {
            type: 'array',
            description: 'Identities whose certificate-based signatures are accepted (required for certificate-based bundles).',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['identity'],
              properties: {
                identity: { type: 'string', minLength: 1, description: 'The certificate\'s subject alternative name (email or URI), compared exactly.' },
                issuer: { type: 'string', minLength: 1, description: 'The OIDC issuer recorded in the certificate (Fulcio extension), compared exactly when given.' },
              },
            },
          },
          minTlogEntries: { type: 'integer', minimum: 0, description: 'Transparency-log entries a bundle must carry. Default: 0.' },
          minTimestamps: { type: 'integer', minimum: 0, description: 'Signed timestamps a bundle must carry. Default: 0.' },
          minCtlogEntries: { type: 'integer', minimum: 0, description: 'Certificate-transparency entries (SCTs) a bundle must carry. Default: 0.' },
        },
      },
    },
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
