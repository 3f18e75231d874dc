import type { LangiumDocument } from 'langium';
import { DocumentState, URI } from 'langium';
import { startLanguageServer } from 'langium/lsp';
import type { CancellationToken, Connection } from 'vscode-languageserver';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { initializeRepair } from './lsp/initialize-repair.js';
import type { Model } from './generated/ast.js';
import { createNodeCjmServices } from './node.js';
import { buildRenderModel } from './render/render-model.js';
import type { RenderModel, RenderModelParams } from './render/render-model.types.js';
import { RENDER_MODEL_REQUEST } from './render/render-model.types.js';
import { today, todayFromEnvironment, TODAY_VARIABLE } from './model/dates.js';
import type { WorkspaceOverview } from './workspace-overview/overview-model.types.js';
import { WORKSPACE_OVERVIEW_REQUEST } from './workspace-overview/overview-model.types.js';
import { serverWorkspaceOverview } from './workspace-overview/workspace-overview.js';
import { CjmFileWatcher } from './workspace/cjm-file-watcher.js';

/** Starts the CJM language server on the connection given by the command line (--stdio, --node-ipc, --socket). */
export function startCjmLanguageServer(): void {
    // The repair runs on the first message, once `connection` is assigned.
    const connection: Connection = createConnection(ProposedFeatures.all, { messageStrategy: initializeRepair(message => connection.console.warn(message)) });
    const { shared, Cjm } = createNodeCjmServices({ connection });
    const documents = shared.workspace.LangiumDocuments;
    // Node only (the services also run in the CLI, which watches nothing): the disk is watched here.
    const watcher = new CjmFileWatcher(shared);
    connection.onShutdown(() => watcher.close());
    // The preview asks for the render model of a document once it is validated, so the model
    // carries the same diagnostics the editor shows. A document the server does not know gets null.
    connection.onRequest(RENDER_MODEL_REQUEST, async (params: RenderModelParams, token: CancellationToken): Promise<RenderModel | null> => {
        const uri = URI.parse(params.uri);
        if (!documents.hasDocument(uri)) {
            return null;
        }
        const builder = shared.workspace.DocumentBuilder;
        await builder.waitUntil(DocumentState.Validated, uri, token);
        // The client sends a change before asking, but its build may not have started yet, and the
        // text validated now is then the one before it: wait for the version asked about.
        const behind = () => params.version !== undefined && (documents.getDocument(uri)?.textDocument.version ?? params.version) < params.version;
        while (behind() && !token.isCancellationRequested) {
            await new Promise<void>(resolve => {
                const done = () => {
                    listeners.forEach(listener => listener.dispose());
                    resolve();
                };
                const listeners = [
                    builder.onDocumentPhase(DocumentState.Validated, validated => {
                        if (validated.uri.toString() === uri.toString()) {
                            done();
                        }
                    }),
                    token.onCancellationRequested(done)
                ];
            });
        }
        const document = documents.getDocument(uri);
        return document ? buildRenderModel(document as LangiumDocument<Model>) : null;
    });
    // The workspace overview, once every document is validated (the preview's overview asks after each change).
    connection.onRequest(WORKSPACE_OVERVIEW_REQUEST, async (token: CancellationToken): Promise<WorkspaceOverview> => {
        await shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, token);
        return serverWorkspaceOverview(Cjm, today());
    });
    shared.lsp.LanguageServer.onInitialized(() => {
        const setToday = todayFromEnvironment();
        if ('invalid' in setToday) {
            // Today is read at every check: the local date stands in while the variable holds no date.
            connection.console.warn(`CJM: ${TODAY_VARIABLE}=${setToday.invalid} is not a date YYYY-MM-DD; using the local date.`);
        }
    });
    startLanguageServer(shared);
}
