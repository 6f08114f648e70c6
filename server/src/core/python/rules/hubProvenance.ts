// MSL201-MSL209: where models and their code come from.
//
// Decisions:
// - MSL201 trust_remote_code=True: high, or medium when `revision`/`code_revision` is a 40-hex
//   commit (the code you reviewed cannot change under you). Fix: delete the argument.
// - MSL202 fires for a literal `owner/name` id, and for the bare canonical ids (`gpt2`,
//   `bert-base-uncased`) in model loaders; any other bare name may be a local folder (hubIds.ts).
//   It is skipped when MSL201 already fires on the call (its message covers the pin).
// - MSL204/205 torch.hub.load: `source="local"` is never reported; a ref pinned to a commit is fine.
import type { Severity } from '../../findings';
import {
  DIFFUSERS_CUSTOM_PIPELINE, HUB_DYNAMIC_MODULE, HUB_PICKLE_DOWNLOAD, HUB_UNPINNED_REVISION, ONNX_HUB_SILENT, TORCH_HUB_TRUST_REPO,
  TORCH_HUB_UNPINNED, TRUST_REMOTE_CODE, USE_SAFETENSORS_FALSE,
} from '../../rules/codeProvenance';
import type { CallArguments } from '../syntax';
import { argument, isCommitSha, keywordState, removeKeywordFix, reportCall, stringConstant } from './common';
import { everyCallRule } from './deserialization';
import { hubModelId, looksLikeRepoId, type HubId } from './hubIds';
import { keywordFlagRule } from './keywordFlags';
import { describeCallee, type CallMatch, type CallRule, type ScriptContext } from './types';

const pinnedBy = (args: CallArguments, m: CallMatch | { scope: CallMatch['scope'] }, ctx: ScriptContext, names: string[]): boolean =>
  names.some((n) => isCommitSha(stringConstant(argument(args, undefined, n), m.scope, ctx)));

export const trustRemoteCodeRule = keywordFlagRule({
  rule: TRUST_REMOTE_CODE,
  keyword: 'trust_remote_code',
  risky: true,
  reportUnknown: true,
  effect: 'downloads Python code from the model repository and runs it.',
  adjust(m, ctx) {
    if (pinnedBy(m.args, m, ctx, ['revision', 'code_revision'])) return { severity: 'medium', note: 'The revision is pinned to a commit, so the code cannot change after review.' };
    return { note: 'No `revision` pins it to a commit, so the code can change at any time.' };
  },
});

export const useSafetensorsFalseRule = keywordFlagRule({
  rule: USE_SAFETENSORS_FALSE,
  keyword: 'use_safetensors',
  risky: false,
  reportUnknown: false,
  effect: 'skips safetensors weights and loads pickle-format files, which can run code.',
});

interface HubLoader {
  callees: string[];
  /** Position and keyword of the repository id. */
  repo: (m: CallMatch) => [number | undefined, string];
  /** timm-style ids: `hf-hub:owner/name`. */
  prefixed?: boolean;
  /** Model loaders resolve canonical ids without an owner (`gpt2`); datasets and timm names do not. */
  bare?: boolean;
  /** sentence-transformers expands its own bare model names. */
  sentenceTransformers?: boolean;
}

const HUB_LOADERS: HubLoader[] = [
  { callees: ['transformers.**.from_pretrained', 'diffusers.**.from_pretrained', 'sentence_transformers.**.from_pretrained'], repo: () => [0, 'pretrained_model_name_or_path'], bare: true },
  { callees: ['peft.**.from_pretrained'], repo: (m) => (/\.PeftModel\w*\.from_pretrained$/.test(m.qualified) ? [1, 'model_id'] : [0, 'pretrained_model_name_or_path']), bare: true },
  { callees: ['transformers.pipeline', 'transformers.pipelines.pipeline'], repo: () => [undefined, 'model'], bare: true },
  { callees: ['sentence_transformers.SentenceTransformer', 'sentence_transformers.SentenceTransformer.SentenceTransformer'], repo: () => [0, 'model_name_or_path'], bare: true, sentenceTransformers: true },
  { callees: ['sentence_transformers.CrossEncoder', 'sentence_transformers.cross_encoder.CrossEncoder'], repo: () => [0, 'model_name'], bare: true },
  { callees: ['huggingface_hub.hf_hub_download', 'huggingface_hub.snapshot_download', 'huggingface_hub.file_download.hf_hub_download'], repo: () => [0, 'repo_id'], bare: true },
  { callees: ['datasets.load_dataset'], repo: () => [0, 'path'] },
  { callees: ['timm.create_model'], repo: () => [0, 'model_name'], prefixed: true },
];

