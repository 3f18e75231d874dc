import { randomBytes } from 'node:crypto';
import { chmod, chown, lstat, readlink, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './cli-error.js';
import { displayPath } from './paths.js';

/** Symbolic links followed before giving up (the kernel's own limit for path resolution is 40). */
const MAX_SYMLINKS = 40;

/**
 * Writes a file atomically: the content goes to a temporary file beside the target, which is then
 * renamed over it, so a reader (or a crash) never sees a half-written output. A symbolic link is
 * written through (its target changes, the link stays), and an existing file keeps its mode (and,
 * when run as root, its owner).
 */
export async function writeOutputAtomically(path: string, content: string | Uint8Array): Promise<void> {
    const target = await followSymlinks(resolve(path));
    await assertWritableTarget(target);
    const existing = await stat(target).catch(() => undefined);
    const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
        await writeFile(temp, content, { flag: 'wx' });
        if (existing) {
            // writeFile's mode is narrowed by the umask; chmod sets the file's own bits exactly.
            await chmod(temp, existing.mode & 0o7777);
            if (process.getuid?.() === 0) {
                // Root formatting someone's file must not hand it to root; a file system without owners refuses, harmlessly.
                await chown(temp, existing.uid, existing.gid).catch(() => undefined);
            }
        }
        await rename(temp, target);
    } catch (error) {
        await rm(temp, { force: true });
        throw new UsageError(`cannot write ${displayPath(target)}: ${describeWriteError(error)}`);
    }
}

/** Fails with a clear line when the output's folder is missing or the output is a directory. */
export async function assertWritableTarget(path: string): Promise<void> {
    const target = resolve(path);
    const folder = dirname(target);
    const folderInfo = await stat(folder).catch(() => undefined);
    if (!folderInfo) {
        throw new UsageError(`output folder does not exist: ${displayPath(folder)}`);
    }
    if (!folderInfo.isDirectory()) {
        throw new UsageError(`output folder is not a directory: ${displayPath(folder)}`);
    }
    const targetInfo = await stat(target).catch(() => undefined);
    if (targetInfo?.isDirectory()) {
        throw new UsageError(`${displayPath(target)} is a directory, expected a file`);
    }
}

/** The file a path finally names, following symbolic links (also a dangling one, whose target is then created). */
async function followSymlinks(path: string): Promise<string> {
    let current = path;
    for (let hops = 0; hops < MAX_SYMLINKS; hops++) {
        const info = await lstat(current).catch(() => undefined);
        if (!info?.isSymbolicLink()) {
            return current;
        }
        current = resolve(dirname(current), await readlink(current));
    }
    throw new UsageError(`cannot write ${displayPath(path)}: too many levels of symbolic links`);
}

function describeWriteError(error: unknown): string {
    const failure = error as NodeJS.ErrnoException;
    switch (failure.code) {
        case 'EACCES':
        case 'EPERM': return 'permission denied';
        case 'ENOSPC': return 'no space left on the device';
        case 'EFBIG': return 'file too large';
        case 'EROFS': return 'read-only file system';
        default: return failure.code ?? failure.message;
    }
}

/** A command's result: to `output` (atomically) when given, else to standard output. */
export async function emitResult(content: string | Uint8Array, output: string | undefined): Promise<void> {
    if (output) {
        await writeOutputAtomically(output, content);
    } else {
        process.stdout.write(content);
    }
}
