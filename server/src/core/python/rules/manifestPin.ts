// MSL830-MSL832 in scripts: Hub repository ids checked against typo-squats of well-known
// organisations, and against the revisions the project's msl.lock.json records. When the
// manifest pins `org/name` to a commit, a load without that revision gets a quick fix that
// inserts (or replaces) `revision="<commit>"`.
import { HUB_ORG_TYPOSQUAT, PIN_FROM_MANIFEST, REVISION_DIFFERS_FROM_MANIFEST } from '../../rules/modelProvenance';
import { describeTyposquat, typosquatOf } from '../../provenance/typosquat';
import { appendKeywordEdits, replaceNodeEdit } from '../fixes';
import { argument, isCommitSha, reportCall, stringConstant } from './common';
import { hubModelId } from './hubIds';
import { describeCallee, type CallMatch, type CallRule, type ScriptContext } from './types';

/** Loaders taking a Hub repository id and a `revision` keyword: callees and where the id is. */
const PINNABLE: { callees: string[]; position: number | undefined; keyword: string; sentenceTransformers?: boolean }[] = [
  { callees: ['transformers.**.from_pretrained', 'diffusers.**.from_pretrained', 'sentence_transformers.**.from_pretrained'], position: 0, keyword: 'pretrained_model_name_or_path' },
  { callees: ['transformers.pipeline', 'transformers.pipelines.pipeline'], position: undefined, keyword: 'model' },
  { callees: ['sentence_transformers.SentenceTransformer', 'sentence_transformers.SentenceTransformer.SentenceTransformer'], position: 0, keyword: 'model_name_or_path', sentenceTransformers: true },
  { callees: ['huggingface_hub.hf_hub_download', 'huggingface_hub.snapshot_download', 'huggingface_hub.file_download.hf_hub_download'], position: 0, keyword: 'repo_id' },
];

export const manifestPinRules: CallRule[] = PINNABLE.map((loader) => ({
  callees: loader.callees,
  check(m, ctx) {
    const node = argument(m.args, loader.position, loader.keyword);
    const repo = stringConstant(node, m.scope, ctx);
    const hub = repo === undefined ? undefined : hubModelId(repo, true, loader.sentenceTransformers);
    if (!node || repo === undefined || !hub) return;
    const squat = hub.bare ? undefined : typosquatOf(repo.split('/')[0]!);
    if (squat) reportCall(HUB_ORG_TYPOSQUAT, m, ctx, { message: `${describeCallee(m)} loads \`${repo}\`. ${describeTyposquat(squat)}`, at: node });
    const pinned = ctx.hubPins?.get(hub.id.toLowerCase()) ?? ctx.hubPins?.get(repo.toLowerCase());
    if (pinned) checkPin(m, ctx, repo, pinned);
  },
}));

function checkPin(m: CallMatch, ctx: ScriptContext, repo: string, pinned: string): void {
  const revisionNode = argument(m.args, undefined, 'revision');
  const callee = describeCallee(m);
  if (!revisionNode) {
    const edits = m.args.list && !m.args.hasDictSplat ? appendKeywordEdits(m.args.list, `revision="${pinned}"`, ctx.lines) : undefined;
    reportCall(PIN_FROM_MANIFEST, m, ctx, {
      message: `${callee} loads \`${repo}\` without \`revision\`; msl.lock.json records it at commit ${pinned}.`,
      ...(m.args.hasDictSplat ? { confidence: 'low' as const } : {}),
      ...(edits ? { fix: { title: `Pin revision="${pinned.slice(0, 12)}…" (from msl.lock.json)`, edits } } : {}),
    });
    return;
  }
  const value = ctx.resolver.constant(revisionNode, m.scope)?.value;
  if (typeof value === 'string' && value.toLowerCase() === pinned) return;
  // Only a literal is rewritten: a constant may be shared by other calls.
  const fix = revisionNode.type === 'string' ? { title: `Use revision="${pinned.slice(0, 12)}…" (from msl.lock.json)`, edits: [replaceNodeEdit(revisionNode, `"${pinned}"`, ctx.lines)] } : undefined;
  if (typeof value === 'string' && isCommitSha(value)) {
    reportCall(REVISION_DIFFERS_FROM_MANIFEST, m, ctx, {
      message: `${callee} loads \`${repo}\` at commit ${value}, but msl.lock.json records ${pinned}.`,
      at: revisionNode,
      ...(fix ? { fix } : {}),
    });
    return;
  }
  reportCall(PIN_FROM_MANIFEST, m, ctx, {
    message: `${callee} loads \`${repo}\` at \`${value === undefined ? revisionNode.text : String(value)}\`, which can move; msl.lock.json records commit ${pinned}.`,
    at: revisionNode,
    ...(fix ? { fix } : {}),
  });
}
