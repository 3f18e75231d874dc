import { DocumentState, URI } from 'langium';
import type { CancellationToken } from 'vscode-languageserver';
import { startLanguageServer } from 'langium/lsp';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import type { Model } from './generated/ast.js';
import { createNodeCjmServices } from './node.js';
import { buildRenderModel } from './render/render-model.js';
import type { RenderModelParams } from './render/render-model.types.js';
import { RENDER_MODEL_REQUEST } from './render/render-model.types.js';

/** Starts the CJM language server on the connection given by the command line (--stdio, --node-ipc, --socket). */
export function startCjmLanguageServer(): void {
    const connection = createConnection(ProposedFeatures.all);
    const { shared, Cjm } = createNodeCjmServices({ connection });
    connection.onRequest(RENDER_MODEL_REQUEST, async (params: RenderModelParams, token: CancellationToken) => {
        const uri = URI.parse(params.uri);
        await shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, uri, token);
        const document = shared.workspace.LangiumDocuments.getDocument(uri);
        return document ? buildRenderModel(document as typeof document & { parseResult: { value: Model } }) : null;
    });
    void Cjm;
    startLanguageServer(shared);
}
