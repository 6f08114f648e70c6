// Which string literals name a Hugging Face Hub repository. `owner/name` ids are recognised by
// shape (minus folder names people use for local checkpoints). Ids without an owner are only
// accepted from a fixed list: the Hub no longer creates repositories outside a namespace, so
// the bare ids that resolve there are the legacy canonical models (`gpt2`, `bert-base-uncased`),
// and any other bare string (`"model"`, `"my-finetune"`) is far more likely a local folder.
// sentence-transformers also expands a bare name to `sentence-transformers/<name>`.

/** Folder names people use for local checkpoints: `outputs/run1` or `models/gpt2` is not a Hub repository. */
const LOCAL_ROOTS = new Set([
  'output', 'outputs', 'checkpoint', 'checkpoints', 'results', 'runs', 'tmp', 'saved', 'saved_models', 'data', 'logs',
  'models', 'model', 'weights', 'ckpt', 'ckpts', 'pretrained', 'pretrained_models', 'cache', 'artifacts', 'exports', 'experiments',
]);

export function looksLikeRepoId(s: string): boolean {
  const m = /^([A-Za-z0-9][\w.-]*)\/([\w.-]+)$/.exec(s);
  return m !== null && !s.includes('..') && !LOCAL_ROOTS.has(m[1].toLowerCase());
}

const family = (stem: string, variants: string[]): string[] => variants.map((v) => `${stem}${v}`);

/** Models published without an organisation before namespaces were required (now redirected). */
const CANONICAL_MODELS = new Set([
  ...family('bert-', [
    'base-uncased', 'large-uncased', 'base-cased', 'large-cased', 'base-multilingual-uncased', 'base-multilingual-cased', 'base-chinese',
    'base-german-cased', 'large-uncased-whole-word-masking', 'large-cased-whole-word-masking',
    'large-uncased-whole-word-masking-finetuned-squad', 'large-cased-whole-word-masking-finetuned-squad', 'base-cased-finetuned-mrpc',
    'base-german-dbmdz-cased', 'base-german-dbmdz-uncased',
  ]),
  'gpt2', 'gpt2-medium', 'gpt2-large', 'gpt2-xl', 'distilgpt2', 'openai-gpt',
  ...family('distilbert-base-', [
    'uncased', 'uncased-distilled-squad', 'cased', 'cased-distilled-squad', 'german-cased', 'multilingual-cased',
    'uncased-finetuned-sst-2-english',
  ]),
  'distilroberta-base', 'roberta-base', 'roberta-large', 'roberta-large-mnli', 'roberta-base-openai-detector', 'roberta-large-openai-detector',
  ...family('xlm-roberta-', [
    'base', 'large', 'large-finetuned-conll02-dutch', 'large-finetuned-conll02-spanish', 'large-finetuned-conll03-english',
    'large-finetuned-conll03-german',
  ]),
  ...family('xlm-', [
    'mlm-en-2048', 'mlm-ende-1024', 'mlm-enfr-1024', 'mlm-enro-1024', 'mlm-tlm-xnli15-1024', 'mlm-xnli15-1024', 'clm-enfr-1024',
    'clm-ende-1024', 'mlm-17-1280', 'mlm-100-1280',
  ]),
  't5-small', 't5-base', 't5-large', 't5-3b', 't5-11b', 'xlnet-base-cased', 'xlnet-large-cased',
  ...family('albert-', ['base-v1', 'large-v1', 'xlarge-v1', 'xxlarge-v1', 'base-v2', 'large-v2', 'xlarge-v2', 'xxlarge-v2']),
  'ctrl', 'transfo-xl-wt103', 'camembert-base',
]);

/** Widely used sentence-transformers models, loaded by bare name as `sentence-transformers/<name>`. */
const SENTENCE_TRANSFORMERS = new Set([
  'all-MiniLM-L6-v2', 'all-MiniLM-L12-v2', 'all-mpnet-base-v2', 'all-distilroberta-v1', 'multi-qa-MiniLM-L6-cos-v1',
  'multi-qa-mpnet-base-dot-v1', 'multi-qa-mpnet-base-cos-v1', 'paraphrase-MiniLM-L6-v2', 'paraphrase-mpnet-base-v2',
  'paraphrase-multilingual-MiniLM-L12-v2', 'paraphrase-multilingual-mpnet-base-v2', 'distiluse-base-multilingual-cased-v1',
  'distiluse-base-multilingual-cased-v2', 'msmarco-distilbert-base-v4',
]);

export interface HubId {
  /** The id as the Hub resolves it (`sentence-transformers/all-MiniLM-L6-v2` for a bare sentence-transformers name). */
  readonly id: string;
  /** True for an id written without an owner. */
  readonly bare: boolean;
}

/**
 * The Hub repository a model loader's string names, or undefined when it looks like a local path
 * or an unknown bare name. `bare` says whether the loader resolves canonical bare ids at all;
 * `sentenceTransformers` adds that library's bare names.
 */
export function hubModelId(s: string, bare: boolean, sentenceTransformers = false): HubId | undefined {
  if (looksLikeRepoId(s)) return { id: s, bare: false };
  if (!bare) return undefined;
  if (CANONICAL_MODELS.has(s)) return { id: s, bare: true };
  if (sentenceTransformers && SENTENCE_TRANSFORMERS.has(s)) return { id: `sentence-transformers/${s}`, bare: true };
  return undefined;
}
