// The in-toto statement an OpenSSF Model Signing bundle signs: which files, with which digests.
// Two layouts are read: the v1.0 predicate (`predicate.resources[]` of name/algorithm/digest,
// the subject being a digest of the whole model) and the earlier one listing every file as a
// subject with `digest.sha256`.

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
export const IN_TOTO_STATEMENT_TYPES = ['https://in-toto.io/Statement/v1', 'https://in-toto.io/Statement/v0.1'];
/** Predicate types of the model-signing specification (v1.0 and the earlier digest list). */
export const MODEL_SIGNING_PREDICATES = ['https://model_signing/signature/v1.0', 'https://model_signing/Digests/v0.1'];

export interface SignedFile {
  /** Path relative to the signed model's root folder, `/`-separated. */
  name: string;
  sha256: string;
}

export interface SignedStatement {
  predicateType: string;
  files: SignedFile[];
}

/** The statement's files, or a reason it is not a model-signing statement. */
export function parseStatement(payload: Buffer): { statement?: SignedStatement; problem?: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(payload.toString('utf8'));
  } catch {
    return { problem: 'the signed payload is not JSON' };
  }
  if (!isObject(raw) || typeof raw._type !== 'string' || !IN_TOTO_STATEMENT_TYPES.includes(raw._type)) {
    return { problem: 'the signed payload is not an in-toto statement' };
  }
  const predicateType = typeof raw.predicateType === 'string' ? raw.predicateType : '';
  if (!MODEL_SIGNING_PREDICATES.includes(predicateType)) {
    return { problem: `predicate type ${predicateType || '(none)'} is not one of the model-signing specification` };
  }
  const files: SignedFile[] = [];
  const predicate = isObject(raw.predicate) ? raw.predicate : {};
  if (Array.isArray(predicate.resources)) {
    for (const r of predicate.resources) {
      if (!isObject(r) || typeof r.name !== 'string' || typeof r.digest !== 'string') continue;
      if (r.algorithm !== undefined && String(r.algorithm).toLowerCase() !== 'sha256') continue;
      files.push({ name: r.name, sha256: r.digest.toLowerCase() });
    }
  }
  if (predicateType === MODEL_SIGNING_PREDICATES[1] && Array.isArray(raw.subject)) {
    for (const s of raw.subject) {
      if (!isObject(s) || typeof s.name !== 'string' || !isObject(s.digest) || typeof s.digest.sha256 !== 'string') continue;
      files.push({ name: s.name, sha256: s.digest.sha256.toLowerCase() });
    }
  }
  return { statement: { predicateType, files } };
}

/** The signed digest for a file, trying each name it may be listed under (relative to the bundle's folder, then its own name). */
export function signedDigestFor(statement: SignedStatement, names: readonly string[]): SignedFile | undefined {
  for (const n of names) {
    const clean = n.replace(/\\/g, '/').replace(/^\.\//, '');
    const hit = statement.files.find((f) => f.name.replace(/^\.\//, '') === clean);
    if (hit) return hit;
  }
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