export const hubRevisionRules: CallRule[] = HUB_LOADERS.map((loader) => ({
  callees: loader.callees,
  check(m, ctx) {
    const [position, name] = loader.repo(m);
    let repo = stringConstant(argument(m.args, position, name), m.scope, ctx);
    if (repo === undefined) return;
    if (loader.prefixed) {
      const hub = /^hf[-_]hub:(.*)$/.exec(repo);
      if (!hub || !argument(m.args, 1, 'pretrained')) return;
      if (/@[0-9a-f]{40}$/i.test(hub[1])) return;
      repo = hub[1];
      if (!looksLikeRepoId(repo)) return;
      reportCall(HUB_UNPINNED_REVISION, m, ctx, { message: `${describeCallee(m)} loads \`${repo}\` from the Hub with no way to pin a commit; the weights can change at any time.` });
      return;
    }
    const hub = hubModelId(repo, loader.bare === true && !otherRepoType(m, ctx), loader.sentenceTransformers);
    if (!hub) return;
    const trust = m.args.keywords.get('trust_remote_code')?.childForFieldName('value');
    if (trust && keywordState(trust, true, m.scope, ctx).state !== 'safe') return; // MSL201 reports the pin
    const revisionNode = argument(m.args, undefined, 'revision');
    const callee = describeCallee(m);
    const shown = describeRepo(repo, hub);
    if (!revisionNode) {
      reportCall(HUB_UNPINNED_REVISION, m, ctx, {
        ...(m.args.hasDictSplat ? { confidence: 'low' as const } : {}),
        message: `${callee} loads ${shown} without \`revision\`, so it gets whatever the repository holds today.${m.args.hasDictSplat ? ' (`**` arguments may carry a revision.)' : ''}`,
      });
      return;
    }
    const revision = ctx.resolver.constant(revisionNode, m.scope);
    if (!revision || revision.value === null) {
      if (revision) reportCall(HUB_UNPINNED_REVISION, m, ctx, { message: `${callee} loads ${shown} with \`revision=None\`, the default branch.` });
      return;
    }
    if (typeof revision.value === 'string' && isCommitSha(revision.value)) return;
    reportCall(HUB_UNPINNED_REVISION, m, ctx, {
      message: `${callee} loads ${shown} at revision \`${String(revision.value)}\`, a branch or tag that can move; pin a 40-hex commit SHA.`,
    });
  },
}));

/** The id as shown in messages: bare ids say what they are (canonical model, or the sentence-transformers repository). */
function describeRepo(repo: string, hub: HubId): string {
  if (!hub.bare) return `\`${repo}\``;
  return hub.id === repo
    ? `\`${repo}\` (a canonical Hub model: no owner in the id, still a repository whose files can change)`
    : `\`${repo}\` (the Hub repository \`${hub.id}\`)`;
}

/** `repo_type="dataset"` / `"space"`: a bare name is then not one of the canonical models. */
function otherRepoType(m: CallMatch, ctx: ScriptContext): boolean {
  const node = argument(m.args, undefined, 'repo_type');
  const type = node ? ctx.resolver.constant(node, m.scope)?.value : null;
  return type !== null && type !== 'model';
}

