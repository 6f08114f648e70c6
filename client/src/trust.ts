// What Workspace Trust allows, in one place: static analysis always; anything that runs a model
// (the runtime probes, ONNX only) never without trust.
import type { ProbeState } from '../../server/src/protocol/webview';

export const PROBES_NEED_TRUST = 'Runtime probes run the model, so they are disabled in Restricted Mode. Trust this workspace to allow them.';
export const PROBES_ONNX_ONLY = 'Runtime probes run on ONNX models only; this file is checked by static analysis alone.';
export const PROBES_READY = 'Runs the model in a sandboxed child process with a time and memory budget.';

export function probeState(trusted: boolean, format: string | undefined): ProbeState {
  if (!trusted) return { enabled: false, reason: PROBES_NEED_TRUST };
  if (format !== 'onnx') return { enabled: false, reason: PROBES_ONNX_ONLY };
  return { enabled: true, reason: PROBES_READY };
}
