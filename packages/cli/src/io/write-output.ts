import { randomBytes } from 'node:crypto';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './cli-error.js';
import { displayPath } from './paths.js';

/**
 * Writes a file atomically: the content goes to a temporary file beside the target, which is then
 * renamed over it, so a reader (or a crash) never sees a half-written output.
 */
export async function writeOutputAtomically(path: string, content: string | Uint8Array): Promise<void> {
    const target = resolve(path);
    await assertWritableTarget(target);
    const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
        await writeFile(temp, content);
        await rename(temp, target);
    } catch (error) {
        await rm(temp, { force: true });
        throw new UsageError(`cannot write ${displayPath(target)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
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
