import type { Stats } from 'node:fs';
import { basename } from 'node:path';
import type { FSWatcher } from 'chokidar';
import { watch } from 'chokidar';
import type { Ignore } from 'ignore';
import { URI, UriUtils } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { FileEvent, InitializeParams } from 'vscode-languageserver';
import { FileChangeType } from 'vscode-languageserver';
import type { CjmWorkspaceManager } from '../cjm-workspace-manager.js';
import type { WorkspaceRoot } from './workspace-roots.js';

/** How long the disk must be quiet before a burst of changes (a `git checkout`) updates the index. */
export const WATCH_DEBOUNCE_MS = 100;

interface RootWatch {
    watcher: FSWatcher;
    /** The `.cjmignore` rules the watcher was set up with: new rules need a new scan. */
    rules?: Ignore;
}

/**
 * Watches the workspace roots on disk for a client that cannot (no dynamic registration of
 * `workspace/didChangeWatchedFiles`, as Neovim before 0.9): created, changed and deleted `.cjm`
 * files and each root's `.cjmignore` are reported, after a quiet interval, to the document update
 * handler exactly as a client's notifications would be. Folders the workspace skips (dependencies,
 * build output, hidden folders, what `.cjmignore` excludes) are never watched. When the client
 * watches files itself, nothing is watched here.
 */
export class CjmFileWatcher {
    private readonly watches = new Map<string, RootWatch>();
    private readonly announced = new Set<string>();
    private readonly pending = new Map<string, FileChangeType>();
    private timer?: NodeJS.Timeout;
    private failed = false;
    private closed = false;
    private readonly workspaceManager: CjmWorkspaceManager;

    constructor(private readonly services: LangiumSharedServices) {
        this.workspaceManager = services.workspace.WorkspaceManager as CjmWorkspaceManager;
        let clientWatches = false;
        services.lsp.LanguageServer.onInitialize((params: InitializeParams) => {
            clientWatches = Boolean(params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration);
        });
        services.lsp.LanguageServer.onInitialized(() => {
            if (clientWatches) {
                console.info('CJM: the client reports file changes; the server watches nothing itself.');
                return;
            }
            this.workspaceManager.ready.then(() => {
                this.workspaceManager.roots.onDidChange(() => this.watchRoots());
                this.watchRoots();
            }).catch((error: unknown) => console.error('CJM: cannot watch the workspace:', error));
        });
    }

    /** Stops watching (on shutdown). */
    async close(): Promise<void> {
        this.closed = true;
        clearTimeout(this.timer);
        await Promise.all([...this.watches.values()].map(({ watcher }) => watcher.close()));
        this.watches.clear();
    }

    /** Starts a watcher for each root that has none, and a fresh one where `.cjmignore` changed. */
    private watchRoots(): void {
        if (this.closed) {
            return;
        }
        for (const root of this.workspaceManager.roots.all) {
            const key = root.uri.toString();
            const existing = this.watches.get(key);
            if (existing && existing.rules === root.rules) {
                continue;
            }
            // The old watcher (which skipped folders the new rules include) runs until the new one
            // has scanned the tree, so that no change in between is missed; a change both report is queued once.
            const watcher = this.watchRoot(root, () => void existing?.watcher.close());
            this.watches.set(key, { watcher, rules: root.rules });
        }
    }

    private watchRoot(root: WorkspaceRoot, onReady: () => void): FSWatcher {
        const folder = root.uri.fsPath;
        const watcher = watch(folder, {
            ignoreInitial: true,
            ignored: (path: string, stats?: Stats) => this.skips(root, path, stats),
            depth: root.recursive ? undefined : 0
        });
        watcher.on('all', (event, path) => {
            const type = event === 'add' ? FileChangeType.Created
                : event === 'change' ? FileChangeType.Changed
                    : event === 'unlink' || event === 'unlinkDir' ? FileChangeType.Deleted
                        : undefined;
            if (type !== undefined) {
                this.queue(URI.file(path).toString(), type);
            }
        });
        watcher.on('ready', () => {
            onReady();
            if (!this.announced.has(folder)) {
                this.announced.add(folder);
                console.info(`CJM: watching ${folder} for changes on disk (the client does not report them).`);
            }
        });
        watcher.on('error', (error: unknown) => {
            // Typically the inotify limit (ENOSPC) or too many open files: say so once, keep serving.
            if (!this.failed) {
                this.failed = true;
                console.error(`CJM: watching ${folder} failed (${error instanceof Error ? error.message : String(error)}); changes on disk may be missed until the server restarts.`);
            }
        });
        return watcher;
    }

    /** Whether chokidar skips a path. Without stats (asked first) only the name can decide. */
    private skips(root: WorkspaceRoot, path: string, stats?: Stats): boolean {
        const uri = URI.file(path);
        if (UriUtils.equals(uri, root.uri) || this.workspaceManager.roots.isIgnoreFile(uri)) {
            return false;
        }
        if (!stats) {
            return basename(path).startsWith('.');
        }
        const isDirectory = stats.isDirectory();
        if (!isDirectory && !stats.isFile()) {
            return true;
        }
        return !this.workspaceManager.shouldIncludeEntry({ uri, isDirectory, isFile: !isDirectory });
    }

    private queue(uri: string, type: FileChangeType): void {
        const before = this.pending.get(uri);
        // A file deleted and created again within one burst has changed.
        this.pending.set(uri, before === FileChangeType.Deleted && type === FileChangeType.Created ? FileChangeType.Changed : type);
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.flush(), WATCH_DEBOUNCE_MS);
    }

    private flush(): void {
        const changes: FileEvent[] = [...this.pending].map(([uri, type]) => ({ uri, type }));
        this.pending.clear();
        if (changes.length > 0 && !this.closed) {
            this.services.lsp.DocumentUpdateHandler.didChangeWatchedFiles?.({ changes });
        }
    }
}
