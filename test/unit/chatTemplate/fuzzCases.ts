// Chat-template fuzzing: token soups of Jinja fragments, and character/token mutations of the
// benign and malicious fixtures, run through the analysis (and, for a share, through a .jinja scan).
// `fuzzChatTemplate` is the long-run entry for `npm run fuzz`.
import { analyzeTemplate } from '../../../server/src/core/formats/chatTemplate/analyze';
import { BENIGN_TEMPLATES, MALICIOUS_TEMPLATES } from '../../fixtures/chatTemplate/templates';
import { Prng, checkFindings, fuzzScan, mutate, type FuzzStats } from '../safetensors/fuzzCommon';
import { createFinding } from '../../../server/src/core/findings';

const FRAGMENTS = [
  '{{', '}}', '{%', '%}', '{#', '#}', '{%-', '-%}', 'for', 'in', 'endfor', 'if', 'elif', 'else', 'endif', 'set', '=', 'macro', 'endmacro',
  'x', 'messages', 'm', '.', '[', ']', '(', ')', ',', '|', '~', '+', '*', '**', 'attr', "'__cla'", "'ss__'", '__class__', '__globals__',
  'cycler', 'lipsum', 'range', '10', '9', "'a'", 'reverse', 'format', 'join', 'import', 'include', 'raw', 'endraw', 'not', 'is', 'defined',
  'namespace', 'loop', 'index', ':', '-1', '::', 'tojson', '"', "'", '\\', 'text ', '\n',
];
const SEEDS = [...Object.values(BENIGN_TEMPLATES), ...Object.values(MALICIOUS_TEMPLATES).map((m) => m.template)];

export function generateTemplate(rng: Prng, i: number): string {
  if (i % 2 === 0) return Array.from({ length: 1 + rng.int(30) }, () => rng.pick(FRAGMENTS)).join(rng.pick([' ', '']));
  const base = rng.pick(SEEDS);
  if (rng.chance(0.5)) return Buffer.from(mutate(rng, Buffer.from(base, 'utf8'))).toString('utf8');
  const cut = rng.int(base.length);
  return base.slice(0, cut) + rng.pick(FRAGMENTS) + base.slice(cut + rng.int(4));
}

export async function fuzzChatTemplate(cases: number, seed: number): Promise<FuzzStats> {
  const stats: FuzzStats = { cases: 0, findings: 0, maxMs: 0, failures: [] };
  for (let i = 0; i < cases; i++) {
    const template = generateTemplate(new Prng(seed * 1_000_003 + i), i);
    const t = performance.now();
    try {
      const r = analyzeTemplate(template);
      const findings = r.issues.map((x) => createFinding(x.rule, { message: x.message, location: { kind: 'file' }, evidence: x.evidence, severity: x.severity }));
      checkFindings(findings, `case ${i} (seed ${seed})`, stats.failures);
      stats.findings += findings.length;
      stats.cases++;
    } catch (e) {
      stats.failures.push(`case ${i} (seed ${seed}): threw ${(e as Error).stack} on ${JSON.stringify(template)}`);
    }
    stats.maxMs = Math.max(stats.maxMs, performance.now() - t);
  }
  // A share through the file path too (tokenizer_config.json and .jinja hosts).
  const files = await fuzzScan('fuzz.jinja', Math.ceil(cases / 10), seed, (rng, i) => Buffer.from(generateTemplate(rng, i), 'utf8'));
  const configs = await fuzzScan('tokenizer_config.json', Math.ceil(cases / 10), seed, (rng, i) => Buffer.from(JSON.stringify({ chat_template: generateTemplate(rng, i) }).slice(0, rng.chance(0.2) ? rng.int(80) : undefined), 'utf8'));
  for (const s of [files, configs]) {
    stats.cases += s.cases;
    stats.findings += s.findings;
    stats.maxMs = Math.max(stats.maxMs, s.maxMs);
    stats.failures.push(...s.failures);
  }
  return stats;
}
