import type { LangiumDocument } from 'langium';
import { TextDocument, URI } from 'langium';
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

    /**
     * Adds (or replaces) documents and builds the workspace with validation. The texts go where an
     * editor's open documents go, and the document builder's `update` decides what to rebuild, so
     * loading behaves exactly as the language server does on `didOpen` / `didChange`.
     */
    async load(sources: SourceText[]): Promise<Array<LangiumDocument<Model>>> {
        const workspace = this.services.shared.workspace;
        if (!workspace.TextDocuments) {
            throw new Error('CjmWorkspace needs the language server services (TextDocuments).');
        }
        const library = this.services.builtins.Library;
        if (!this.documents.hasDocument(library.uri)) {
            this.documents.addDocument(workspace.LangiumDocumentFactory.fromString(library.text, library.uri));
        }
        await this.update(sources, []);
        return sources.map(source => this.documents.getDocument(toUri(source.uri)) as LangiumDocument<Model>);
    }

    /**
     * Replaces and removes documents in one update, as an editor's file watcher reports a change
     * of branch: the document builder re-parses only the changed texts and relinks what depended
     * on the removed ones.
     */
    async update(sources: SourceText[], removed: string[]): Promise<void> {
        const workspace = this.services.shared.workspace;
        const textDocuments = workspace.TextDocuments!;
        const changed = sources.map(source => {
            const uri = toUri(source.uri);
            const version = (textDocuments.get(uri.toString())?.version ?? 0) + 1;
            textDocuments.set(TextDocument.create(uri.toString(), this.services.LanguageMetaData.languageId, version, source.text));
            return uri;
        });
        const deleted = removed.map(toUri);
        deleted.forEach(uri => textDocuments.delete(uri.toString()));
        await workspace.DocumentBuilder.update(changed, deleted);
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
