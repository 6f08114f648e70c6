// Hub organisation names one or two edits, or a look-alike character, away from well-known
// publishers. The list is reviewed by hand (organisations whose models are widely loaded);
// an exact match (case-insensitive) is never a finding.

export const WELL_KNOWN_ORGS: readonly string[] = [
  'meta-llama', 'facebook', 'mistralai', 'google', 'google-bert', 'google-t5', 'microsoft', 'openai', 'openai-community',
  'stabilityai', 'huggingface', 'HuggingFaceH4', 'HuggingFaceTB', 'bigscience', 'bigcode', 'EleutherAI', 'tiiuae', 'Qwen', 'deepseek-ai',
  'nvidia', 'sentence-transformers', 'BAAI', 'intfloat', 'allenai', 'amazon', 'apple', 'ibm-granite', 'Salesforce', 'cohere',
  'CohereForAI', 'databricks', 'mosaicml', 'runwayml', 'CompVis', 'laion', 'timm', 'xlm-roberta', 'distilbert', 'FacebookAI',
  'black-forest-labs', 'THUDM', 'baichuan-inc', '01-ai', 'internlm', 'lmsys', 'NousResearch', 'unsloth', 'TheBloke', 'openbmb',
  'ggml-org', 'jinaai', 'nomic-ai', 'Alibaba-NLP', 'llava-hf', 'pyannote', 'speechbrain', 'coqui', 'suno', 'cardiffnlp',
  'dslim', 'deepset', 'j-hartmann', 'nlptown', 'pytorch', 'onnx', 'keras-io', 'tensorflow', 'optimum',
];

/** Characters that render alike (or nearly) in common fonts, mapped to the ASCII they imitate. */
const HOMOGLYPHS: Record<string, string> = {
  '0': 'o', '1': 'l', '3': 'e', '5': 's', '4': 'a', '7': 't', '8': 'b', '|': 'l', 'I': 'l',
  'а': 'a', 'е': 'e', 'о': 'o', 'р': 'p', 'с': 'c', 'х': 'x', 'у': 'y', 'і': 'i', 'ј': 'j', 'ѕ': 's', 'ԁ': 'd', 'ɡ': 'g', 'ο': 'o', 'α': 'a', 'ν': 'v',
  '_': '-', '.': '-',
};

export interface TyposquatHit {
  org: string;
  lookalike: string;
  /** `homoglyph`, or the edit distance (1 or 2). */
  how: 'homoglyph' | 1 | 2;
}

const known = new Map(WELL_KNOWN_ORGS.map((o) => [o.toLowerCase(), o]));
const bySkeleton = new Map(WELL_KNOWN_ORGS.map((o) => [skeleton(o), o]));

/** The well-known organisation `org` imitates, if any. */
export function typosquatOf(org: string, orgs: readonly string[] = WELL_KNOWN_ORGS): TyposquatHit | undefined {
  const lower = org.toLowerCase();
  const list = orgs === WELL_KNOWN_ORGS ? known : new Map(orgs.map((o) => [o.toLowerCase(), o]));
  if (list.has(lower)) return undefined;
  const skel = skeleton(org);
  const glyph = orgs === WELL_KNOWN_ORGS ? bySkeleton.get(skel) : orgs.find((o) => skeleton(o) === skel);
  if (glyph) return { org, lookalike: glyph, how: 'homoglyph' };
  let best: TyposquatHit | undefined;
  for (const target of list.values()) {
    // Short names are one edit from many words ("ibm" ~ "ibb"): require room for a real typo.
    const max = target.length <= 4 ? 0 : target.length <= 7 ? 1 : 2;
    if (max === 0 || Math.abs(target.length - org.length) > max) continue;
    const d = damerauLevenshtein(lower, target.toLowerCase(), max);
    if (d >= 1 && d <= max && (!best || d < (best.how as number))) best = { org, lookalike: target, how: d as 1 | 2 };
  }
  return best;
}

/** Lower-cased with look-alike characters folded to ASCII. */
export function skeleton(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFKC')) out += HOMOGLYPHS[ch] ?? ch.toLowerCase();
  return out.replace(/rn/g, 'm').replace(/vv/g, 'w');
}

/** Optimal-string-alignment distance (adjacent transpositions count 1), stopping early past `max`. */
export function damerauLevenshtein(a: string, b: string, max = Infinity): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, rows[i - 2]![j - 2]! + 1);
      row[j] = v;
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return rowMin;
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

export function describeTyposquat(hit: TyposquatHit): string {
  const how = hit.how === 'homoglyph' ? 'uses look-alike characters of' : `is ${hit.how} edit${hit.how === 1 ? '' : 's'} away from`;
  return `The organisation \`${hit.org}\` ${how} the well-known \`${hit.lookalike}\`.`;
}
