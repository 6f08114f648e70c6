// "Record Provenance for This File": asks where the model came from, lets the server compute
// the entry (size, SHA-256, format) and the new msl.lock.json, shows it for confirmation, and
// only then writes the manifest. The manifest is the user's project file: it is written here,
// on an explicit command, never by the server or the engine; a manifest that changed meanwhile
// is not overwritten.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ScanFileRequest } from '../../server/src/protocol/messages';
import { parseSourceInput, ProvenanceEntryRequest, type ProvenanceEntryResult } from '../../server/src/protocol/provenance';

/**
 * `(uri?, source?, confirm?)`: with a source string and `confirm === true` nothing is asked
 * (tests, tasks). Resolves with the entry written, or undefined when cancelled.
 */
export async function recordProvenance(client: LanguageClient, uri: vscode.Uri | undefined, sourceArg?: unknown, confirmArg?: unknown): Promise<ProvenanceEntryResult | undefined> {
  if (!uri || uri.scheme !== 'file') {
    void vscode.window.showWarningMessage('Model Security Lint: select a model file on disk to record its provenance.');
    return undefined;
  }
  const name = path.basename(uri.fsPath);
  const text = typeof sourceArg === 'string' ? sourceArg : await vscode.window.showInputBox({
    title: `Where did ${name} come from?`,
    prompt: 'An https:// URL, or a Hugging Face repository with its commit: org/name@<40-hex commit id>',
    placeHolder: 'https://example.com/model.safetensors  or  org/name@0123…',
    ignoreFocusOut: true,
    validateInput: (v) => (parseSourceInput(v) ? undefined : 'Enter an absolute URL, or org/name@<40-hex commit id> (a branch name can move)'),
  });
  if (text === undefined) return undefined;
  const source = parseSourceInput(text);
  if (!source) {
    void vscode.window.showErrorMessage(`Model Security Lint: "${text}" is neither a URL nor org/name@<40-hex commit>.`);
    return undefined;
  }
  let result: ProvenanceEntryResult;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Model Security Lint: hashing ${name}` },
      () => client.sendRequest(ProvenanceEntryRequest, { uri: client.code2ProtocolConverter.asUri(uri), source }),
    );
  } catch (e) {
    void vscode.window.showErrorMessage(`Model Security Lint: cannot record ${name}: ${(e as Error).message}`);
    return undefined;
  }
  if (confirmArg !== true && !(await confirm(result, text))) return undefined;
  const manifest = vscode.Uri.parse(result.manifestUri, true);
  if ((await currentText(manifest)) !== result.baseText) {
    void vscode.window.showWarningMessage('Model Security Lint: msl.lock.json changed while the entry was computed; nothing was written. Run the command again.');
    return undefined;
  }
  await vscode.workspace.fs.writeFile(manifest, new TextEncoder().encode(result.manifestText));
  // Refresh the file's diagnostics (MSL802 goes away, the digest is now checked).
  void client.sendRequest(ScanFileRequest, { uri: client.code2ProtocolConverter.asUri(uri) }).catch(() => undefined);
  return result;
}

async function confirm(r: ProvenanceEntryResult, source: string): Promise<boolean> {
  const replaced = r.replacedSha256 && r.replacedSha256 !== r.sha256 ? `\nReplaces the recorded sha256 ${r.replacedSha256}.` : '';
  const detail = `${r.entryPath}\nsource: ${source}\nsize: ${r.size} bytes, format: ${r.format}\nsha256: ${r.sha256}${replaced}`;
  const choice = await vscode.window.showInformationMessage('Record this file in msl.lock.json?', { modal: true, detail }, 'Record');
  return choice === 'Record';
}

async function currentText(uri: vscode.Uri): Promise<string> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return '';
  }
}
