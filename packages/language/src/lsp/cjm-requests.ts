import type { LangiumDocument } from 'langium';
import { DocumentState, URI } from 'langium';
import type { CancellationToken, Connection } from 'vscode-languageserver';
import type { CjmServices } from '../cjm-module.js';
import type { Model } from '../generated/ast.js';
import { buildRenderModel } from '../render/render-model.js';
import type { DetachedRenderModelParams, RenderModel, RenderModelParams } from '../render/render-model.types.js';
import { DETACHED_RENDER_MODEL_REQUEST, RENDER_MODEL_REQUEST } from '../render/render-model.types.js';

/** Registers CJM's own requests beside LSP's, for the Node server and the web-worker server alike. */
export function registerCjmRequests(connection: Connection, services: CjmServices): void {
    const shared = services.shared;
    const documents = shared.workspace.LangiumDocuments;
    // The preview asks for the render model of a document once it is validated, so the model
    // carries the same diagnostics the editor shows. A document the server does not know gets null.
    connection.onRequest(RENDER_MODEL_REQUEST, async (params: RenderModelParams, token: CancellationToken): Promise<RenderModel | null> => {
        const uri = URI.parse(params.uri);
        if (!documents.hasDocument(uri)) {
            return null;
        }
        await shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, uri, token);
        const document = documents.getDocument(uri);
        return document ? buildRenderModel(document as LangiumDocument<Model>) : null;
    });
    // The Markdown preview asks for each ```cjm fence's map, drawn against the workspace.
    connection.onRequest(DETACHED_RENDER_MODEL_REQUEST, async (params: DetachedRenderModelParams, token: CancellationToken): Promise<RenderModel> => {
        return buildRenderModel(await services.workspace.DetachedDocuments.build(String(params.text ?? ''), token));
    });
}
