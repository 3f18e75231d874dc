import { readFile, stat } from 'node:fs/promises';
import { UsageError } from './cli-error.js';
import { displayPath } from './paths.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Reads a text input the user named, turning every way it can be wrong (missing, a directory,
 * unreadable, binary, not UTF-8) into a one-line UsageError that names the file.
 */
export async function readTextInput(path: string): Promise<string> {
    const shown = displayPath(path);
    let info;
    try {
        info = await stat(path);
    } catch (error) {
        throw new UsageError(describeFsError(error, shown));
    }
    if (info.isDirectory()) {
        throw new UsageError(`${shown} is a directory, expected a file`);
    }
    let bytes: Buffer;
    try {
        bytes = await readFile(path);
    } catch (error) {
        throw new UsageError(describeFsError(error, shown));
    }
    // A NUL byte never occurs in text a person wrote; it is the cheapest reliable sign of a binary file.
    if (bytes.includes(0)) {
        throw new UsageError(`${shown} is a binary file, not text`);
    }
    try {
        return utf8.decode(bytes);
    } catch {
        throw new UsageError(`${shown} is not valid UTF-8 (at byte ${firstInvalidUtf8Byte(bytes)})`);
    }
}

/** A file-system error as a short phrase naming the file. */
export function describeFsError(error: unknown, shown: string): string {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    switch (code) {
        case 'ENOENT': return `no such file or directory: ${shown}`;
        case 'EACCES':
        case 'EPERM': return `cannot read ${shown}: permission denied`;
        case 'EISDIR': return `${shown} is a directory, expected a file`;
        case 'ENOTDIR': return `${shown}: a part of the path is not a directory`;
        default: return `cannot read ${shown}: ${(error as Error | undefined)?.message ?? String(error)}`;
    }
}

/** The offset of the first byte that breaks UTF-8, so the user can find it in a hex editor. */
function firstInvalidUtf8Byte(bytes: Uint8Array): number {
    let low = 0;
    let high = bytes.length;
    // Binary search on prefixes: a prefix decodes while it ends before the bad byte (modulo a cut sequence).
    while (low < high) {
        const middle = (low + high) >> 1;
        if (decodesAsUtf8(bytes.subarray(0, middle + 1))) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    return low;
}

function decodesAsUtf8(bytes: Uint8Array): boolean {
    try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
        return true;
    } catch {
        return false;
    }
}
