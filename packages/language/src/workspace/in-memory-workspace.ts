import type { LangiumDocument } from 'langium';
import { URI } from 'langium';
import type { Diagnostic } from 'vscode-languageserver';
import type { CjmServices } from '../cjm-module.js';
import type { Model } from '../generated/ast.js';

/** A document to load: its URI (or file path) and text. */
export interface SourceText {
    uri: string;
    text: string;
}

/**
 * A workspace built without a language client: the CLI and the tests load `.cjm` texts, link them
 * across files with the built-in library, and validate them exactly as the language server does.
 */
export class CjmWorkspace {
    constructor(readonly services: CjmServices) {}

    private get documents() {
        return this.services.shared.workspace.LangiumDocuments;
    }

    /** Adds (or replaces) documents and builds the workspace with validation. */
    async load(sources: SourceText[]): Promise<Array<LangiumDocument<Model>>> {
        const builder = this.services.shared.workspace.DocumentBuilder;
        const factory = this.services.shared.workspace.LangiumDocumentFactory;
        const library = this.services.builtins.Library;
        if (!this.documents.hasDocument(library.uri)) {
            const builtin = factory.fromString(library.text, library.uri);
            this.documents.addDocument(builtin);
        }
        const loaded: Array<LangiumDocument<Model>> = [];
        for (const source of sources) {
            const uri = toUri(source.uri);
            if (this.documents.hasDocument(uri)) {
                await builder.update([uri], []);
                this.documents.deleteDocument(uri);
            }
            const document = factory.fromString<Model>(source.text, uri);
            this.documents.addDocument(document);
            loaded.push(document);
        }
        const all = this.documents.all.toArray();
        await builder.build(all, { validation: true });
        return loaded;
    }

    /** Changes one document's text and rebuilds what depends on it. */
    async change(uri: string, text: string): Promise<LangiumDocument<Model>> {
        const [document] = await this.load([{ uri, text }]);
        return document;
    }

    /** The diagnostics of a loaded document. */
    diagnostics(uri: string): Diagnostic[] {
        return this.documents.getDocument(toUri(uri))?.diagnostics ?? [];
    }

    /** A loaded document. */
    document(uri: string): LangiumDocument<Model> | undefined {
        return this.documents.getDocument(toUri(uri)) as LangiumDocument<Model> | undefined;
    }
}

/** A file path or URI string as a URI. */
export function toUri(pathOrUri: string): URI {
    return /^[a-z][a-z0-9+.-]+:/i.test(pathOrUri) && !/^[a-z]:[\\/]/i.test(pathOrUri) ? URI.parse(pathOrUri) : URI.file(pathOrUri);
}
