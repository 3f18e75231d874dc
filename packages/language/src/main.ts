import { startLanguageServer } from 'langium/lsp';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { registerCjmRequests } from './lsp/cjm-requests.js';
import { createNodeCjmServices } from './node.js';

/** Starts the CJM language server on the connection given by the command line (--stdio, --node-ipc, --socket). */
export function startCjmLanguageServer(): void {
    const connection = createConnection(ProposedFeatures.all);
    const { shared, Cjm } = createNodeCjmServices({ connection });
    registerCjmRequests(connection, Cjm);
    startLanguageServer(shared);
}
