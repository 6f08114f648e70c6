// Content that comes from the network: an expression that reads a download, directly
// (`requests.get(u).text`) or through local names bound by assignment or by `with … as r`
// (`with urlopen(u) as r: exec(r.read())`), a few names deep. Used by MSL501 (exec/eval/compile)
// and to raise the deserialization rules to critical when the bytes they load were fetched.
import type { Node } from 'web-tree-sitter';
import type { Severity } from '../../findings';
import { calleeMatcher } from '../callees';
import type { Scope } from '../scopes';
import { oneLine } from '../text';
import type { ScriptContext } from './types';

export const FETCHERS = calleeMatcher([
  'requests.get', 'requests.post', 'requests.request', 'requests.api.get', 'httpx.get', 'httpx.request', 'httpx.stream',
  'urllib.request.urlopen', 'urllib.urlopen', 'urllib2.urlopen', 'urllib.request.urlretrieve', 'wget.download', 'gdown.download',
  'huggingface_hub.hf_hub_download', 'huggingface_hub.snapshot_download', 'torch.hub.download_url_to_file', 'aiohttp.request',
]);
/** Client objects whose request methods fetch (`s = requests.Session(); s.get(u)`). */
const CLIENTS = calleeMatcher([
  'requests.Session', 'requests.session', 'requests.sessions.Session', 'httpx.Client', 'httpx.AsyncClient', 'aiohttp.ClientSession',
  'urllib3.PoolManager', 'urllib.request.build_opener',
]);
const CLIENT_METHODS = new Set(['get', 'post', 'request', 'stream', 'open', 'urlopen']);
const MAX_DEPTH = 4;
const MAX_NODES = 400;

/** The downloading call that `expr` reads from, following local names a few levels deep. */
export function fetchIn(expr: Node, scope: Scope, ctx: ScriptContext, depth = 0): Node | undefined {
  const home = ctx.resolver.scopeOf(expr, scope);
  const pending: Node[] = [expr];
  let visited = 0;
  while (pending.length > 0 && visited++ < MAX_NODES) {
    const n = pending.pop() as Node;
    if (n.type === 'call') {
      const fn = n.childForFieldName('function');
      if (fn && (ctx.resolver.qualifiedNames(fn, home).some((o) => o.qualified !== undefined && FETCHERS.matches(o.qualified)) || clientRequest(fn, home, ctx))) return n;
    } else if (n.type === 'identifier' && depth < MAX_DEPTH) {
      for (const b of ctx.resolver.lookup(n.text, home, n.startIndex).bindings) {
        if (b.kind !== 'value' || !b.value) continue;
        const hit = fetchIn(b.value, b.scope, ctx, depth + 1);
        if (hit) return hit;
      }
      continue;
    }
    for (const c of n.namedChildren) if (c && c.type !== 'comment') pending.push(c);
  }
  return undefined;
}

/** `client.get(...)` where `client` is (bound to) a new HTTP client: `requests.Session()`, `with httpx.Client() as c`. */
function clientRequest(fn: Node, scope: Scope, ctx: ScriptContext): boolean {
  const method = fn.type === 'attribute' ? fn.childForFieldName('attribute') : null;
  let receiver = fn.type === 'attribute' ? fn.childForFieldName('object') : null;
  if (!method || !receiver || !CLIENT_METHODS.has(method.text)) return false;
  let at = scope;
  if (receiver.type === 'identifier') {
    const { bindings } = ctx.resolver.lookup(receiver.text, scope, receiver.startIndex);
    const value = bindings.length === 1 && bindings[0].kind === 'value' ? bindings[0].value : undefined;
    if (!value) return false;
    receiver = value;
    at = bindings[0].scope;
  }
  const made = receiver.type === 'call' ? receiver.childForFieldName('function') : null;
  return made !== null && ctx.resolver.qualifiedNames(made, at).some((o) => o.qualified !== undefined && CLIENTS.matches(o.qualified));
}

/** "`requests.get(u)`" (no line number: it would go stale under body-by-body re-analysis). */
export function describeFetch(fetch: Node): string {
  return `\`${oneLine(fetch.text, 80)}\``;
}

export interface RemoteEscalation {
  severity: Severity;
  /** A sentence to append to the finding's message. */
  note: string;
}

/** Critical severity and a note when the data a loader reads (`source`) comes from a download. */
export function remoteEscalation(source: Node | undefined, scope: Scope, ctx: ScriptContext): RemoteEscalation | undefined {
  const fetch = source ? fetchIn(source, scope, ctx) : undefined;
  if (!fetch) return undefined;
  return {
    severity: 'critical',
    note: `The data comes from ${describeFetch(fetch)}, so whoever serves it, or can tamper with it on the way, runs code here.`,
  };
}
