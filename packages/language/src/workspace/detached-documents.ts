import type { AstNodeDescription, LangiumDocument } from 'langium';
import { Cancellation, DocumentState, URI } from 'langium';
import type { CjmServices } from '../cjm-module.js';
import type { Model } from '../generated/ast.js';

/** The URI every detached document gets: it is never added to the workspace, so it names no file. */
const DETACHED_URI = URI.parse('cjm-detached:/map.cjm');

/**
 * Maps that are not files of the workspace (a ```cjm fence in a Markdown document) built against
 * it: parsed, linked to the workspace's personas, teams, emotions and other declarations, and
 * validated, without joining it. The workspace never sees a detached map's declarations (its
 * index is left alone, so no file gains or loses a reference or a `duplicate-name`); the map sees
 * its own first, then the workspace's, as a file's own declarations would be seen.
 */
export class CjmDetachedDocuments {
    private readonly exports = new WeakMap<LangiumDocument, AstNodeDescription[]>();

    constructor(private readonly services: CjmServices) {}

    /** Builds `text` as a detached map, after any build of the workspace in progress (a read of the workspace lock). */
    build(text: string, cancelToken = Cancellation.CancellationToken.None): Promise<LangiumDocument<Model>> {
        const shared = this.services.shared.workspace;
        return shared.WorkspaceLock.read(async () => {
            const document = shared.LangiumDocumentFactory.fromString<Model>(text, DETACHED_URI);
            this.exports.set(document, await this.services.references.ScopeComputation.collectExportedSymbols(document, cancelToken));
            document.localSymbols = await this.services.references.ScopeComputation.collectLocalSymbols(document, cancelToken);
            await this.services.references.Linker.link(document, cancelToken);
            document.diagnostics = await this.services.validation.DocumentValidator.validateDocument(document, {}, cancelToken);
            document.state = DocumentState.Validated;
            return document;
        });
    }

    /** A detached map's own top-level declarations; undefined for a document of the workspace. */
    ownDeclarations(document: LangiumDocument): AstNodeDescription[] | undefined {
        return this.exports.get(document);
    }
}
