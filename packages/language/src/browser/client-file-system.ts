import type { FileSystemNode, FileSystemProvider } from 'langium';
import { URI } from 'langium';
import type { Connection } from 'vscode-languageserver';
import type { FindFilesParams, ReadFileParams, StatParams, StatResult } from './workspace-files-protocol.js';
import { FIND_FILES_REQUEST, READ_FILE_REQUEST, STAT_REQUEST } from './workspace-files-protocol.js';

/**
 * The web-worker server's file system: every read is a request to the language client, which
 * answers from VS Code's workspace (see workspace-files-protocol.ts). Langium reads files only
 * asynchronously; the synchronous variants exist for its interface and say why they fail.
 */
export class ClientFileSystemProvider implements FileSystemProvider {
    constructor(private readonly connection: Connection) {}

    /** The `.cjm` files under `folder`, as the client's `workspace.findFiles` lists them. */
    async findFiles(folder: URI): Promise<URI[]> {
        const params: FindFilesParams = { folder: folder.toString() };
        const uris = await this.connection.sendRequest<string[]>(FIND_FILES_REQUEST, params);
        return uris.map((uri) => URI.parse(uri));
    }

    async stat(uri: URI): Promise<FileSystemNode> {
        const params: StatParams = { uri: uri.toString() };
        const result = await this.connection.sendRequest<StatResult | null>(STAT_REQUEST, params);
        if (!result) {
            throw new Error(`${uri.toString()} does not exist`);
        }
        return { uri, isFile: result.isFile, isDirectory: result.isDirectory };
    }

    async exists(uri: URI): Promise<boolean> {
        const params: StatParams = { uri: uri.toString() };
        return (await this.connection.sendRequest<StatResult | null>(STAT_REQUEST, params)) !== null;
    }

    readFile(uri: URI): Promise<string> {
        const params: ReadFileParams = { uri: uri.toString() };
        return this.connection.sendRequest<string>(READ_FILE_REQUEST, params);
    }

    async readBinary(uri: URI): Promise<Uint8Array> {
        return new TextEncoder().encode(await this.readFile(uri));
    }

    /** The workspace manager lists a whole tree with one `findFiles` instead of walking its folders. */
    readDirectory(): Promise<FileSystemNode[]> {
        return Promise.reject(new Error('CJM web worker: folders are listed with findFiles, not read one by one'));
    }

    statSync(): FileSystemNode {
        throw noSyncAccess();
    }

    existsSync(): boolean {
        throw noSyncAccess();
    }

    readBinarySync(): Uint8Array {
        throw noSyncAccess();
    }

    readFileSync(): string {
        throw noSyncAccess();
    }

    readDirectorySync(): FileSystemNode[] {
        throw noSyncAccess();
    }
}

function noSyncAccess(): Error {
    return new Error('CJM web worker: files are read from the editor over LSP, never synchronously');
}
