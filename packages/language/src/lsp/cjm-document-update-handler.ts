import type { LangiumDocuments, TextDocument, TextDocumentProvider } from 'langium';
import { URI, UriUtils } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { DefaultDocumentUpdateHandler } from 'langium/lsp';
import type { DidChangeWatchedFilesParams, TextDocumentChangeEvent } from 'vscode-languageserver';
import { FileChangeType } from 'vscode-languageserver';
import type { BuiltinLibrary } from '../builtins/builtin-library.js';
import type { CjmWorkspaceManager } from '../workspace/cjm-workspace-manager.js';
import type { WorkspaceRoots } from '../workspace/workspace-roots.js';

/**
 * Langium's document update handler, aware of the workspace roots: a file opened in single-file
 * mode brings the `.cjm` files of its folder, and a changed `.cjmignore` (reported by the client or
 * by the server's own watcher) drops the files it now excludes and loads the ones it no longer does.
 */
export class CjmDocumentUpdateHandler extends DefaultDocumentUpdateHandler {
    private readonly roots: WorkspaceRoots;
    private readonly documents: LangiumDocuments;
    private readonly textDocuments?: TextDocumentProvider;
    private ignoreReloads: Promise<void> = Promise.resolve();

    constructor(services: LangiumSharedServices, private readonly builtins: BuiltinLibrary) {
        super(services);
        this.roots = (services.workspace.WorkspaceManager as CjmWorkspaceManager).roots;
        this.documents = services.workspace.LangiumDocuments;
        this.textDocuments = services.workspace.TextDocuments;
    }

    didOpenDocument(event: TextDocumentChangeEvent<TextDocument>): void {
        const uri = URI.parse(event.document.uri);
        // Only once the workspace is loaded is it known whether the client named any root.
        void this.afterStartup(async () => {
            if (uri.scheme === 'file' && this.roots.singleFileMode && await this.roots.addFolderOf(uri)) {
                const siblings = await this.workspaceManager.searchFolder(UriUtils.dirname(uri));
                const unknown = siblings.filter(sibling => !this.documents.hasDocument(sibling));
                if (unknown.length > 0) {
                    this.fireDocumentUpdate(unknown, []);
                }
            }
        });
    }

    override didChangeWatchedFiles(params: DidChangeWatchedFilesParams): void {
        if (!params.changes.some(change => this.roots.isIgnoreFile(URI.parse(change.uri)))) {
            super.didChangeWatchedFiles(params);
            return;
        }
        this.onWatchedFilesChangeEmitter.fire(params);
        // One reload at a time, in order: a slower read of an older version must not win.
        this.ignoreReloads = this.ignoreReloads.then(() => this.reloadIgnoreFiles(params));
    }

    private reloadIgnoreFiles(params: DidChangeWatchedFilesParams): Promise<void> {
        return this.afterStartup(async () => {
            await this.roots.readIgnoreFiles();
            const changed = params.changes.filter(change => change.type !== FileChangeType.Deleted).map(change => URI.parse(change.uri));
            const deleted = params.changes.filter(change => change.type === FileChangeType.Deleted).map(change => URI.parse(change.uri));
            // Open documents stay: what the user is editing is checked whatever .cjmignore says.
            const excluded = this.documents.all
                .map(document => document.uri)
                .filter(uri => !this.builtins.isBuiltin(uri) && !this.textDocuments?.get(uri.toString()) && this.roots.excludes(uri, false))
                .toArray();
            const found = (await Promise.all(this.roots.all.map(root => this.workspaceManager.searchFolder(root.uri)))).flat();
            const included = found.filter(uri => !this.documents.hasDocument(uri));
            this.fireDocumentUpdate([...changed, ...included], [...deleted, ...excluded]);
        });
    }

    private afterStartup(action: () => Promise<void>): Promise<void> {
        return this.workspaceManager.ready.then(action).catch((error: unknown) => console.error('CJM: updating the workspace failed:', error));
    }
}
