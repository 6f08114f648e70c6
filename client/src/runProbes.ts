// "Run Probes": asks the server to run the runtime probes on an ONNX file. Refused up front in an
// untrusted workspace (the server refuses too: it keeps its own trust flag).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ProbeReport } from '../../server/src/core/probes/types';
import { RunProbesRequest } from '../../server/src/protocol/probes';

export async function runProbes(client: LanguageClient, file: vscode.Uri | undefined): Promise<ProbeReport | undefined> {
  if (!file) return undefined;
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Model Security Lint: runtime probes execute the model, so they only run in a trusted workspace.');
    return undefined;
  }
  const name = vscode.workspace.asRelativePath(file);
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Model Security Lint: probing ${name}…` },
    () => client.sendRequest(RunProbesRequest, { uri: file.toString() }),
  );
  const above = report.findings.filter((f) => f.severity !== 'info').length;
  const text = report.status === 'completed'
    ? `Probes on ${name}: ${report.findings.length} finding(s)${above > 0 ? `, ${above} above info` : ''} (${report.budget?.ranInferences ?? 0} inferences, ${Math.round(report.timings.totalMs)} ms).`
    : `Probes on ${name}: ${report.status}${report.reason ? ` (${report.reason})` : ''}.`;
  if (above > 0 || report.status !== 'completed') void vscode.window.showWarningMessage(text);
  else void vscode.window.showInformationMessage(text);
  return report;
}
