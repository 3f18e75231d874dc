import { URI } from 'langium';
import type { Connection } from 'vscode-languageserver';
import { startLanguageServer } from 'langium/lsp';
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { createBuiltinLibrary, EMBEDDED_BUILTINS_URI } from '../builtins/builtin-library.js';
import { createCjmServices } from '../cjm-module.js';
import { registerCjmRequests } from '../lsp/cjm-requests.js';
import { initializeRepair } from '../lsp/initialize-repair.js';
import { CjmBrowserWorkspaceManager } from './browser-workspace-manager.js';
import { ClientFileSystemProvider } from './client-file-system.js';

/** The worker's global scope, which posts and receives the LSP messages. */
type WorkerScope = ConstructorParameters<typeof BrowserMessageReader>[0];

/**
 * Starts the CJM language server inside a web worker (vscode.dev, github.dev), speaking LSP over
 * `postMessage`. It has no file system: files come from the client (see client-file-system.ts),
 * and the built-in library is `builtinsText`, the `builtins.cjm` the bundle embeds.
 */
export function startCjmBrowserLanguageServer(builtinsText: string): void {
    const scope = globalThis as unknown as WorkerScope;
    // The repair runs on the first message, once `connection` is assigned (see initialize-repair.ts).
    const connection: Connection = createConnection(new BrowserMessageReader(scope), new BrowserMessageWriter(scope), { messageStrategy: initializeRepair(message => connection.console.warn(message)) });
    const files = new ClientFileSystemProvider(connection);
    const builtins = createBuiltinLibrary(builtinsText, URI.parse(EMBEDDED_BUILTINS_URI));
    const { shared, Cjm } = createCjmServices(
        { connection, builtins, fileSystemProvider: () => files },
        { workspace: { WorkspaceManager: (services) => new CjmBrowserWorkspaceManager(services, builtins, files) } }
    );
    registerCjmRequests(connection, Cjm);
    startLanguageServer(shared);
}
