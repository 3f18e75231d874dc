import type { FileSystemNode, LangiumDocument, LangiumDocumentFactory, LangiumSharedCoreServices, WorkspaceFolder } from 'langium';
import { DefaultWorkspaceManager, URI, UriUtils } from 'langium';
import type { InitializeParams } from 'vscode-languageserver';
import type { BuiltinLibrary } from '../builtins/builtin-library.js';

/** Folders never searched for `.cjm` files: dependencies and build output. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'out', 'dist', '.git', '.vscode-test']);

/**
 * Loads the built-in library with the workspace, skips dependency and build folders, and takes
 * the workspace from `rootUri` (or `rootPath`) when a client sends no workspace folders, as many
 * older LSP clients do.
 */
export class CjmWorkspaceManager extends DefaultWorkspaceManager {
    protected readonly documentFactory: LangiumDocumentFactory;

    constructor(services: LangiumSharedCoreServices, protected readonly builtins: BuiltinLibrary) {
        super(services);
        this.documentFactory = services.workspace.LangiumDocumentFactory;
    }

    override initialize(params: InitializeParams): void {
        super.initialize(params);
        if (!this.folders?.length) {
            const root = params.rootUri ?? (params.rootPath ? URI.file(params.rootPath).toString() : undefined);
            if (root) {
                this.folders = [{ uri: root, name: UriUtils.basename(URI.parse(root)) }];
            }
        }
    }

    protected override async loadAdditionalDocuments(folders: WorkspaceFolder[], collector: (document: LangiumDocument) => void): Promise<void> {
        await super.loadAdditionalDocuments(folders, collector);
        collector(this.documentFactory.fromString(this.builtins.text, this.builtins.uri));
    }

    override shouldIncludeEntry(entry: FileSystemNode): boolean {
        const name = entry.uri.path.split('/').pop() ?? '';
        if (entry.isDirectory && (SKIPPED_FOLDERS.has(name) || name.startsWith('.'))) {
            return false;
        }
        return super.shouldIncludeEntry(entry);
    }
}
