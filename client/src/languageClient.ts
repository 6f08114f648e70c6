// Starts the bundled language server (out/server/server.js) over Node IPC.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { MslInitializationOptions } from '../../server/src/protocol/messages';
import { globForExtensions, MODEL_FILE_EXTENSIONS } from '../../server/src/protocol/modelFiles';
import { SETTINGS_SECTION } from '../../server/src/protocol/settings';

export const CLIENT_ID = SETTINGS_SECTION; // vscode-languageclient reads `<id>.trace.server`
export const CLIENT_NAME = 'Model Security Lint';

export function createLanguageClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath(path.join('out', 'server', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const initializationOptions: MslInitializationOptions = { trusted: vscode.workspace.isTrusted };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
      // Notebook cells (synced through notebook sync): hovers, quick fixes and lenses in cells.
      { scheme: 'vscode-notebook-cell', language: 'python' },
      // Also by name: scripts stay covered when no extension contributes the `python` language.
      { scheme: 'file', pattern: '**/*.{py,pyi}' },
      // Model files reach the server only when VS Code opens them as text; the server then scans the file on disk.
      { scheme: 'file', pattern: globForExtensions(MODEL_FILE_EXTENSIONS) },
    ],
    synchronize: { configurationSection: SETTINGS_SECTION },
    initializationOptions,
    outputChannelName: CLIENT_NAME,
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}
