// MSL401-MSL403: plain-text URLs, downloads without hash checks, TLS verification turned off.
import type { Node } from 'web-tree-sitter';
import { DOWNLOAD_WITHOUT_HASH, INSECURE_URL, TLS_VERIFY_DISABLED } from '../../rules/codeTransport';
import { argument, calleeUnder, reportCall } from './common';
import { keywordFlagRule } from './keywordFlags';
import { describeCallee, type CallMatch, type CallRule, type ScriptContext } from './types';

/** Download helpers and where their URL argument is (position, keyword). */
const DOWNLOADERS: [string[], number, string][] = [
  [['torch.hub.load_state_dict_from_url', 'torch.utils.model_zoo.load_url', 'torch.hub.download_url_to_file'], 0, 'url'],
  [['urllib.request.urlretrieve', 'urllib.request.urlopen', 'urllib.urlretrieve', 'urllib.urlopen', 'urllib2.urlopen'], 0, 'url'],
  [['requests.get', 'requests.head', 'requests.post', 'httpx.get', 'httpx.post', 'wget.download', 'gdown.download', 'gdown.cached_download'], 0, 'url'],
  [['requests.request', 'httpx.request', 'httpx.stream'], 1, 'url'],
  [['torchvision.datasets.utils.download_url', 'torchvision.datasets.utils.download_and_extract_archive'], 0, 'url'],
  [['keras.utils.get_file', 'tensorflow.keras.utils.get_file', 'tf_keras.utils.get_file'], 1, 'origin'],
  [['pandas.read_pickle'], 0, 'filepath_or_buffer'],
];

/** Plain http to this machine never crosses a network. */
const LOOPBACK = /^\w+:\/\/(?:localhost|127\.\d+\.\d+\.\d+|\[::1\])(?:[:/]|$)/i;

export const insecureUrlRules: CallRule[] = DOWNLOADERS.map(([callees, position, keyword]) => ({
  callees,
  check(m, ctx) {
    const node = argument(m.args, position, keyword);
    if (!node) return;
    const c = ctx.resolver.constant(node, m.scope);
    if (typeof c?.value !== 'string') return;
    const scheme = /^(http|ftp):\/\//i.exec(c.value);
    if (!scheme || LOOPBACK.test(c.value)) return;
    const literal = c.binding?.value ?? node;
    const fix = scheme[1] === 'http' ? httpsFix(literal, ctx) : undefined;
    const where = c.binding ? ` (set on line ${ctx.lines.lineOf(literal.startIndex) + 1})` : '';
    reportCall(INSECURE_URL, m, ctx, {
      message: `${describeCallee(m)} fetches \`${c.value.slice(0, 100)}\`${where} over ${scheme[1].toLowerCase()}, without TLS, so the content can be replaced in transit.`,
      ...(fix ? { fix } : {}),
    });
  },
}));

/** `"http://…"` -> `"https://…"` in a plain string literal (not f-strings or concatenations). */
function httpsFix(literal: Node, ctx: ScriptContext): { title: string; edits: { range: ReturnType<ScriptContext['lines']['range']>; newText: string }[] } | undefined {
  if (literal.type !== 'string') return undefined;
  const start = literal.namedChildren.find((c) => c?.type === 'string_start');
  if (!start || /[fFbB]/.test(start.text)) return undefined;
  if (!literal.text.startsWith('http://', start.text.length)) return undefined;
  const at = start.endIndex;
  return { title: 'Use https://', edits: [{ range: ctx.lines.range(at, at + 'http://'.length), newText: 'https://' }] };
}

/** MSL402: download helpers that accept a hash, called without one. */
export const downloadHashRule: CallRule = {
  callees: ['torch.hub.load_state_dict_from_url', 'torch.utils.model_zoo.load_url', 'torch.hub.download_url_to_file', 'keras.utils.get_file', 'tensorflow.keras.utils.get_file', 'tf_keras.utils.get_file', 'urllib.request.urlretrieve'],
  check(m, ctx) {
    if (m.args.hasDictSplat) return;
    const hashed = (position: number | undefined, name: string): boolean => {
      const n = argument(m.args, position, name);
      if (!n) return false;
      const c = ctx.resolver.constant(n, m.scope);
      return c === undefined || (c.value !== null && c.value !== false && c.value !== '');
    };
    const callee = describeCallee(m);
    const say = (what: string): void => reportCall(DOWNLOAD_WITHOUT_HASH, m, ctx, { message: `${callee} ${what}` });
    if (m.qualified.endsWith('load_state_dict_from_url') || m.qualified.endsWith('load_url')) {
      if (!hashed(4, 'check_hash')) say('downloads a checkpoint without `check_hash=True`, so a replaced file is loaded as if it were the original.');
    } else if (m.qualified.endsWith('download_url_to_file')) {
      if (!hashed(2, 'hash_prefix')) say('downloads a file without `hash_prefix`, so its content is not checked.');
    } else if (m.qualified.endsWith('get_file')) {
      if (!hashed(3, 'md5_hash') && !hashed(4, 'file_hash')) say('downloads a file without `file_hash`, so its content is not checked.');
    } else if (isModelUrl(m, ctx)) {
      say('downloads a model file without checking its hash.');
    }
  },
};

function isModelUrl(m: CallMatch, ctx: ScriptContext): boolean {
  const node = argument(m.args, 0, 'url');
  const c = node ? ctx.resolver.constant(node, m.scope) : undefined;
  return typeof c?.value === 'string' && /\.(pt|pth|bin|ckpt|pkl|pickle|joblib|h5|hdf5|keras|onnx|safetensors|gguf|tflite|pb|npz|npy)(\?|#|$)/i.test(c.value);
}

const HTTP_CLIENTS = ['requests', 'httpx', 'urllib3', 'aiohttp', 'boto3', 'botocore', 'huggingface_hub', 'gdown'];

export const verifyFalseRule = keywordFlagRule({
  rule: TLS_VERIFY_DISABLED,
  keyword: 'verify',
  risky: false,
  reportUnknown: false,
  effect: 'accepts any TLS certificate, so the server can be impersonated and downloads replaced.',
  adjust: (m) => (calleeUnder(m, HTTP_CLIENTS) ? undefined : { confidence: 'medium' }),
});

export const unverifiedContextRule: CallRule = {
  callees: ['ssl._create_unverified_context'],
  check(m, ctx) {
    reportCall(TLS_VERIFY_DISABLED, m, ctx, { message: `${describeCallee(m)} creates a TLS context that accepts any certificate.` });
  },
};
