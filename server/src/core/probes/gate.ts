// Whether a model may be handed to the runtime at all. Static analysis always runs first; its
// verdict on external data, custom operators, runaway loops and malformed graphs is final.
import type { Finding } from '../findings';
import type { FormatId } from '../formats/types';
import { LIMIT_REACHED } from '../rules/scanner';

/** Static findings that keep a model away from the runtime, and why. */
export const BLOCKING_RULES: Readonly<Record<string, string>> = {
  MSL740: 'the protobuf is malformed (the runtime may read a different graph than the one analysed)',
  MSL741: 'it uses operators from a custom domain (they need native code from outside the model)',
  MSL742: 'it uses operators that run Python code',
  MSL743: 'its tensors reference external data files',
  MSL744: 'its external data paths escape the model folder',
  MSL745: 'it contains a Loop that can run (almost) forever',
  [LIMIT_REACHED.id]: 'the static scan stopped at a limit, so the model was not fully analysed',
};

export interface GateInput {
  format: FormatId;
  findings: readonly Finding[];
  trusted: boolean;
  /** Set for automatic runs: the size cap of `msl.probes.autoMaxSizeMB`. */
  autoMaxBytes?: number;
  size: number;
}

export type GateVerdict = { allowed: true } | { allowed: false; reason: string; blockedBy: string[] };

export function probeGate(g: GateInput): GateVerdict {
  if (!g.trusted) return { allowed: false, reason: 'the workspace is not trusted: runtime probes execute the model and only run in trusted workspaces', blockedBy: [] };
  if (g.format !== 'onnx') return { allowed: false, reason: `probes run ONNX models only (this file is ${g.format})`, blockedBy: [] };
  if (g.autoMaxBytes !== undefined && g.size > g.autoMaxBytes) {
    return { allowed: false, reason: `automatic probes are limited to ${Math.round(g.autoMaxBytes / 1048576)} MB (msl.probes.autoMaxSizeMB); run them on demand`, blockedBy: [] };
  }
  const blockedBy = [...new Set(g.findings.map((f) => f.ruleId).filter((id) => BLOCKING_RULES[id] !== undefined))].sort();
  if (blockedBy.length > 0) {
    return { allowed: false, reason: `static analysis found that ${blockedBy.map((id) => `${BLOCKING_RULES[id]} (${id})`).join('; ')}`, blockedBy };
  }
  return { allowed: true };
}
