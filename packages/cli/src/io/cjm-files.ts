import { glob, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { UsageError } from './cli-error.js';
import { describeFsError } from './read-input.js';
import { displayPath } from './paths.js';
import { IGNORE_FILE, workspaceRootFor, type RootOptions, type WorkspaceRoot } from './workspace-root.js';

/** Folders never searched for .cjm files: dependencies, build output and dot-folders (.git, .vscode). */
const SKIPPED_FOLDERS = new Set(['node_modules', 'out', 'dist']);

/** What the user asked for on the command line, resolved to files, plus the roots to load for linking. */
export interface ResolvedTargets {
    /** Absolute paths of the requested .cjm files, sorted, without duplicates. */
    files: string[];
    /** The workspace roots whose .cjm files are loaded so references across files resolve. */
    roots: WorkspaceRoot[];
    /** Files named on the command line that `.cjmignore` excludes (skipped, as ESLint and Prettier do). */
    ignored: string[];
}

/**
 * Resolves paths, folders and glob patterns to .cjm files, each with its workspace root (see
 * workspaceRootFor). Folders are searched recursively; `.cjmignore` leaves files out of folders
 * and globs, and a file named on its own that it excludes is reported in `ignored`. Anything that
 * names nothing fails with a UsageError.
 */
export async function resolveTargets(args: string[], options: RootOptions = {}): Promise<ResolvedTargets> {
    const cwd = options.cwd ?? process.cwd();
    const files = new Set<string>();
    const ignored = new Set<string>();
    const roots = new Map<string, WorkspaceRoot>();
    const add = (root: WorkspaceRoot) => roots.set(root.folder, root);
    for (const arg of args) {
        const absolute = resolve(cwd, arg);
        const info = await stat(absolute).catch((error: NodeJS.ErrnoException) => error);
        if (!(info instanceof Error)) {
            const root = await workspaceRootFor(absolute, options, info.isDirectory());
            add(root);
            if (info.isDirectory()) {
                const found = await findCjmFiles(absolute, root);
                if (found.length === 0) {
                    throw new UsageError(`no .cjm files in ${displayPath(absolute)}${root.ignores(absolute, true) ? ` (${IGNORE_FILE} excludes it)` : ''}`);
                }
                found.forEach(file => files.add(file));
            } else if (!absolute.endsWith('.cjm')) {
                // As Prettier does for a file it has no parser for: say so rather than report its text as 1,000 syntax errors.
                throw new UsageError(`${displayPath(absolute)} is not a .cjm file; to check its text as one, use: cjm check - --stdin-filename NAME.cjm < ${displayPath(absolute)}`);
            } else if (root.ignores(absolute)) {
                ignored.add(absolute);
            } else {
                files.add(absolute);
            }
            continue;
        }
        if (info.code !== 'ENOENT' || !isGlob(arg)) {
            throw new UsageError(describeFsError(info, displayPath(absolute)));
        }
        const root = await workspaceRootFor(cwd, options, true);
        add(root);
        const matches = (await expandGlob(arg, cwd)).filter(file => !root.ignores(file));
        if (matches.length === 0) {
            throw new UsageError(`no .cjm files match ${arg}`);
        }
        matches.forEach(file => files.add(file));
    }
    return { files: [...files].sort(), roots: minimalRoots([...roots.values()]), ignored: [...ignored].sort() };
}

/** Every .cjm file under a folder, skipping node_modules, out, dist, dot-folders and what the root's `.cjmignore` excludes. */
export async function findCjmFiles(folder: string, root?: WorkspaceRoot): Promise<string[]> {
    const found: string[] = [];
    const walk = async (current: string): Promise<void> => {
        const entries = await readdir(current, { withFileTypes: true }).catch(() => []);
        for (const entry of entries) {
            const path = join(current, entry.name);
            if (entry.isDirectory()) {
                if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name) && !root?.ignores(path, true)) {
                    await walk(path);
                }
            } else if (entry.isFile() && entry.name.endsWith('.cjm') && !root?.ignores(path)) {
                found.push(path);
            }
        }
    };
    await walk(folder);
    return found.sort();
}

/** Whether a path from a root (`/`-separated) lies where .cjm files are searched: in no node_modules, out, dist or dot-folder. */
export function isSearchedPath(fromRoot: string): boolean {
    const folders = fromRoot.split('/').slice(0, -1);
    return !folders.some(name => name.startsWith('.') || SKIPPED_FOLDERS.has(name));
}

/** Whether a command-line argument is a glob pattern rather than a plain path. */
export function isGlob(arg: string): boolean {
    return /[*?[\]{}]/.test(arg);
}

async function expandGlob(pattern: string, cwd: string): Promise<string[]> {
    const matches: string[] = [];
    for await (const match of glob(pattern, { cwd, exclude: name => SKIPPED_FOLDERS.has(String(name)) })) {
        const absolute = resolve(cwd, match);
        if (absolute.endsWith('.cjm') && !relative(cwd, absolute).split(sep).some(part => part.startsWith('.') && part !== '..')) {
            matches.push(absolute);
        }
    }
    return matches;
}

function isInside(path: string, folder: string): boolean {
    const fromFolder = relative(folder, path);
    return fromFolder !== '' && !fromFolder.startsWith('..') && !fromFolder.startsWith(sep);
}

/** Drops roots that lie inside another root, so no file is loaded twice. */
function minimalRoots(roots: WorkspaceRoot[]): WorkspaceRoot[] {
    return roots.filter(root => !roots.some(other => other !== root && isInside(root.folder, other.folder)));
}
