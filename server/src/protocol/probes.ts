// The runtime-probe request, declared once for the client and the server.
import { RequestType } from 'vscode-languageserver-protocol';
import type { ProbeReport } from '../core/probes/types';

export interface RunProbesParams {
  /** A `file:` URI of an ONNX model. */
  uri: string;
}

/**
 * Runs the probes on the file now (static scan and gate first) and republishes its diagnostics
 * with the probe findings. In an untrusted workspace nothing runs: the report says `refused`.
 */
export const RunProbesRequest = new RequestType<RunProbesParams, ProbeReport, void>('msl/runProbes');
