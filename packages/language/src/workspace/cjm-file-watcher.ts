import type { Stats } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { FSWatcher } from 'chokidar';
import { watch } from 'chokidar';
import type { Ignore } from 'ignore';
import { URI, UriUtils } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { FileEvent, InitializeParams } from 'vscode-languageserver';
import { FileChangeType } from 'vscode-languageserver';
import type { CjmWorkspaceManager } from './cjm-workspace-manager.js';
import type { WorkspaceRoot } from './workspace-roots.js';
import { WorkspaceRoots } from './workspace-roots.js';

/** How long the disk must be quiet before a burst of changes (a `git checkout`) updates the index. */
export const WATCH_DEBOUNCE_MS = 100;

interface RootWatch {
    watcher: FSWatcher;
    /** The `.cjmignore` rules the watcher last followed. */
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

    /** Starts a watcher for each root that has none, and brings one up to date where `.cjmignore` changed. */
    private watchRoots(): void {
        if (this.closed) {
            return;
        }
        for (const root of this.workspaceManager.roots.all) {
            const key = root.uri.toString();
            const existing = this.watches.get(key);
            if (!existing) {
                this.watches.set(key, { watcher: this.watchRoot(root), rules: root.rules });
            } else if (existing.rules !== root.rules) {
                const before = existing.rules;
                existing.rules = root.rules;
                this.followRules(root, existing.watcher, before).catch((error: unknown) => console.error(`CJM: watching ${root.uri.fsPath} anew failed:`, error));
            }
        }
    }

    /**
     * After `.cjmignore` changed: stops watching what it now excludes and starts watching what it
     * excluded before. The root's watcher stays open throughout (a new one would miss the changes
     * made while it scans), and its filter reads the rules in force, so only this walk is needed.
     */
    private async followRules(root: WorkspaceRoot, watcher: FSWatcher, before: Ignore | undefined): Promise<void> {
        const walk = async (folder: string): Promise<void> => {
            const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
            for (const entry of entries) {
                const path = join(folder, entry.name);
                const uri = URI.file(path);
                const isDirectory = entry.isDirectory();
                if (!isDirectory && !entry.isFile()) {
                    continue;
                }
                const excludedNow = WorkspaceRoots.excludedBy(root, root.rules, uri, isDirectory);
                const excludedBefore = WorkspaceRoots.excludedBy(root, before, uri, isDirectory);
                const included = !excludedNow && this.workspaceManager.shouldIncludeEntry({ uri, isDirectory, isFile: !isDirectory });
                if (excludedNow && !excludedBefore) {
                    watcher.unwatch(path);
                } else if (included && excludedBefore) {
                    watcher.add(path);
                } else if (included && isDirectory) {
                    await walk(path);
                }
            }
        };
        await walk(root.uri.fsPath);
    }

    private watchRoot(root: WorkspaceRoot): FSWatcher {
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
