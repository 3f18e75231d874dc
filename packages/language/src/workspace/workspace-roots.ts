import type { FileSystemProvider, WorkspaceFolder } from 'langium';
import { Emitter, URI, UriUtils } from 'langium';
import ignore, { type Ignore } from 'ignore';
import type { InitializeParams } from 'vscode-languageserver';

/** The ignore file at a workspace root, in gitignore syntax (the CLI reads the same file). */
export const IGNORE_FILE = '.cjmignore';

/** A folder whose `.cjm` files form the workspace. */
export interface WorkspaceRoot {
    readonly uri: URI;
    /**
     * False for the folder of a file opened without any workspace root (single-file mode): only
     * the files directly in it belong to the workspace, not the whole tree below it.
     */
    readonly recursive: boolean;
    /** The rules of the root's `.cjmignore`, if it has one. */
    rules?: Ignore;
}

/** How a client named the workspace in `initialize`, for the one log line about it. */
type RootSource = 'workspaceFolders' | 'rootUri' | 'rootPath';

/**
 * The workspace roots of a language server session: the folders the client named in `initialize`
 * (workspace folders, else `rootUri`, else `rootPath`) that exist, each with its `.cjmignore`; or,
 * when there is none, the folder of each file opened (single-file mode). Every problem with what
 * the client sent is logged once, and the workspace is loaded as far as it can be.
 */
export class WorkspaceRoots {
    private roots: WorkspaceRoot[] = [];
    private source?: RootSource;
    private readonly onDidChangeEmitter = new Emitter<void>();

    constructor(private readonly fileSystem: FileSystemProvider) {}

    /** Fires when roots are added or a `.cjmignore` was read again: what is excluded may have changed. */
    readonly onDidChange = this.onDidChangeEmitter.event;

    /** The roots known now. */
    get all(): readonly WorkspaceRoot[] {
        return this.roots;
    }

    /** True when the client named no root that exists: each opened file brings its own folder. */
    get singleFileMode(): boolean {
        return this.roots.every(root => !root.recursive);
    }

    /** The workspace folders `initialize` names, whatever shape the client sent them in. */
    foldersFrom(params: Partial<InitializeParams>): WorkspaceFolder[] {
        const named = Array.isArray(params.workspaceFolders)
            ? params.workspaceFolders.filter(folder => typeof folder?.uri === 'string' && isFolderUri(folder.uri))
            : [];
        if (named.length > 0) {
            this.source = 'workspaceFolders';
            return named.map(folder => ({ uri: folder.uri, name: typeof folder.name === 'string' ? folder.name : basenameOf(folder.uri) }));
        }
        const root = typeof params.rootUri === 'string' && isFolderUri(params.rootUri)
            ? params.rootUri
            : typeof params.rootPath === 'string' && params.rootPath !== '' ? URI.file(params.rootPath).toString() : undefined;
        if (root === undefined) {
            return [];
        }
        this.source = root === params.rootUri ? 'rootUri' : 'rootPath';
        return [{ uri: root, name: basenameOf(root) }];
    }

    /**
     * Keeps the folders that exist (logging each one that does not) and reads their `.cjmignore`;
     * returns the folders kept.
     */
    async open(folders: WorkspaceFolder[]): Promise<WorkspaceFolder[]> {
        const kept: WorkspaceFolder[] = [];
        for (const folder of folders) {
            const uri = URI.parse(folder.uri);
            const node = await this.fileSystem.stat(uri).catch(() => undefined);
            if (node?.isDirectory) {
                kept.push(folder);
                this.roots.push({ uri, recursive: true });
            } else {
                console.warn(`CJM: the workspace folder ${uri.fsPath} (from ${this.source}) ${node ? 'is not a folder' : 'does not exist'}; it is left out.`);
            }
        }
        if (kept.length === 0) {
            console.warn('CJM: no workspace folder to load: single-file mode, where each file you open is checked with the .cjm files in its own folder. Open a folder (or give the client a root marker such as .git) to check a whole project.');
        } else if (this.source !== 'workspaceFolders') {
            console.info(`CJM: the workspace is ${kept.map(folder => URI.parse(folder.uri).fsPath).join(', ')} (from ${this.source}).`);
        }
        await this.readIgnoreFiles();
        return kept;
    }

