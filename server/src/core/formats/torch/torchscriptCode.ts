// TorchScript `code/` sources: the compiler in `torch.jit.load` runs them, so calls outside
// the tensor library are findings. Pure: source text in, issues out.
import { lineAt, scanNames } from './pySource';

export interface CodeIssue {
  offset: number;
  line: number;
  severity: 'high' | 'medium';
  message: string;
  evidence: string;
}

/** Operator namespaces that ship with PyTorch and its first-party domain libraries. */
const STANDARD_OP_NAMESPACES = new Set([
  'aten', 'prim', 'prims', 'quantized', '_quantized', 'prepacked', 'quantized_decomposed', 'profiler', 'cuda', 'mkldnn',
  'mkl', '_caffe2', 'fbgemm', '_nnapi', 'sparse', '_c10d_functional', 'c10d_functional', '_dtensor', 'onednn', 'xnnpack',
  'metal', 'vulkan', 'cudnn', 'rngprims', 'higher_order', 'debugprims', 'inductor', 'torchvision', 'torchaudio', 'torchtext',
]);

/** Builtins that execute code or touch the outside world when called. */
const DANGEROUS_CALLS = new Set(['exec', 'eval', 'compile', '__import__', 'open', 'input', 'breakpoint', 'globals', 'locals', 'vars']);

/** Modules whose use in model code means access to the OS, the network or dynamic code. */
const DANGEROUS_MODULES = new Set([
  'os', 'posix', 'nt', 'sys', 'subprocess', 'shutil', 'socket', 'ctypes', 'importlib', 'builtins', 'pickle', 'marshal', 'pty',
  'runpy', 'urllib', 'http', 'requests', 'multiprocessing', 'threading', 'signal', 'tempfile', 'pathlib', 'io', 'code', 'webbrowser',
]);

/** Modules TorchScript-generated sources import. */
const ORDINARY_IMPORTS = new Set(['torch', '__torch__', 'typing', 'math', '__future__', 'collections', 'enum']);

export function analyzeTorchScriptSource(text: string): CodeIssue[] {
  const out: CodeIssue[] = [];
  const add = (offset: number, severity: CodeIssue['severity'], message: string): void => {
    const l = lineAt(text, offset);
    out.push({ offset, line: l.line, severity, message, evidence: l.text });
  };
  for (const ref of scanNames(text)) {
    const parts = ref.chain.split('.');
    const root = parts[0]!;
    if (ref.imported) {
      if (!ORDINARY_IMPORTS.has(root)) {
        add(ref.offset, DANGEROUS_MODULES.has(root) ? 'high' : 'medium', `TorchScript source imports \`${ref.chain}\`, a module generated TorchScript code never uses.`);
      }
      continue;
    }
    const opsAt = parts[0] === 'torch' && parts[1] === 'ops' ? 2 : parts[0] === 'ops' ? 1 : -1;
    if (opsAt > 0 && parts.length > opsAt && !STANDARD_OP_NAMESPACES.has(parts[opsAt]!)) {
      add(ref.offset, 'medium', `TorchScript source calls the custom operator namespace \`${parts[opsAt]}\` (\`${ref.chain}\`), which needs a native library loaded alongside the model.`);
    } else if (parts.length === 1 && ref.called && DANGEROUS_CALLS.has(root)) {
      add(ref.offset, 'high', `TorchScript source calls \`${root}(...)\`.`);
    } else if (parts.length > 1 && DANGEROUS_MODULES.has(root)) {
      add(ref.offset, 'high', `TorchScript source uses \`${ref.chain}\` from the \`${root}\` module.`);
    }
  }
  return out;
}