/** MSL204 / MSL205: torch.hub.load("owner/repo[:ref]", ...). */
export const torchHubRule: CallRule = {
  callees: ['torch.hub.load', 'torch.hub.list', 'torch.hub.help'],
  check(m, ctx) {
    const source = stringConstant(argument(m.args, undefined, 'source'), m.scope, ctx);
    if (source === 'local') return;
    const repo = stringConstant(argument(m.args, 0, 'repo_or_dir'), m.scope, ctx);
    const callee = describeCallee(m);
    const trust = argument(m.args, undefined, 'trust_repo');
    const trusted = trust !== undefined && ctx.resolver.constant(trust, m.scope)?.value === true;
    const ref = repo !== undefined ? /^[\w.-]+\/[\w.-]+(?::(.+))?$/.exec(repo) : undefined;
    const pinned = ref ? isCommitSha(ref[1]) : false;
    if (ref && !pinned) {
      reportCall(TORCH_HUB_UNPINNED, m, ctx, {
        message: ref[1]
          ? `${callee} runs \`hubconf.py\` from \`${repo}\`, whose ref \`${ref[1]}\` is a branch or tag that can move.`
          : `${callee} runs \`hubconf.py\` from the default branch of \`${repo}\`, which can change at any time.`,
      });
    }
    if (trusted) {
      const severity: Severity | undefined = pinned ? undefined : 'medium';
      reportCall(TORCH_HUB_TRUST_REPO, m, ctx, { message: `${callee} is called with \`trust_repo=True\`, which skips the check before running code from a repository not seen before.`, ...(severity && ref ? { severity } : {}) });
    }
  },
};

/** MSL206: a diffusers custom pipeline without a commit pin. */
export const customPipelineRule: CallRule = {
  callees: ['diffusers.**.from_pretrained'],
  check(m, ctx) {
    const node = argument(m.args, undefined, 'custom_pipeline');
    if (!node) return;
    const pipeline = stringConstant(node, m.scope, ctx);
    if (pipeline === undefined && ctx.resolver.constant(node, m.scope)?.value === null) return;
    const local = pipeline !== undefined && (/^[.~/]/.test(pipeline) || /\.py$/.test(pipeline));
    if (local) return;
    const pinned = pinnedBy(m.args, m, ctx, ['custom_revision']);
    const community = pipeline !== undefined && !pipeline.includes('/');
    const severity: Severity = pinned ? 'low' : community ? 'medium' : 'high';
    const what = pipeline === undefined ? 'a custom pipeline' : community ? `the community pipeline \`${pipeline}\`` : `the pipeline code of \`${pipeline}\``;
    reportCall(DIFFUSERS_CUSTOM_PIPELINE, m, ctx, {
      severity,
      message: pinned
        ? `${describeCallee(m)} downloads and runs ${what}, pinned to a commit by \`custom_revision\`.`
        : `${describeCallee(m)} downloads and runs ${what} without \`custom_revision\` pinned to a commit, so the code can change at any time.`,
    });
  },
};

/** MSL207: onnx.hub.load(..., silent=True), fixed by deleting the argument. */
export const onnxHubSilentRule: CallRule = {
  callees: ['onnx.hub.load', 'onnx.hub.load_composite_model', 'onnx.hub.download_model_with_test_data'],
  check(m, ctx) {
    const keyword = m.args.keywords.get('silent');
    const value = keyword?.childForFieldName('value');
    if (!keyword || !value || keywordState(value, true, m.scope, ctx).state !== 'literal') return;
    const fix = removeKeywordFix({ keyword, args: m.args }, ctx);
    reportCall(ONNX_HUB_SILENT, m, ctx, { message: `${describeCallee(m)} is called with \`silent=True\`, which hides the warning about models from untrusted repositories.`, ...(fix ? { fix } : {}) });
  },
};

export const dynamicModuleRule = everyCallRule(
  HUB_DYNAMIC_MODULE,
  ['transformers.**.get_class_from_dynamic_module', 'transformers.**.get_cached_module_file', 'diffusers.**.get_class_from_dynamic_module'],
  () => 'downloads a Python module from a repository and imports it, which runs its code.',
);

const PICKLE_WEIGHTS = /\.(bin|pt|pth|ckpt|pkl|pickle|joblib)$/i;

/** MSL209: hf_hub_download of a pickle-format weights file. */
export const hubPickleDownloadRule: CallRule = {
  callees: ['huggingface_hub.hf_hub_download', 'huggingface_hub.file_download.hf_hub_download'],
  check(m, ctx) {
    const filename = stringConstant(argument(m.args, 1, 'filename'), m.scope, ctx);
    if (!filename || !PICKLE_WEIGHTS.test(filename)) return;
    reportCall(HUB_PICKLE_DOWNLOAD, m, ctx, { message: `${describeCallee(m)} downloads \`${filename}\`, a pickle-format file; prefer the repository's \`.safetensors\` weights if it has them.` });
  },
};