    /** Adds the folder of a file opened in single-file mode, with its `.cjmignore`; false when a root already covers the file. */
    async addFolderOf(file: URI): Promise<boolean> {
        if (this.rootOf(file)) {
            return false;
        }
        const root: WorkspaceRoot = { uri: UriUtils.dirname(file), recursive: false };
        this.roots.push(root);
        root.rules = await this.readIgnoreFile(root.uri);
        this.onDidChangeEmitter.fire();
        return true;
    }

    /** Reads every root's `.cjmignore` again (after it changed on disk). */
    async readIgnoreFiles(): Promise<void> {
        await Promise.all(this.roots.map(async root => {
            root.rules = await this.readIgnoreFile(root.uri);
        }));
        this.onDidChangeEmitter.fire();
    }

    /**
     * Whether a file or folder inside a root stays out of the workspace: `.cjmignore` excludes it,
     * or it is a subfolder of a single-file-mode folder. Anything outside the roots is not excluded here.
     */
    excludes(uri: URI, isFolder: boolean): boolean {
        const root = this.rootOf(uri);
        return root !== undefined && WorkspaceRoots.excludedBy(root, root.rules, uri, isFolder);
    }

    /** Whether `rules` (a root's, now or before a change) or single-file mode keep `uri`, inside `root`, out. */
    static excludedBy(root: WorkspaceRoot, rules: Ignore | undefined, uri: URI, isFolder: boolean): boolean {
        const path = UriUtils.relative(root.uri, uri);
        if (!path || path.startsWith('..')) {
            return false;
        }
        if (isFolder && !root.recursive) {
            return true;
        }
        return rules?.ignores(isFolder ? `${path}/` : path) ?? false;
    }

    /** Whether `uri` is the `.cjmignore` of a root. */
    isIgnoreFile(uri: URI): boolean {
        return this.roots.some(root => UriUtils.equals(UriUtils.joinPath(root.uri, IGNORE_FILE), uri));
    }

    /** The innermost root containing `uri` (or equal to it). */
    rootOf(uri: URI): WorkspaceRoot | undefined {
        const containing = this.roots.filter(root => UriUtils.equals(root.uri, uri) || UriUtils.contains(root.uri, uri));
        return containing.sort((a, b) => b.uri.path.length - a.uri.path.length)[0];
    }

    private async readIgnoreFile(folder: URI): Promise<Ignore | undefined> {
        const file = UriUtils.joinPath(folder, IGNORE_FILE);
        if (!await this.fileSystem.exists(file)) {
            return undefined;
        }
        try {
            return ignore().add(await this.fileSystem.readFile(file));
        } catch (error) {
            console.warn(`CJM: cannot read ${file.fsPath} (${error instanceof Error ? error.message : String(error)}); nothing is ignored in ${folder.fsPath}.`);
            return undefined;
        }
    }
}

/**
 * Whether a client's root is a URI a file system can be asked about: `file:` for the Node server,
 * and `vscode-vfs:`, `vscode-remote:` and the like in the browser (github.dev, code-server), whose
 * client reads them. Whether the folder is there is asked later (`open`), of the server's file system.
 */
function isFolderUri(uri: string): boolean {
    try {
        const parsed = URI.parse(uri, true);
        return /^[a-z][a-z0-9+.-]+$/i.test(parsed.scheme) && parsed.path.startsWith('/');
    } catch {
        return false;
    }
}

function basenameOf(uri: string): string {
    return UriUtils.basename(URI.parse(uri));
}
