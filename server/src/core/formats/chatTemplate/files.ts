// Chat templates as files: `*.jinja` (the template itself) and `tokenizer_config.json` /
// `chat_template.json` / `processor_config.json` (a `chat_template` string, or a list of
// `{name, template}`). These are recognised by name; their content has no signature.
import type { ByteSource } from '../../io/byteSource';
import type { AnalysisContext } from '../../context';
import { DUPLICATE_HEADER_KEY } from '../../rules/safetensors';
import { TEMPLATE_PARSE_FAILURE } from '../../rules/gguf';
import { isJsonObject, parseJson, pointerToken, type JsonValue } from '../json/strictJson';
import { scanText } from './tokens';
import { checkTemplate, positionAt } from './report';

export const TEMPLATE_FILE_EXTENSIONS: readonly string[] = ['.jinja'];
export const TEMPLATE_CONFIG_FILE_NAMES: readonly string[] = ['tokenizer_config.json', 'chat_template.json', 'processor_config.json'];

/** Reads the whole (small) text file, or reports the header limit and returns nothing. */
function readText(src: ByteSource, ctx: AnalysisContext): string | undefined {
  if (src.size > ctx.limits.maxHeaderBytes) {
    ctx.limitHit('maxHeaderBytes', { kind: 'file' }, `the file is ${src.size} bytes`);
    return undefined;
  }
  return new TextDecoder('utf-8').decode(src.read(0, src.size));
}

export function analyzeJinjaFile(src: ByteSource, ctx: AnalysisContext): void {
  const text = readText(src, ctx);
  if (text === undefined) return;
  const topLevel = ctx.members.length === 0;
  checkTemplate(ctx, text, (index) => {
    if (index === undefined) return { kind: 'file' };
    if (!topLevel) return { kind: 'bytes', offset: Buffer.byteLength(text.slice(0, index), 'utf8') };
    const start = positionAt(text, index);
    return { kind: 'text', range: { start, end: start } };
  });
}

export function analyzeTemplateConfig(src: ByteSource, ctx: AnalysisContext): void {
  const text = readText(src, ctx);
  if (text === undefined) return;
  const parsed = parseJson(text.replace(/^\uFEFF/, ''));
  for (const d of parsed.duplicates) {
    const pointer = d.pointer === '/' ? `/${pointerToken(d.key)}` : `${d.pointer}/${pointerToken(d.key)}`;
    ctx.report(DUPLICATE_HEADER_KEY, {
      message: `The key "${d.key}" appears more than once in ${d.pointer === '/' ? 'the configuration' : d.pointer}; the last copy is the one Python's json uses.`,
      location: { kind: 'pointer', pointer },
      evidence: d.key,
    });
  }
  if (parsed.error || !isJsonObject(parsed.value)) {
    ctx.report(TEMPLATE_PARSE_FAILURE, {
      message: `The configuration is not a valid JSON object (${parsed.error?.message ?? 'not an object'}); its text was scanned for template payloads instead.`,
      location: { kind: 'file' },
      evidence: parsed.error ? `offset ${parsed.error.offset}` : undefined,
    });
    for (const issue of scanText(text)) {
      ctx.report(issue.rule, { message: issue.message, location: { kind: 'file' }, evidence: issue.evidence, severity: issue.severity, confidence: issue.confidence });
    }
    return;
  }
  for (const [pointer, template] of templatesOf(parsed.value.get('chat_template'))) {
    checkTemplate(ctx, template, () => ({ kind: 'pointer', pointer }));
  }
}

/** `chat_template` is a string, or a list of `{name, template}` (named templates such as `tool_use`). */
function templatesOf(v: JsonValue | undefined): [string, string][] {
  if (typeof v === 'string') return [['/chat_template', v]];
  if (!Array.isArray(v)) return [];
  const out: [string, string][] = [];
  v.forEach((item, i) => {
    if (!isJsonObject(item)) return;
    const t = item.get('template');
    if (typeof t === 'string') out.push([`/chat_template/${i}/template`, t]);
  });
  return out;
}
