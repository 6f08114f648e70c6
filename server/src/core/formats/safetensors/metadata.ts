// `__metadata__` checks: the specification allows a string→string map and nothing else. Values are
// inspected for code, URLs and base64 blobs that decode to a serialized payload (pickle, archive).
import { SAFETENSORS_METADATA_MALFORMED, SAFETENSORS_METADATA_SUSPICIOUS } from '../../rules/safetensors';
import { JsonNumber, pointerToken, type JsonObject } from '../json/strictJson';
import type { Problem } from './types';

const CODE_PATTERNS: readonly RegExp[] = [
  /\bimport\s+(?:os|sys|subprocess|socket|shutil|pty|ctypes|builtins|importlib|pickle|marshal|runpy|requests|urllib)\b/,
  /\bfrom\s+[A-Za-z_][\w.]*\s+import\s+\w/,
  /\b(?:eval|exec|compile|execfile|__import__|getattr|setattr|globals|breakpoint)\s*\(/,
  /__import__|__builtins__|__globals__|__subclasses__/,
  /\bsubprocess\b/,
  /\bos\s*\.\s*(?:system|popen|exec\w*|spawn\w*|remove|unlink|rmdir|environ)\b/,
  /\b(?:pickle|marshal|dill|cloudpickle)\s*\.\s*loads?\s*\(/,
  /\/bin\/(?:ba|z|da)?sh\b|\bcurl\s[^|]*\|\s*(?:ba|z)?sh\b|\bwget\s.*\|\s*(?:ba)?sh\b|\bpowershell(?:\.exe)?\s+-/i,
];
const URL_PATTERN = /\b(?:https?|ftp|file|s3|gs|hdfs):\/\/[^\s"'<>]+/i;
const BASE64_PATTERN = /^[A-Za-z0-9+/_-]{16,}={0,2}$/;
/** Values shown in the summary are cut to this length. */
export const SUMMARY_VALUE_CHARS = 200;
const MAX_VALUE_FINDINGS = 50;

export interface EmbeddedBlob {
  key: string;
  bytes: Uint8Array;
  kind: string;
}

export interface MetadataCheck {
  problems: Problem[];
  blobs: EmbeddedBlob[];
  summary: Record<string, string>;
}

export function checkMetadata(meta: JsonObject, maxSummaryKeys = 1000): MetadataCheck {
  const problems: Problem[] = [];
  const blobs: EmbeddedBlob[] = [];
  const summary: Record<string, string> = {};
  let findings = 0;
  const push = (p: Problem): void => {
    if (findings++ < MAX_VALUE_FINDINGS) problems.push(p);
  };
  for (const [key, value] of meta) {
    const pointer = `/__metadata__/${pointerToken(key)}`;
    const location = { kind: 'pointer' as const, pointer };
    if (Object.keys(summary).length < maxSummaryKeys) summary[key] = shorten(typeof value === 'string' ? value : display(value));
    if (typeof value !== 'string') {
      push({ rule: SAFETENSORS_METADATA_MALFORMED, init: { message: `The metadata value "${key}" is ${describe(value)}, not a string.`, location } });
      continue;
    }
    const code = CODE_PATTERNS.map((p) => p.exec(value)).find((m) => m !== null);
    if (code) {
      push({
        rule: SAFETENSORS_METADATA_SUSPICIOUS,
        init: { message: `The metadata value "${key}" contains code-like text.`, location, evidence: around(value, code.index, code[0].length), severity: 'high' },
      });
    }
    const url = URL_PATTERN.exec(value);
    if (url) {
      push({
        rule: SAFETENSORS_METADATA_SUSPICIOUS,
        init: { message: `The metadata value "${key}" contains a URL.`, location, evidence: url[0].slice(0, 300), severity: 'low' },
      });
    }
    const blob = decodePayload(value);
    if (blob) blobs.push({ key, ...blob });
  }
  return { problems, blobs, summary };
}

/** A base64 value whose decoded bytes start like a serialized payload a loader could deserialize. */
export function decodePayload(value: string): { bytes: Uint8Array; kind: string } | undefined {
  const compact = value.replace(/\s+/g, '');
  if (!BASE64_PATTERN.test(compact)) return undefined;
  const bytes = new Uint8Array(Buffer.from(compact, compact.includes('-') || compact.includes('_') ? 'base64url' : 'base64'));
  const kind = payloadKind(bytes);
  return kind ? { bytes, kind } : undefined;
}

function payloadKind(b: Uint8Array): string | undefined {
  if (b.length >= 2 && b[0] === 0x80 && b[1]! >= 2 && b[1]! <= 5) return `pickle (protocol ${b[1]})`;
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return 'zip archive';
  if (b.length >= 3 && b[0] === 0x1f && b[1] === 0x8b && b[2] === 0x08) return 'gzip stream';
  if (b.length >= 4 && b[0] === 0x42 && b[1] === 0x5a && b[2] === 0x68) return 'bzip2 stream';
  if (b.length >= 6 && b[0] === 0xfd && b[1] === 0x37 && b[2] === 0x7a && b[3] === 0x58 && b[4] === 0x5a && b[5] === 0x00) return 'xz stream';
  return undefined;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Map) return 'an object';
  if (typeof v === 'boolean') return 'a boolean';
  if (typeof v === 'string') return 'a string';
  return 'a number';
}

function display(v: unknown): string {
  if (v instanceof JsonNumber) return v.raw;
  if (v === null || typeof v === 'boolean') return String(v);
  return Array.isArray(v) ? '[array]' : '{object}';
}

function shorten(s: string): string {
  return s.length > SUMMARY_VALUE_CHARS ? `${s.slice(0, SUMMARY_VALUE_CHARS - 1)}…` : s;
}

function around(s: string, at: number, len: number): string {
  const from = Math.max(0, at - 40);
  return `${from > 0 ? '…' : ''}${s.slice(from, at + len + 80)}${at + len + 80 < s.length ? '…' : ''}`;
}
