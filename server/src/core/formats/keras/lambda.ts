// Keras Lambda functions: base64 of `marshal.dumps(code)` (Keras 2 `[code, defaults, closure]`
// or a bare string, Keras 3 `{"class_name": "__lambda__", "config": {"code": ...}}`), decoded
// without running anything, down to the names and string constants the code refers to.
import { codeReferences, readMarshal } from './marshal';
import { DANGEROUS_CODE_NAMES } from './builtins';

export interface DecodedLambda {
  names: string[];
  strings: string[];
  /** Names and string constants on the dangerous list. */
  dangerous: string[];
  error?: string;
}

/** The marshalled payload string of a Lambda `function` value in any of its layouts, if any. */
export function lambdaPayload(fn: unknown): string | undefined {
  if (typeof fn === 'string') return fn;
  if (Array.isArray(fn) && typeof fn[0] === 'string') return fn[0];
  if (fn && typeof fn === 'object' && !Array.isArray(fn)) {
    const o = fn as Record<string, unknown>;
    const cfg = o.config as Record<string, unknown> | undefined;
    if (o.class_name === '__lambda__' && cfg && typeof cfg === 'object' && typeof cfg.code === 'string') return cfg.code;
  }
  return undefined;
}

/** Bytes of the payload: base64 (what Keras writes) or, as Keras' own fallback, raw latin-1. */
function payloadBytes(text: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  if (/^[A-Za-z0-9+/=\s]+$/.test(text)) out.push(Buffer.from(text, 'base64'));
  out.push(Buffer.from(text, 'latin1'));
  return out;
}

export function decodeLambda(text: string, maxBytes: number): DecodedLambda {
  let error = 'not a marshalled code object';
  if (text.length > maxBytes) return { names: [], strings: [], dangerous: [], error: `payload of ${text.length} characters over the header limit` };
  for (const bytes of payloadBytes(text)) {
    const r = readMarshal(bytes);
    const v = r.value;
    if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array) && v.kind === 'code') {
      const refs = codeReferences(v.code);
      const dangerous = [...new Set([...refs.names, ...refs.strings].filter((n) => DANGEROUS_CODE_NAMES.has(n)))];
      return { ...refs, dangerous };
    }
    error = r.error ?? 'the marshalled value is not a code object';
  }
  return { names: [], strings: [], dangerous: [], error };
}

/** Names first (they are what the code calls), then string constants, shortened for evidence. */
export function describeLambda(d: DecodedLambda): string {
  const short = (s: string): string => JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);
  const names = d.names.slice(0, 30).join(', ');
  const strings = d.strings.slice(0, 10).map(short).join(', ');
  return `names: ${names || '(none)'}; strings: ${strings || '(none)'}`;
}
