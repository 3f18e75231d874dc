import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { UsageError } from './cli-error.js';
import { displayPath } from './paths.js';

/** The ignore file at a workspace root, in gitignore syntax. */
export const IGNORE_FILE = '.cjmignore';

/** A workspace root: the folder whose .cjm files load together, and what its `.cjmignore` leaves out. */
export interface WorkspaceRoot {
    folder: string;
    /** Whether `.cjmignore` excludes an absolute path (a folder when `isFolder`); paths outside the root are never excluded. */
    ignores(path: string, isFolder?: boolean): boolean;
    /** The rule that excludes a path, for messages (`test/fixtures/`). */
    ruleFor(path: string): string | undefined;
}

/** How the workspace root is chosen: an explicit `--root`, and whether `.cjmignore` applies (`--no-ignore`). */
export interface RootOptions {
    cwd?: string;
    root?: string;
    ignore?: boolean;
}

/**
 * The workspace root for a file or folder, as ESLint and Prettier find their configuration: the
 * folder given with `--root`, else the nearest folder at or above it holding `.git` (the
 * repository), else the current folder when the path lies inside it, else the path's own folder
 * (a folder argument is then its own root).
 */
export async function workspaceRootFor(path: string, options: RootOptions = {}, isFolder = false): Promise<WorkspaceRoot> {
    const cwd = options.cwd ?? process.cwd();
    let folder: string;
    if (options.root !== undefined) {
        folder = resolve(cwd, options.root);
        const info = await stat(folder).catch(() => undefined);
        if (!info?.isDirectory()) {
            throw new UsageError(`--root ${displayPath(folder)} is not a folder`);
        }
    } else {
        const start = isFolder ? path : dirname(path);
        folder = await repositoryTop(start) ?? (isInsideOrSame(path, cwd) ? cwd : start);
    }
    return loadRoot(folder, options.ignore ?? true);
}

/** The nearest folder at or above `start` holding `.git` (a folder, or a file in worktrees and submodules). */
export async function repositoryTop(start: string): Promise<string | undefined> {
    for (let folder = resolve(start); ; folder = dirname(folder)) {
        if (await stat(join(folder, '.git')).then(() => true, () => false)) {
            return folder;
        }
        if (dirname(folder) === folder) {
            return undefined;
        }
    }
}

const roots = new Map<string, Promise<WorkspaceRoot>>();

/** The root at a folder with its `.cjmignore` read (once per folder and run). */
export function loadRoot(folder: string, useIgnoreFile = true): Promise<WorkspaceRoot> {
    const key = `${useIgnoreFile}:${folder}`;
    let root = roots.get(key);
    if (!root) {
        root = (async () => {
            const rules = useIgnoreFile ? await readIgnoreFile(folder) : undefined;
            return rules ? rootWithRules(folder, rules) : { folder, ignores: () => false, ruleFor: () => undefined };
        })();
        roots.set(key, root);
    }
    return root;
}

async function readIgnoreFile(folder: string): Promise<Ignore | undefined> {
    const path = join(folder, IGNORE_FILE);
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') {
            return undefined;
        }
        throw new UsageError(`cannot read ${displayPath(path)}: ${error.code ?? error.message}`);
    });
    return text === undefined ? undefined : ignore().add(text);
}

function rootWithRules(folder: string, rules: Ignore): WorkspaceRoot {
    const relativePath = (path: string, isFolder: boolean): string | undefined => {
        const fromRoot = relative(folder, path);
        if (fromRoot === '' || fromRoot.startsWith('..') || isAbsolute(fromRoot)) {
            return undefined;
        }
        const posix = fromRoot.split(sep).join('/');
        return isFolder ? `${posix}/` : posix;
    };
    return {
        folder,
        ignores: (path, isFolder = false) => {
            const fromRoot = relativePath(path, isFolder);
            return fromRoot !== undefined && rules.ignores(fromRoot);
        },
        ruleFor: path => {
            const fromRoot = relativePath(path, false);
            return fromRoot === undefined ? undefined : rules.test(fromRoot).rule?.pattern;
        }
    };
}

function isInsideOrSame(path: string, folder: string): boolean {
    const fromFolder = relative(folder, path);
    return !fromFolder.startsWith('..') && !isAbsolute(fromFolder);
}

/** ESLint's warning for a file named on the command line that the ignore file excludes. */
export function warnIgnored(ignored: string[], roots: WorkspaceRoot[]): void {
    for (const file of ignored) {
        const rule = roots.map(root => root.ruleFor(file)).find(Boolean);
        process.stderr.write(`cjm: warning: ${displayPath(file)} is ignored by ${IGNORE_FILE}${rule ? ` (${rule})` : ''}; use --no-ignore to include it\n`);
    }
}
