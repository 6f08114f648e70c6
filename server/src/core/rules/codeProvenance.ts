// MSL2xx: where the models and code a script loads come from (Hugging Face Hub, torch.hub, ONNX hub).
import type { RuleMeta } from './types';

export const TRUST_REMOTE_CODE: RuleMeta = {
  id: 'MSL201',
  name: 'trust-remote-code',
  title: '`trust_remote_code=True`',
  family: 'code-provenance',
  severity: 'high',
  confidence: 'high',
  why: '`trust_remote_code=True` downloads Python files from the model repository and runs them in this process.',
  description:
    'With `trust_remote_code=True`, Transformers (and `datasets`, `sentence-transformers`, vLLM and others) import modeling code ' +
    'shipped in the repository. Whoever can push to that repository runs code on every machine that loads it. Severity is high ' +
    'when the call does not pin `revision` (or `code_revision`) to a 40-hex commit, because the code can change after you reviewed ' +
    'it; it is medium when pinned to a commit you can review. The flag is also found inside `dict(...)` calls and dictionary ' +
    'literals (`model_kwargs={"trust_remote_code": True}`), without a fix there.',
  safeAlternative:
    'Use an architecture supported natively by the library (remove the flag). If you must run the repository\'s code, review it and pin `revision` to the reviewed commit SHA, or vendor the code into your own repository.',
  references: ['https://huggingface.co/docs/transformers/custom_models'],
};

export const HUB_UNPINNED_REVISION: RuleMeta = {
  id: 'MSL202',
  name: 'hub-load-unpinned-revision',
  title: 'Hub model or data loaded without a pinned revision',
  family: 'code-provenance',
  severity: 'low',
  confidence: 'medium',
  why: 'Without a commit pin, the files loaded are whatever the repository holds today, and they can be replaced at any time.',
  description:
    '`from_pretrained` (Transformers, Diffusers, PEFT), `pipeline`, `SentenceTransformer`, `hf_hub_download`, `snapshot_download`, ' +
    '`datasets.load_dataset` and `timm.create_model("hf-hub:...")` with a literal `owner/name` repository id and no `revision`, or a ' +
    'branch or tag as `revision`, fetch the current state of a mutable repository. Model loaders given a canonical id without an ' +
    'owner (`gpt2`, `bert-base-uncased`, and sentence-transformers names such as `all-MiniLM-L6-v2`) are reported the same way: ' +
    'those repositories are just as mutable. Other bare names and path-like strings (`./models/gpt2`, `outputs/run1`) are taken ' +
    'to be local folders. This is very common, hence the low default ' +
    'severity; raise it in `msl.config.json` for production code. Revisions bound to module constants are followed ' +
    '(`REV = "main"` then `revision=REV`).',
  safeAlternative: 'Pass `revision="<40-hex commit SHA>"` of the snapshot you evaluated.',
  references: ['https://huggingface.co/docs/huggingface_hub/guides/download'],
};

export const USE_SAFETENSORS_FALSE: RuleMeta = {
  id: 'MSL203',
  name: 'use-safetensors-false',
  title: '`use_safetensors=False`',
  family: 'code-provenance',
  severity: 'medium',
  confidence: 'high',
  why: 'Refusing safetensors makes the loader take the pickle-based weight files, which can run code.',
  description: '`from_pretrained(..., use_safetensors=False)` skips `.safetensors` weights even when the repository has them and loads `pytorch_model.bin` or similar pickles instead.',
  safeAlternative: 'Remove the argument (the default prefers safetensors) or pass `use_safetensors=True` to refuse pickles outright.',
  references: ['https://huggingface.co/docs/safetensors/index'],
};

export const TORCH_HUB_UNPINNED: RuleMeta = {
  id: 'MSL204',
  name: 'torch-hub-load-unpinned',
  title: '`torch.hub.load` of a GitHub repository without a commit pin',
  family: 'code-provenance',
  severity: 'medium',
  confidence: 'high',
  why: '`torch.hub.load` runs the repository\'s `hubconf.py`, and without a commit pin that code is whatever the branch holds today.',
  description:
    '`torch.hub.load("owner/repo", "model")` downloads the repository (default branch unless `owner/repo:ref` names one) and ' +
    'imports its `hubconf.py`, so it executes code from GitHub. A branch or tag can move; only a commit SHA is fixed. Calls with ' +
    '`source="local"` are not reported.',
  safeAlternative: 'Pin the repository to a reviewed commit (`"owner/repo:<40-hex SHA>"`), or vendor the model code and load weights with `weights_only=True`.',
  references: ['https://pytorch.org/docs/stable/hub.html'],
};

