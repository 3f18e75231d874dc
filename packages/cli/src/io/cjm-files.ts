import { glob, readdir, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { UsageError } from './cli-error.js';
import { describeFsError } from './read-input.js';
import { displayPath } from './paths.js';

/** Folders never searched for .cjm files: dependencies, build output and dot-folders (.git, .vscode). */
const SKIPPED_FOLDERS = new Set(['node_modules', 'out', 'dist']);

/** What the user asked for on the command line, resolved to files, plus the roots to load for linking. */
export interface ResolvedTargets {
    /** Absolute paths of the requested .cjm files, sorted, without duplicates. */
    files: string[];
    /** Absolute folders whose .cjm files are loaded so references across files resolve. */
    roots: string[];
}

/**
 * Resolves paths, folders and glob patterns to .cjm files. A folder is searched recursively and
 * becomes a workspace root; files and globs use the current folder as root (or the file's own
 * folder when it lies outside). Anything that names nothing fails with a UsageError.
 */
export async function resolveTargets(args: string[], cwd = process.cwd()): Promise<ResolvedTargets> {
    const files = new Set<string>();
    const roots = new Set<string>();
    for (const arg of args) {
        const absolute = resolve(cwd, arg);
        const info = await stat(absolute).catch((error: NodeJS.ErrnoException) => error);
        if (!(info instanceof Error)) {
            if (info.isDirectory()) {
                const found = await findCjmFiles(absolute);
                if (found.length === 0) {
                    throw new UsageError(`no .cjm files in ${displayPath(absolute)}`);
                }
                found.forEach(file => files.add(file));
                roots.add(absolute);
            } else {
                files.add(absolute);
                roots.add(isInside(absolute, cwd) ? cwd : dirname(absolute));
            }
            continue;
        }
        if (info.code !== 'ENOENT' || !isGlob(arg)) {
            throw new UsageError(describeFsError(info, displayPath(absolute)));
        }
        const matches = await expandGlob(arg, cwd);
        if (matches.length === 0) {
            throw new UsageError(`no .cjm files match ${arg}`);
        }
        matches.forEach(file => files.add(file));
        roots.add(cwd);
    }
    return { files: [...files].sort(), roots: minimalRoots([...roots]) };
}

/** Every .cjm file under a folder, skipping node_modules, out, dist and dot-folders. */
export async function findCjmFiles(root: string): Promise<string[]> {
    const found: string[] = [];
    const walk = async (folder: string): Promise<void> => {
        const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
        for (const entry of entries) {
            const path = join(folder, entry.name);
            if (entry.isDirectory()) {
                if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) {
                    await walk(path);
                }
            } else if (entry.isFile() && entry.name.endsWith('.cjm')) {
                found.push(path);
            }
        }
    };
    await walk(root);
    return found.sort();
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
function minimalRoots(roots: string[]): string[] {
    return roots.filter(root => !roots.some(other => other !== root && isInside(root, other)));
}
