// MSL740–MSL759: ONNX models (graph structure, operators, external data, metadata, triggers).
import type { RuleMeta } from './types';

const family = 'model-format' as const;

export const ONNX_MALFORMED: RuleMeta = {
  id: 'MSL740', name: 'onnx-malformed', title: 'Malformed ONNX model', family, severity: 'medium', confidence: 'high',
  why: 'A model whose protobuf does not parse cleanly is damaged or crafted so that different readers see different graphs.',
  description: 'The ModelProto (or a message inside it) has an invalid field, a truncated value or a length that runs past its message. ' +
    'Everything before the problem was analysed; the rest of that message was not.',
  safeAlternative: 'Do not load the model; obtain an intact copy from a trusted source and compare its digest.',
};

export const ONNX_CUSTOM_DOMAIN: RuleMeta = {
  id: 'MSL741', name: 'onnx-custom-domain-op', title: 'Operator from a custom domain', family, severity: 'high', confidence: 'medium',
  why: 'An operator outside the ONNX and ONNX Runtime domains only runs if the loader registers a custom-op library, which is native (or Python) code shipped with the model.',
  description: 'Nodes whose domain is not one of `""`/`ai.onnx`, `ai.onnx.ml`, `ai.onnx.training`, `ai.onnx.preview.training` or ONNX Runtime\'s built-in ' +
    '`com.microsoft*` domains need an implementation from outside the model and the runtime: `register_custom_ops_library` loads a shared library, and ' +
    'onnxruntime-extensions (`ai.onnx.contrib`) can run Python functions. A model-local function of that domain is not custom: it is inlined and analysed.',
  safeAlternative: 'Prefer models that use only standard operators. If a custom-op library is required, review and pin it; never load one that arrives with the model.',
};

export const ONNX_PYTHON_OP: RuleMeta = {
  id: 'MSL742', name: 'onnx-python-op', title: 'Operator that runs Python code', family, severity: 'critical', confidence: 'high',
  why: 'PyOp / PythonOp nodes call Python functions registered by the loading process, so running the model runs Python code.',
  description: 'onnxruntime-extensions lets Python functions be registered as operators (`PyOp`), and PyTorch exports autograd functions it cannot translate as `PythonOp`. ' +
    'Either way the graph cannot run without executing Python chosen by whoever built the model.',
  safeAlternative: 'Re-export the model with standard operators only.',
};

export const ONNX_EXTERNAL_DATA: RuleMeta = {
  id: 'MSL743', name: 'onnx-external-tensor-data', title: 'Tensor data stored in an external file', family, severity: 'medium', confidence: 'high',
  why: 'Weights kept outside the .onnx file are read from paths the model names, so the model file alone does not determine what is loaded.',
  description: 'Initializers with `data_location = EXTERNAL` or `external_data` entries make the runtime open the named files relative to the model. ' +
    'Those files were not scanned with the model, can be swapped independently, and a path that leaves the model folder makes the runtime read arbitrary files.',
  safeAlternative: 'Ship weights inside the model (`onnx.save(..., save_as_external_data=False)`) or verify the external files\' digests together with the model.',
};

export const ONNX_EXTERNAL_TRAVERSAL: RuleMeta = {
  id: 'MSL744', name: 'onnx-external-data-traversal', title: 'External data path escapes the model folder', family, severity: 'critical', confidence: 'high',
  why: 'An external-data location with `..` or an absolute path makes the runtime read a file outside the model folder (for example ~/.ssh/id_rsa into a tensor).',
  description: 'ONNX resolves `location` relative to the model\'s directory. Traversal or absolute locations read arbitrary files into tensors, which the model can then leak ' +
    'through its outputs; several ONNX and runtime advisories concern exactly this.',
  safeAlternative: 'Do not load the model. Legitimate external data lives next to the model, named without directories.',
  references: ['https://nvd.nist.gov/vuln/detail/CVE-2022-25882', 'https://nvd.nist.gov/vuln/detail/CVE-2024-27318'],
};

export const ONNX_LOOP_DOS: RuleMeta = {
  id: 'MSL745', name: 'onnx-loop-denial-of-service', title: 'Loop that can run (almost) forever', family, severity: 'high', confidence: 'medium',
  why: 'A Loop with a huge or input-controlled trip count and no condition that can stop it lets one inference run for hours and hold its memory.',
  description: 'ONNX `Loop` runs `M` iterations while `cond` is true. With neither, it never stops; with a constant `M` above ten million and a condition that is ' +
    'absent or always true, it runs that many times; with `M` computed from the input\'s values, whoever sends the input decides.',
  safeAlternative: 'Bound the trip count with a constant, or run the model with a timeout.',
};

export const ONNX_METADATA_URL: RuleMeta = {
  id: 'MSL746', name: 'onnx-metadata-url', title: 'URL in model metadata', family, severity: 'low', confidence: 'medium',
  why: 'A URL in metadata_props may be fetched by tooling that trusts the model (a tokenizer, a label file, a post-processing script).',
  description: 'Some pipelines read `metadata_props` entries and download what they point to. A URL there is worth a look: where it points, and whether anything reads it.',
  safeAlternative: 'Remove URLs from metadata, or make sure nothing fetches them automatically.',
};

