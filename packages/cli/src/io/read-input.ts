import { open, readFile, stat } from 'node:fs/promises';
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
    return decodeText(bytes, shown);
}

/** Whether a file starts with a UTF-8 byte order mark (which readTextInput drops), so a rewrite can keep it. */
export async function startsWithBom(path: string): Promise<boolean> {
    const handle = await open(path, 'r');
    try {
        const { bytesRead, buffer } = await handle.read(Buffer.alloc(3), 0, 3, 0);
        return bytesRead === 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
    } finally {
        await handle.close();
    }
}

/** Standard input as text, with the same checks as a file (`shown` names it in messages). */
export async function readStandardInput(shown: string): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) {
        chunks.push(chunk as Buffer);
    }
    return decodeText(Buffer.concat(chunks), shown);
}

function decodeText(bytes: Buffer, shown: string): string {
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

/** The offset (0-based) where the first malformed UTF-8 sequence starts, so the user can find it in a hex editor. */
function firstInvalidUtf8Byte(bytes: Uint8Array): number {
    for (let i = 0; i < bytes.length;) {
        const length = sequenceLength(bytes[i]);
        if (length === 0 || i + length > bytes.length) {
            return i;
        }
        for (let k = 1; k < length; k++) {
            if ((bytes[i + k] & 0xc0) !== 0x80) {
                return i;
            }
        }
        // Overlong forms and surrogates are also invalid; the decoder rejected the text, so re-check this sequence alone.
        if (length > 1 && !decodesAsUtf8(bytes.subarray(i, i + length))) {
            return i;
        }
        i += length;
    }
    return bytes.length;
}

function sequenceLength(lead: number): number {
    if (lead < 0x80) {
        return 1;
    }
    if (lead >= 0xc2 && lead <= 0xdf) {
        return 2;
    }
    if (lead >= 0xe0 && lead <= 0xef) {
        return 3;
    }
    if (lead >= 0xf0 && lead <= 0xf4) {
        return 4;
    }
    return 0;
}

function decodesAsUtf8(bytes: Uint8Array): boolean {
    try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        return true;
    } catch {
        return false;
    }
}
