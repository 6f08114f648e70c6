// Operator domains: which ones ship with ONNX and ONNX Runtime, and which mean "code from
// somewhere else". A custom domain needs a custom-op library (native code) or, for
// onnxruntime-extensions, may be a Python function registered at load time.

/** Domains defined by the ONNX standard. */
export const STANDARD_DOMAINS: ReadonlySet<string> = new Set(['', 'ai.onnx', 'ai.onnx.ml', 'ai.onnx.training', 'ai.onnx.preview.training']);

/**
 * ONNX Runtime's built-in contrib domains. Their kernels are compiled into the runtime itself
 * (transformer optimisations, quantisation), so they load no outside code: not custom.
 */
export const RUNTIME_DOMAINS: ReadonlySet<string> = new Set([
  'com.microsoft', 'com.microsoft.nchwc', 'com.microsoft.experimental', 'com.ms.internal.nhwc', 'com.microsoft.dml',
]);

/** The onnxruntime-extensions domain: where `@onnx_op` Python functions are registered. */
export const EXTENSIONS_DOMAIN = 'ai.onnx.contrib';

export function isStandardDomain(domain: string): boolean {
  return STANDARD_DOMAINS.has(domain);
}

export function isCustomDomain(domain: string): boolean {
  return !STANDARD_DOMAINS.has(domain) && !RUNTIME_DOMAINS.has(domain);
}

/** Operators that run Python: onnxruntime-extensions PyOp, torch's exported autograd PythonOp. */
export function isPythonOp(opType: string): boolean {
  return /^Py(thon)?(Op|Func|Function)$/i.test(opType);
}

/** Ops whose output depends on a tensor's shape, never its values: taint stops here. */
export const SHAPE_ONLY_OPS: ReadonlySet<string> = new Set(['Shape', 'Size', 'ConstantOfShape', 'EyeLike']);

/** Comparisons that turn an input into a trigger bit. */
export const COMPARISON_OPS: ReadonlySet<string> = new Set(['Equal', 'Greater', 'Less', 'GreaterOrEqual', 'LessOrEqual']);

/** Ops a trigger bit passes through on its way to a selector. */
export const BOOLEAN_PASS_OPS: ReadonlySet<string> = new Set([
  'And', 'Or', 'Not', 'Xor', 'Cast', 'CastLike', 'Reshape', 'ReduceMin', 'ReduceMax', 'ReduceSum', 'ReduceProd',
  'Squeeze', 'Unsqueeze', 'Flatten', 'Identity', 'Expand',
]);

/** Ops whose output is random even with constant inputs (never constant-folded). */
export const RANDOM_OPS: ReadonlySet<string> = new Set([
  'RandomNormal', 'RandomUniform', 'RandomNormalLike', 'RandomUniformLike', 'Multinomial', 'Bernoulli', 'Dropout',
]);