export const ONNX_METADATA_SECRET: RuleMeta = {
  id: 'MSL747', name: 'onnx-metadata-secret', title: 'Secret in model metadata', family, severity: 'high', confidence: 'medium',
  why: 'An API key, token or private key left in a model\'s metadata is readable by everyone who gets the model.',
  description: 'Metadata properties and doc strings were matched against high-signal secret formats (cloud keys, hub tokens, private key blocks, JWTs) and ' +
    'against keys named like `token` or `password` that carry a value.',
  safeAlternative: 'Revoke the credential and re-export the model without it.',
};

export const ONNX_TRIGGER: RuleMeta = {
  id: 'MSL748', name: 'onnx-trigger-pattern', title: 'Input-triggered branch (possible backdoor)', family, severity: 'high', confidence: 'medium',
  why: 'A comparison of the input against a hard-coded value that selects the output is how trigger backdoors make a model misbehave only on crafted inputs.',
  description: 'Taint from a graph input flows through ordinary operators into `Equal`/`Greater`/`Less`/… against a constant, and the resulting boolean reaches the ' +
    'condition of a `Where`, `If` or `Loop`, or a `Loop`\'s trip count. High when that selector is within three operators of a graph output, medium further away, info when the input is a scalar ' +
    'or a vector (often a legitimate flag). Model-local functions are inlined and subgraphs followed. Attention masks can match this pattern far from the output.',
  safeAlternative: 'Inspect the listed nodes (e.g. with Netron); remove the branch or obtain the model from a trusted source. Runtime probes can confirm trigger sensitivity.',
};

export const ONNX_LOCAL_FUNCTIONS: RuleMeta = {
  id: 'MSL749', name: 'onnx-model-functions', title: 'Model-local functions', family, severity: 'info', confidence: 'high',
  why: 'Functions defined inside the model replace or add operators, so the graph does not mean what the operator names suggest.',
  description: 'ModelProto.functions define operators in terms of other nodes. They are inlined at their call sites for this analysis. A function defined in a standard ' +
    'domain shadows (or claims the name of) a built-in operator and is reported as high.',
  safeAlternative: 'Review the function bodies listed in the report.',
};

export const ONNX_VERSION: RuleMeta = {
  id: 'MSL750', name: 'onnx-version-unusual', title: 'Unusual IR or opset version', family, severity: 'low', confidence: 'medium',
  why: 'An IR or opset version outside the published range means the file was not written by a standard exporter or targets semantics this scanner does not know.',
  description: 'The IR version or an opset import of a standard domain is missing, zero, or newer than any published ONNX release this scanner knows.',
  safeAlternative: 'Check which tool produced the model.',
};

export const ONNX_SUBGRAPH_LIMIT: RuleMeta = {
  id: 'MSL751', name: 'onnx-unresolved-structure', title: 'Part of the graph could not be followed', family, severity: 'info', confidence: 'high',
  why: 'Function calls nested too deeply or recursively cannot be inlined, so the dataflow inside them was not followed.',
  description: 'Model-local functions are inlined up to a fixed depth (8) and never recursively; a call beyond that is analysed as an opaque node, ' +
    'so a trigger or loop inside it may be missed. Subgraphs nested deeper than the nesting limit are reported through the scanner\'s limit finding (MSL001).',
  safeAlternative: 'Review the named nodes by hand.',
};

export const ONNX_DECLARED_SIZE: RuleMeta = {
  id: 'MSL752', name: 'onnx-declared-size', title: 'Tensor declares far more data than it carries', family, severity: 'high', confidence: 'high',
  why: 'Exporters store every value of a tensor, so dims declaring far more bytes than the data present are crafted, and runtimes that size buffers from dims before checking the data exhaust memory.',
  description: 'For every initializer and tensor attribute stored in the file (external data is not checked here), the dims\' element count times the item size of the data type is compared, ' +
    'without overflow, with the bytes of raw_data or typed values it carries. The finding is raised when the declared size exceeds 16 times the data ' +
    '(no encoding is 8 times denser than its type) and 64 MiB, exceeds 1 TiB, or overflows 64 bits. Severity is high from 1 GiB declared, medium below.',
  safeAlternative: 'Do not load the model; obtain an intact copy from a trusted source and compare its digest.',
};

export const onnxRules: RuleMeta[] = [
  ONNX_MALFORMED, ONNX_CUSTOM_DOMAIN, ONNX_PYTHON_OP, ONNX_EXTERNAL_DATA, ONNX_EXTERNAL_TRAVERSAL, ONNX_LOOP_DOS,
  ONNX_METADATA_URL, ONNX_METADATA_SECRET, ONNX_TRIGGER, ONNX_LOCAL_FUNCTIONS, ONNX_VERSION, ONNX_SUBGRAPH_LIMIT,
  ONNX_DECLARED_SIZE,
];
