import { startLanguageServer } from 'langium/lsp';
import type { Connection } from 'vscode-languageserver';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { registerCjmRequests } from './lsp/cjm-requests.js';
import { initializeRepair } from './lsp/initialize-repair.js';
import { createNodeCjmServices } from './node.js';
import { CjmFileWatcher } from './workspace/cjm-file-watcher.js';

/** Starts the CJM language server on the connection given by the command line (--stdio, --node-ipc, --socket). */
export function startCjmLanguageServer(): void {
    // The repair runs on the first message, once `connection` is assigned.
    const connection: Connection = createConnection(ProposedFeatures.all, { messageStrategy: initializeRepair(message => connection.console.warn(message)) });
    const { shared, Cjm } = createNodeCjmServices({ connection });
    // Node only (the services also run in the CLI, which watches nothing; the web worker hears of
    // changes from its client): the disk is watched here.
    const watcher = new CjmFileWatcher(shared);
    connection.onShutdown(() => watcher.close());
    registerCjmRequests(connection, Cjm);
    startLanguageServer(shared);
}
