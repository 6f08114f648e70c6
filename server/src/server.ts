// The language server process. Wiring only: the transport comes from the command line
// (`--node-ipc` from the VS Code client, `--stdio` from tests and other editors).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startSession } from './lsp/session';

const state = startSession(createConnection(ProposedFeatures.all));

// A scan bug must cost one file's result, not the editor's language server.
process.on('unhandledRejection', (e) => state.error(`Unhandled rejection: ${(e as Error)?.stack ?? String(e)}`));
process.on('uncaughtException', (e) => state.error(`Uncaught exception: ${e.stack ?? String(e)}`));
