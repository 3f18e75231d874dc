import type { LangiumDocument } from 'langium';
import { DocumentState, URI } from 'langium';
import type { CancellationToken, Connection } from 'vscode-languageserver';
import type { CjmServices } from '../cjm-module.js';
import type { Model } from '../generated/ast.js';
import { today, todayFromEnvironment, TODAY_VARIABLE } from '../model/dates.js';
import { buildRenderModel } from '../render/render-model.js';
import type { DetachedRenderModelParams, RenderModel, RenderModelParams } from '../render/render-model.types.js';
import { DETACHED_RENDER_MODEL_REQUEST, RENDER_MODEL_REQUEST } from '../render/render-model.types.js';
import type { WorkspaceOverview } from '../workspace-overview/overview-model.types.js';
import { WORKSPACE_OVERVIEW_REQUEST } from '../workspace-overview/overview-model.types.js';
import { serverWorkspaceOverview } from '../workspace-overview/workspace-overview.js';

/** Registers CJM's own requests beside LSP's, for the Node server and the web-worker server alike. */
export function registerCjmRequests(connection: Connection, services: CjmServices): void {
    const shared = services.shared;
    const documents = shared.workspace.LangiumDocuments;
    const builder = shared.workspace.DocumentBuilder;
    // The preview asks for the render model of a document once it is validated, so the model
    // carries the same diagnostics the editor shows. A document the server does not know gets null.
    connection.onRequest(RENDER_MODEL_REQUEST, async (params: RenderModelParams, token: CancellationToken): Promise<RenderModel | null> => {
        const uri = URI.parse(params.uri);
        if (!documents.hasDocument(uri)) {
            return null;
        }
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
    // The Markdown preview asks for each ```cjm fence's map, drawn against the workspace.
    connection.onRequest(DETACHED_RENDER_MODEL_REQUEST, async (params: DetachedRenderModelParams, token: CancellationToken): Promise<RenderModel> => {
        return buildRenderModel(await services.workspace.DetachedDocuments.build(String(params.text ?? ''), token));
    });
    // The workspace overview, once every document is validated (the overview asks after each change).
    connection.onRequest(WORKSPACE_OVERVIEW_REQUEST, async (token: CancellationToken): Promise<WorkspaceOverview> => {
        await builder.waitUntil(DocumentState.Validated, token);
        return serverWorkspaceOverview(services, today());
    });
    shared.lsp.LanguageServer.onInitialized(() => {
        const setToday = todayFromEnvironment();
        if ('invalid' in setToday) {
            // Today is read at every check: the local date stands in while the variable holds no date.
            connection.console.warn(`CJM: ${TODAY_VARIABLE}=${setToday.invalid} is not a date YYYY-MM-DD; using the local date.`);
        }
    });
}
