import type { Cancellation, FileSystemNode, LangiumDocument, LangiumDocumentFactory, LangiumSharedCoreServices, WorkspaceFolder } from 'langium';
import { DefaultWorkspaceManager } from 'langium';
import type { InitializeParams } from 'vscode-languageserver';
import type { BuiltinLibrary } from '../builtins/builtin-library.js';
import { WorkspaceRoots } from './workspace-roots.js';

/** Folders never searched for `.cjm` files: dependencies and build output. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'out', 'dist', '.git', '.vscode-test']);

/**
 * Loads the built-in library with the workspace, skips dependency and build folders and what
 * `.cjmignore` excludes, and takes the workspace from `rootUri` (or `rootPath`) when a client sends
 * no workspace folders, as many older LSP clients do (see WorkspaceRoots).
 */
export class CjmWorkspaceManager extends DefaultWorkspaceManager {
    protected readonly documentFactory: LangiumDocumentFactory;
    readonly roots: WorkspaceRoots;

    constructor(services: LangiumSharedCoreServices, protected readonly builtins: BuiltinLibrary) {
        super(services);
        this.documentFactory = services.workspace.LangiumDocumentFactory;
        this.roots = new WorkspaceRoots(services.workspace.FileSystemProvider);
    }

    override initialize(params: InitializeParams): void {
        this.folders = this.roots.foldersFrom(params);
    }

    override async initializeWorkspace(folders: WorkspaceFolder[], cancelToken?: Cancellation.CancellationToken): Promise<void> {
        this.folders = await this.roots.open(folders);
        await super.initializeWorkspace(this.folders, cancelToken);
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
        return super.shouldIncludeEntry(entry) && !this.roots.excludes(entry.uri, entry.isDirectory);
    }
}
