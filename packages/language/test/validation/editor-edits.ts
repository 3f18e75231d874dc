import { DocumentState, TextDocument, URI } from 'langium';
import type { CjmWorkspace } from '../../src/workspace/in-memory-workspace.js';

/**
 * Edits files the way the language server receives them: the editor's text document changes and
 * the document builder's `update` rebuilds what it decides to rebuild. (`CjmWorkspace.load`
 * re-validates every document, which would hide what `update` leaves stale.)
 */
export async function editAsEditor(workspace: CjmWorkspace, name: string, text: string): Promise<void> {
    const uri = `file:///ws/${name}`;
    const documents = workspace.services.shared.workspace.TextDocuments!;
    const version = (documents.get(uri)?.version ?? 0) + 1;
    documents.set(TextDocument.create(uri, 'cjm', version, text));
    await workspace.services.shared.workspace.DocumentBuilder.update([URI.parse(uri)], []);
}

/** Deletes a file the way the language server learns of it: a watched-files deletion. */
export async function deleteAsEditor(workspace: CjmWorkspace, name: string): Promise<void> {
    const uri = `file:///ws/${name}`;
    workspace.services.shared.workspace.TextDocuments!.delete(uri);
    await workspace.services.shared.workspace.DocumentBuilder.update([], [URI.parse(uri)]);
}

/** The URIs of the documents validated while `action` runs. */
export async function validatedDuring(workspace: CjmWorkspace, action: () => Promise<void>): Promise<string[]> {
    const validated: string[] = [];
    const listener = workspace.services.shared.workspace.DocumentBuilder.onDocumentPhase(DocumentState.Validated, document => {
        validated.push(document.uri.toString().replace('file:///ws/', ''));
    });
    try {
        await action();
    } finally {
        listener.dispose();
    }
    return validated;
}