export const TORCH_HUB_TRUST_REPO: RuleMeta = {
  id: 'MSL205',
  name: 'torch-hub-trust-repo',
  title: '`torch.hub.load(..., trust_repo=True)`',
  family: 'code-provenance',
  severity: 'low',
  confidence: 'high',
  why: '`trust_repo=True` silences the check that asks before running code from a repository not seen before.',
  description: 'torch.hub keeps a list of trusted repositories and warns or asks before running code from a new one. `trust_repo=True` adds the repository without asking, which hides a changed owner or a typo-squatted name.',
  safeAlternative: 'Use `trust_repo="check"` and pin the repository to a commit.',
  references: ['https://pytorch.org/docs/stable/hub.html'],
};

export const DIFFUSERS_CUSTOM_PIPELINE: RuleMeta = {
  id: 'MSL206',
  name: 'diffusers-custom-pipeline-unpinned',
  title: 'Diffusers `custom_pipeline` without a pinned `custom_revision`',
  family: 'code-provenance',
  severity: 'high',
  confidence: 'high',
  why: '`custom_pipeline` downloads a pipeline\'s Python code and runs it, and without a commit pin that code can change.',
  description:
    '`DiffusionPipeline.from_pretrained(..., custom_pipeline="owner/repo")` imports `pipeline.py` from a Hub repository (a bare ' +
    'name loads a community pipeline from the Diffusers GitHub repository, reported at medium). Without `custom_revision` pinned ' +
    'to a commit SHA the code is whatever is there today; pinned, it is still reported at low severity as code from elsewhere.',
  safeAlternative: 'Vendor the pipeline code, or pass `custom_revision="<40-hex commit SHA>"` of the version you reviewed.',
  references: ['https://huggingface.co/docs/diffusers/using-diffusers/custom_pipeline_overview'],
};

export const ONNX_HUB_SILENT: RuleMeta = {
  id: 'MSL207',
  name: 'onnx-hub-silent',
  title: '`onnx.hub.load(..., silent=True)`',
  family: 'code-provenance',
  severity: 'medium',
  confidence: 'high',
  why: '`silent=True` suppresses the warning shown before loading a model from a repository that is not the trusted default.',
  description: '`onnx.hub.load` warns when the model comes from a repository other than the official ONNX model zoo. `silent=True` turns that warning off, so a changed or mistyped repository goes unnoticed.',
  safeAlternative: 'Remove `silent=True` and pin the repository to a commit (`repo="owner/name:<SHA>"`).',
};

export const HUB_DYNAMIC_MODULE: RuleMeta = {
  id: 'MSL208',
  name: 'hub-dynamic-module',
  title: 'Python module loaded dynamically from the Hub',
  family: 'code-provenance',
  severity: 'high',
  confidence: 'medium',
  why: 'These helpers download a Python file from a repository and import it, which runs its code.',
  description: '`get_class_from_dynamic_module` and `get_cached_module_file` (Transformers, Diffusers) fetch modeling code from a Hub repository and import it: the same risk as `trust_remote_code=True`, without the flag.',
  safeAlternative: 'Vendor the module into your repository and import it normally.',
};

export const HUB_PICKLE_DOWNLOAD: RuleMeta = {
  id: 'MSL209',
  name: 'hub-download-pickle-weights',
  title: 'Pickle-format weights downloaded from the Hub',
  family: 'code-provenance',
  severity: 'low',
  confidence: 'medium',
  why: 'A `.bin`, `.pt`, `.pth`, `.ckpt` or `.pkl` file is a pickle that can run code when loaded, and many repositories also offer a safetensors copy.',
  description: '`hf_hub_download(..., filename="pytorch_model.bin")` fetches a pickle-format file. Whatever loads it next must restrict unpickling; a safetensors file avoids the question.',
  safeAlternative: 'Download the `.safetensors` file of the same repository (e.g. `model.safetensors`) and load it with `safetensors`.',
  references: ['https://huggingface.co/docs/safetensors/index'],
};

export const codeProvenanceRules: RuleMeta[] = [
  TRUST_REMOTE_CODE, HUB_UNPINNED_REVISION, USE_SAFETENSORS_FALSE, TORCH_HUB_UNPINNED, TORCH_HUB_TRUST_REPO,
  DIFFUSERS_CUSTOM_PIPELINE, ONNX_HUB_SILENT, HUB_DYNAMIC_MODULE, HUB_PICKLE_DOWNLOAD,
];
